/**
 * Series exceptions both ways, without rewriting the series: an Odoo series with a cancelled and a modified
 * occurrence reaches Outlook whole, later cancellations and edits of single occurrences follow on either side, the
 * Outlook master keeps its id and its other exceptions, and a run after each is quiet.
 */
import type { CanonicalEvent } from '../../server/core';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, erpEvent, mailLogs, outlookEvents, startCleanWorld, type World } from './harness';
import { DAY, instances, iso, PREFER } from './series-world';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

describe('series exceptions', () => {
  let masterId: string;
  let erpId: string;
  let first: number;

  it('when Odoo has a daily series with a cancelled and a modified occurrence, then the Outlook series has both', async () => {
    const base = erpEvent('Exception series', 3);
    first = Date.parse((base.timing as { start: string }).start);
    const series: CanonicalEvent = {
      ...base,
      recurrence: {
        rrule: 'FREQ=DAILY;COUNT=6',
        timeZone: 'Europe/Paris',
        exDates: [iso(first + DAY)],
        modified: [
          {
            originalStart: iso(first + 3 * DAY),
            event: {
              ...base,
              title: 'Exception series (moved)',
              location: 'Room 7',
              timing: {
                kind: 'timed',
                start: iso(first + 3 * DAY + 3_600_000),
                end: iso(first + 3 * DAY + 7_200_000),
                timeZone: 'Europe/Paris',
              },
            },
          },
        ],
      },
    };
    erpId = (await w.erp.createEvent(w.adele, series, 'exceptions-series', { quiet: true, needsReview: false })).id;

    const run = await w.engine.syncMailbox(w.mailbox.id);

    expect(run.errors).toEqual([]);
    expect(run.applied.outlook).toEqual({ create: 1 });
    masterId = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.erpId === erpId)!.outlookId!;
    const listed = await instances(w, masterId);
    expect(listed).toHaveLength(5);
    expect(listed.filter((i) => i.type === 'exception')).toEqual([
      expect.objectContaining({ subject: 'Exception series (moved)' }),
    ]);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when Odoo cancels one more occurrence and edits another, then Outlook cancels and edits them on the same master, keeping the first exception', async () => {
    const [record] = await w.erp.readEvents([erpId]);
    const recurrence = record!.event.recurrence!;
    const edited = record!.event.recurrence!.modified[0]!;
    const changed: CanonicalEvent = {
      ...record!.event,
      recurrence: {
        ...recurrence,
        exDates: [...recurrence.exDates, iso(first + 4 * DAY)],
        modified: [
          edited,
          {
            originalStart: iso(first + 2 * DAY),
            event: {
              ...edited.event,
              title: 'Exception series (renamed)',
              timing: {
                kind: 'timed',
                start: iso(first + 2 * DAY),
                end: iso(first + 2 * DAY + 3_600_000),
                timeZone: 'Europe/Paris',
              },
            },
          },
        ],
      },
    };
    await w.erp.updateEvent(erpId, changed, ['recurrence'], { quiet: true });

    const run = await w.engine.syncMailbox(w.mailbox.id);

    expect(run.errors).toEqual([]);
    expect(run.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    const listed = await instances(w, masterId);
    expect(listed).toHaveLength(4);
    expect(
      listed
        .filter((i) => i.type === 'exception')
        .map((i) => i.subject)
        .sort(),
    ).toEqual(['Exception series (moved)', 'Exception series (renamed)']);
    expect(
      (await outlookEvents(w)).filter((e) => e.type === 'seriesMaster' && e.subject === 'Exception series'),
    ).toEqual([expect.objectContaining({ id: masterId })]);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when Outlook cancels an occurrence, then Odoo drops only that occurrence and keeps its modified ones', async () => {
    const last = (await instances(w, masterId)).at(-1)!;
    await graphCall(w.m365, w.token, 'DELETE', `/users/${ADELE_ID}/events/${last.id}`, undefined, PREFER);

    const run = await w.engine.syncMailbox(w.mailbox.id);

    expect(run.errors).toEqual([]);
    expect(run.applied).toEqual({ outlook: {}, erp: { update: 1 } });
    const [record] = await w.erp.readEvents([erpId]);
    expect(record!.event.recurrence!.exDates).toHaveLength(3);
    expect(record!.event.recurrence!.modified.map((m) => m.event.title).sort()).toEqual([
      'Exception series (moved)',
      'Exception series (renamed)',
    ]);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });
});
