/**
 * Odoo's own microsoft_calendar test list, as sequences a person goes through (each side where the person can do
 * it): a series of 7, rename one, rename all, move one, delete the first, delete a middle one, split "this and
 * following", delete all, an organizer change, capitals in e-mail addresses, an attendee without an e-mail.
 */
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
import { dayFromToday, erpRows, erpSeries, graph, outlookEvent, outlookItems, outlookLines } from './world';

const BOB_IN_CAPITALS = [{ emailAddress: { address: 'Bob@Contoso.EXAMPLE', name: 'Bob Kelly' }, type: 'required' }];

export const ODOO_LIST: Scenario[] = [
  {
    name: 'a series of 7 made in Outlook reaches the ERP as one series of 7',
    run: async (w, tag) => {
      await outlookDaily(w, `${tag} daily`, dayFromToday(8));
      await syncClean(w);
      await expectSettled(w, tag, 7);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'a series of 7 made in Odoo reaches Outlook as one series master of 7',
    run: async (w, tag) => {
      await odooDaily(w, `${tag} daily`, dayFromToday(8));
      await syncClean(w);
      await expectSettled(w, tag, 7);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ type: 'seriesMaster' })]);
    },
  },
  {
    name: 'renaming one occurrence in Outlook renames only that one in the ERP',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(9));
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 2), { subject: `${tag} daily (one)` });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.includes('(one)'))).toHaveLength(1);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'renaming one occurrence in Odoo renames only that one in Outlook',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(9));
      await syncClean(w);
      await odooWrite(w, [rows[2]!], { name: `${tag} daily (one)`, recurrence_update: 'self_only' });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.includes('(one)'))).toHaveLength(1);
    },
  },
  {
    name: 'renaming the whole series in Outlook renames every occurrence in the ERP',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(10));
      await syncClean(w);
      await patchOutlook(w, master, { subject: `${tag} all renamed` });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.every((l) => l.startsWith(`${tag} all renamed @`))).toBe(true);
    },
  },
  {
    name: 'renaming all events of a series in Odoo renames the Outlook series',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(10));
      await syncClean(w);
      await odooWrite(w, [rows[0]!], { name: `${tag} all renamed`, recurrence_update: 'all_events' });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.every((l) => l.startsWith(`${tag} all renamed @`))).toBe(true);
      expect(await outlookItems(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'moving one occurrence in Outlook moves only that one in the ERP',
    run: async (w, tag) => {
      const date = dayFromToday(11);
      const master = await outlookDaily(w, `${tag} daily`, date);
      await syncClean(w);
      await patchOutlook(w, await occurrenceId(w, master, 3), outlookTimes(dayFromToday(14), 15));
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.endsWith('T14:00'))).toHaveLength(1);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'moving one occurrence in Odoo moves only that one in Outlook',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(11));
      await syncClean(w);
      const [, , , fourth] = await erpRows(w, tag);
      await odooWrite(w, [rows[3]!], {
        start: shifted(fourth!.start, 4),
        stop: shifted(fourth!.stop, 4),
        recurrence_update: 'self_only',
      });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.endsWith('T13:00'))).toHaveLength(1);
      expect(await outlookItems(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'deleting the first occurrence in Outlook cancels it in the ERP; the series keeps its ids and a later edit stays',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(12));
      await syncClean(w);
      const [series] = await erpSeries(w, tag);
      await deleteOutlook(w, await occurrenceId(w, master, 0));
      await syncClean(w);
      await expectSettled(w, tag, 6);
      expect(await erpSeries(w, tag)).toEqual([series]);
      await patchOutlook(w, master, { subject: `${tag} daily later` });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 6);
      expect(lines.every((l) => l.startsWith(`${tag} daily later @`))).toBe(true);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master })]);
    },
  },
  {
    name: 'deleting the first occurrence in Odoo cancels it in Outlook; the Outlook series keeps its id',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(12));
      await syncClean(w);
      const [master] = await outlookItems(w, tag);
      await odooUnlink(w, [rows[0]!]);
      await syncClean(w);
      await expectSettled(w, tag, 6);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master!.id })]);
      await odooWrite(w, [rows[1]!], { name: `${tag} daily later`, recurrence_update: 'all_events' });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 6);
      expect(lines.every((l) => l.startsWith(`${tag} daily later @`))).toBe(true);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master!.id })]);
    },
  },
  {
    name: 'deleting a middle occurrence on either side cancels only it on the other',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(13));
      await syncClean(w);
      await deleteOutlook(w, await occurrenceId(w, master, 3));
      await syncClean(w);
      await expectSettled(w, tag, 6);
      const rows = await erpRows(w, tag);
      await odooUnlink(w, [rows[4]!.id]);
      await syncClean(w);
      await expectSettled(w, tag, 5);
      expect(await erpSeries(w, tag)).toHaveLength(1);
      expect(await outlookItems(w, tag)).toEqual([expect.objectContaining({ id: master })]);
    },
  },
  {
    name: 'splitting a series "this and following" in Odoo gives Outlook the shortened series and the new one, once',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(14));
      await syncClean(w);
      const [, , , fourth] = await erpRows(w, tag);
      await odooWrite(w, [rows[3]!], {
        start: shifted(fourth!.start, 2),
        stop: shifted(fourth!.stop, 2),
        recurrence_update: 'future_events',
      });
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.endsWith('T11:00'))).toHaveLength(4);
      expect(await erpSeries(w, tag)).toHaveLength(2);
      expect(await outlookItems(w, tag)).toHaveLength(2);
    },
  },
  {
    name: 'splitting a series "this and following" in Outlook (shortened master, new series) gives the ERP both, once',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(14));
      await syncClean(w);
      const { recurrence } = await graph<{ recurrence: { pattern: unknown } }>(w, 'GET', `/events/${master}`);
      await patchOutlook(w, master, {
        recurrence: {
          pattern: recurrence.pattern,
          range: { type: 'endDate', startDate: dayFromToday(14), endDate: dayFromToday(16) },
        },
      });
      await outlookDaily(w, `${tag} daily (later)`, dayFromToday(17), 4);
      await syncClean(w);
      const lines = await expectSettled(w, tag, 7);
      expect(lines.filter((l) => l.includes('(later)'))).toHaveLength(4);
      expect(await erpSeries(w, tag)).toHaveLength(2);
    },
  },
  {
    name: 'deleting a whole series in Outlook deletes it in the ERP',
    run: async (w, tag) => {
      const master = await outlookDaily(w, `${tag} daily`, dayFromToday(15));
      await syncClean(w);
      await deleteOutlook(w, master);
      await syncClean(w);
      await expectSettled(w, tag, 0);
    },
  },
  {
    name: 'deleting every event of a series in Odoo deletes the Outlook series',
    run: async (w, tag) => {
      const rows = await odooDaily(w, `${tag} daily`, dayFromToday(15));
      await syncClean(w);
      await odooUnlink(w, rows);
      await syncClean(w);
      await expectSettled(w, tag, 0);
      expect(await outlookItems(w, tag)).toEqual([]);
    },
  },
  {
    name: 'handing a meeting to another organizer in Odoo, with Adele still invited, keeps her one Outlook copy',
    run: async (w, tag) => {
      const id = await odooSingle(w, `${tag} handover`, dayFromToday(16), {
        partner_ids: [[6, 0, [w.erp.adele.partnerId, w.erp.colleague.partnerId]]],
      });
      await syncClean(w);
      await odooWrite(w, [id], { user_id: w.erp.colleague.uid });
      await syncClean(w);
      await expectSettled(w, tag, 1);
      expect(await outlookItems(w, tag)).toHaveLength(1);
      expect(await standingTrouble(w)).toEqual([]);
    },
  },
  {
    name: 'capitals in e-mail addresses (quiet attendees): the attendee travels as text once and nothing comes back',
    run: async (w, tag) => {
      await graph(
        w,
        'POST',
        '/events',
        outlookEvent(`${tag} capitals`, dayFromToday(17), { attendees: BOB_IN_CAPITALS }),
        201,
      );
      await w.erp.setEmail(w.erp.colleague.partnerId, 'Bob@Contoso.Example');
      await odooSingle(w, `${tag} capitals in Odoo`, dayFromToday(17), {
        partner_ids: [[6, 0, [w.erp.adele.partnerId, w.erp.colleague.partnerId]]],
      });
      await syncClean(w);
      await expectSettled(w, tag, 2);
      const row = (await erpRows(w, tag)).find((r) => r.name === `${tag} capitals`);
      expect(row!.partner_ids).toEqual([w.erp.adele.partnerId]);
      await w.erp.setEmail(w.erp.colleague.partnerId, w.erp.colleague.email);
    },
  },
  {
    name: 'capitals in e-mail addresses (full attendees): the same person, never a second attendee or a change that comes back',
    policy: { attendees: 'full' },
    run: async (w, tag) => {
      await graph(
        w,
        'POST',
        '/events',
        outlookEvent(`${tag} capitals`, dayFromToday(17), { attendees: BOB_IN_CAPITALS }),
        201,
      );
      await syncClean(w);
      await expectSettled(w, tag, 1);
      const [row] = await erpRows(w, tag);
      expect(row!.partner_ids.filter((p) => p === w.erp.colleague.partnerId)).toHaveLength(1);
      expect(row!.partner_ids).toHaveLength(new Set(row!.partner_ids).size);
      const [item] = await outlookItems(w, tag);
      await patchOutlook(w, String(item!.id), { subject: `${tag} capitals renamed` });
      await syncClean(w);
      await expectSettled(w, tag, 1);
      expect((await erpRows(w, tag))[0]!.partner_ids).toEqual(row!.partner_ids);
    },
  },
  {
    name: 'an Odoo attendee without an e-mail address syncs without an error and stays settled',
    run: async (w, tag) => {
      const nobody = await w.erp.addContact(`${tag} No Mail`, false);
      await odooSingle(w, `${tag} no mail`, dayFromToday(18), {
        partner_ids: [[6, 0, [w.erp.adele.partnerId, nobody]]],
      });
      await syncClean(w);
      await expectSettled(w, tag, 1);
      expect(await outlookLines(w, tag)).toHaveLength(1);
      expect(await standingTrouble(w)).toEqual([]);
    },
  },
];
