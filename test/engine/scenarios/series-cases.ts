/**
 * Series divergences the chaos run found (issue 18), each reduced to the sequence a person goes through: moves,
 * renames and cancels of one series on both sides between syncs.
 */
import { z } from 'zod';
import {
  deleteOutlook,
  occurrenceId,
  odooDaily,
  odooSingle,
  odooUnlink,
  odooWrite,
  outlookDaily,
  outlookTimes,
  patchOutlook,
  shifted,
} from './acts';
import { expectSettled, standingTrouble, syncClean } from './checks';
import type { Scenario } from './scenario';
import { dayFromToday, erpRows, erpSeries, outlookItems, type OdooRow, type ScenarioWorld } from './world';

/** Odoo moves the whole series by `hours` (all_events: Odoo makes a new recurrence); returns its first row before. */
async function moveOdooSeries(w: ScenarioWorld, tag: string, hours: number): Promise<OdooRow> {
  const [first] = await erpRows(w, tag);
  if (first === undefined) throw new Error(`${tag}: no ERP event to move`);
  await odooWrite(w, [first.id], {
    start: shifted(first.start, hours),
    stop: shifted(first.stop, hours),
    recurrence_update: 'all_events',
  });
  return first;
}

const FieldsConflict = z.object({ kind: z.literal('fields'), fields: z.array(z.string()) });

const CASES: Scenario[] = [
  {
    name: 'an occurrence moved in Outlook, then the series renamed in Odoo (all events): both sides hold the rename and the move',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(40), 5);
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 0), outlookTimes(dayFromToday(40), 11));
      await syncClean(w);
      const first = (await erpRows(w, tag))[0]!;
      await odooWrite(w, [first.id], { name: `${tag} renamed`, recurrence_update: 'all_events' });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 5);
      expect(lines.filter((l) => l.startsWith(`${tag} renamed @`))).toHaveLength(5);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'different occurrences cancelled on each side between two syncs: both cancels apply, no conflict',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(41), 5);
      await syncClean(w);
      await deleteOutlook(w, await occurrenceId(w, master, 1));
      await odooUnlink(w, [(await erpRows(w, tag))[3]!.id]);
      await syncClean(w);
      await expectSettled(w, tag, 3);
    },
  },
  {
    name: 'an occurrence cancelled in Odoo while the series is renamed in Outlook, then the series moved in Odoo',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(44), 4);
      await syncClean(w);
      await odooUnlink(w, [(await erpRows(w, tag))[2]!.id]);
      await patchOutlook(w, master, { subject: `${tag} renamed` });
      await syncClean(w);
      await moveOdooSeries(w, tag, 1);
      await syncClean(w);
      await expectSettled(w, tag);
    },
  },
  {
    name: 'an occurrence moved in Outlook keeps following the series title: renamed in Outlook, then in Odoo',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(46), 4);
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 1), outlookTimes(dayFromToday(47), 12));
      await syncClean(w);
      await patchOutlook(w, master, { subject: `${tag} renamed` });
      await syncClean(w);
      let lines = await expectSettled(w, tag, 4);
      expect(lines.filter((l) => l.startsWith(`${tag} renamed @`))).toHaveLength(4);
      const rows = await erpRows(w, tag);
      await odooWrite(w, [rows[0]!.id], { name: `${tag} again`, recurrence_update: 'all_events' });
      await syncClean(w);
      lines = await expectSettled(w, tag, 4);
      expect(lines.filter((l) => l.startsWith(`${tag} again @`))).toHaveLength(4);
    },
  },
  {
    name: 'a single event made recurring in Odoo (a new series that replaces it) becomes the series in Outlook, once',
    run: async (w, tag) => {
      const id = await odooSingle(w, `${tag} weekly`, dayFromToday(48));
      await syncClean(w);
      const [single] = await outlookItems(w, tag);
      await odooWrite(w, [id], { recurrency: true, rrule: 'FREQ=DAILY;COUNT=3', event_tz: 'Europe/Paris' });
      await syncClean(w);
      await expectSettled(w, tag, 3);
      // The person's Outlook event became the series: never deleted and made again.
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ type: 'seriesMaster', id: single!.id })]);
    },
  },
  {
    name: 'an occurrence renamed in Outlook while Odoo moves the whole series (a new recurrence): one series each side',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(50), 5);
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 2), { subject: `${tag} occ` });
      const first = await moveOdooSeries(w, tag, 1);
      await syncClean(w);
      const lines = await expectSettled(w, tag, 5);
      // The person's rename is kept, on the third occurrence, moved an hour with its series (January: no DST).
      const day = (n: number) =>
        shifted(first.start, 1 + 24 * n)
          .slice(0, 16)
          .replace(' ', 'T');
      expect(lines).toEqual([0, 1, 2, 3, 4].map((n) => `${tag} ${n === 2 ? 'occ' : 'daily'} @ ${day(n)}`));
      expect(await erpSeries(w, tag)).toHaveLength(1);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master })]);
    },
  },
  {
    name: 'a series just copied to Odoo and moved there (a new recurrence) before the next sync: Outlook moves its series, never a second one',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(50), 5);
      await syncClean(w);
      await moveOdooSeries(w, tag, 1);
      await syncClean(w);
      await expectSettled(w, tag, 5);
      expect(await erpSeries(w, tag)).toHaveLength(1);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master })]);
    },
  },
  {
    name: "an occurrence moved in Outlook while Odoo moves the whole series, the person keeps Odoo's times and Outlook's occurrences (chaos seed 2, c68)",
    run: async (w, tag) => {
      const date = dayFromToday(56);
      const master = await outlookDaily(w, `${tag} daily`, date, 5);
      await syncClean(w);
      const third = await occurrenceId(w, master, 2);
      const thirdDate = dayFromToday(58);
      await patchOutlook(w, third, { ...outlookTimes(thirdDate, 16), subject: `${tag} occ` });
      await moveOdooSeries(w, tag, 1);
      const conflicted = await syncClean(w);
      expect(conflicted.conflicts).toHaveLength(1);
      const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.outlookId === master)!;
      expect(row.conflict).toMatchObject({ kind: 'fields', fields: ['timing', 'recurrence'] });
      await w.store.mappings.update(w.mailbox.id, row.id, {
        resolution: {
          choices: { timing: 'erp', recurrence: 'outlook' },
          conflict: row.conflict,
          chosenAt: new Date().toISOString(),
        },
      });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 5);
      // The person's moved occurrence is kept, moved on by the hour the series moved (16:00 -> 17:00 Paris).
      expect(lines.filter((l) => l.startsWith(`${tag} occ @`))).toEqual([`${tag} occ @ ${thirdDate}T16:00`]);
    },
  },
  {
    name: "an Odoo series moved there while Outlook cancels and renames its occurrences, the person keeps Outlook's occurrences: one series each side (chaos seed 2, c68 duplicated)",
    run: async (w, tag) => {
      await odooDaily(w, `${tag} daily`, dayFromToday(60), 3);
      await syncClean(w);
      const [master] = await outlookItems(w, tag);
      const masterId = String(master!.id);
      await moveOdooSeries(w, tag, 2);
      await deleteOutlook(w, await occurrenceId(w, masterId, 2));
      await patchOutlook(w, await occurrenceId(w, masterId, 1), { subject: `${tag} occ` });
      const moved = await erpRows(w, tag);
      await odooWrite(w, [moved[2]!.id], { name: `${tag} erp occ`, recurrence_update: 'self_only' });
      const conflicted = await syncClean(w);
      expect(conflicted.conflicts).toHaveLength(1);
      const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.outlookId === masterId)!;
      // Whatever fields the conflict names, the person keeps Outlook's side of each.
      const { fields } = FieldsConflict.parse(row.conflict);
      await w.store.mappings.update(w.mailbox.id, row.id, {
        resolution: {
          choices: Object.fromEntries(fields.map((f) => [f, 'outlook'])),
          conflict: row.conflict,
          chosenAt: new Date().toISOString(),
        },
      });
      await syncClean(w);
      await expectSettled(w, tag);
      expect(await erpSeries(w, tag)).toHaveLength(1);
      expect(await standingTrouble(w)).toEqual([]);
    },
  },
];

/**
 * A world of their own: they run after issue 13's reset case, which deletes every ERP copy the shared mailbox paired
 * (the next run there holds those deletes for the admin and is partial).
 */
export const SERIES_CASES: Scenario[] = CASES.map((scenario) => ({ world: 'series', ...scenario }));
