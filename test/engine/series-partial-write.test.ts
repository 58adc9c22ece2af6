/**
 * A series write to Outlook that lands only in part (chaos c45, c66, c70): the master PATCH lands, the occurrence
 * PATCH after it fails on every retry (the cancelled occurrence's DELETE beside it landed). The next run writes the missing occurrence instead of taking its absence
 * for an Outlook change and reversing the ERP person's move there.
 */
import type { CanonicalEvent } from '../../server/core';
import { startCleanWorld, type World } from './harness';
import { dailySeriesFromErp, DAY, HOUR, instances, iso, utc } from './series-world';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

/** An occurrence's PATCH (its id names the master and the original start), never the master's. */
const OCCURRENCE_PATCH = '/events/[^/]+_\\d{8}T\\d{6}Z';

describe('a series write to Outlook that landed in part', () => {
  it('when the occurrence PATCH after the master PATCH fails, then the next run writes the occurrence: the ERP person’s cancel and move hold on both sides', async () => {
    const { erpId, masterId, first } = await dailySeriesFromErp(w, 'Partial series', 'partial-series');
    // In the ERP: the series renamed, its second occurrence cancelled, its third moved two hours later.
    const [record] = await w.erp.readEvents([erpId]);
    const moved = first + 2 * DAY + 2 * HOUR;
    const changed: CanonicalEvent = {
      ...record!.event,
      title: 'Partial series (renamed)',
      recurrence: {
        ...record!.event.recurrence!,
        exDates: [iso(first + DAY)],
        modified: [
          {
            originalStart: iso(first + 2 * DAY),
            event: {
              ...record!.event,
              title: 'Partial series (renamed)',
              timing: { kind: 'timed', start: iso(moved), end: iso(moved + HOUR), timeZone: 'Europe/Paris' },
            },
          },
        ],
      },
    };
    await w.erp.updateEvent(erpId, changed, ['title', 'recurrence'], { quiet: true });
    await w.m365.control.addFault({ kind: 'status', status: 503, method: 'PATCH', path: OCCURRENCE_PATCH, count: 50 });
    const failed = await w.engine.syncMailbox(w.mailbox.id);
    await w.m365.control.clearFaults();
    expect(failed.errors).not.toEqual([]);
    const halfway = await instances(w, masterId);
    expect(halfway).toHaveLength(4);
    expect(halfway.every((i) => i.subject === 'Partial series (renamed)' && i.type === 'occurrence')).toBe(true);

    const next = await w.engine.syncMailbox(w.mailbox.id);

    expect(next.errors).toEqual([]);
    expect(next.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    const listed = await instances(w, masterId);
    expect(listed).toHaveLength(4);
    expect(listed.filter((i) => i.type === 'exception').map((i) => utc(i.start.dateTime))).toEqual([moved]);
    const [after] = await w.erp.readEvents([erpId]);
    expect(after!.event.recurrence!.exDates.map((d) => Date.parse(d))).toEqual([first + DAY]);
    expect(
      after!.event.recurrence!.modified.map((m) =>
        Date.parse(m.event.timing.kind === 'timed' ? m.event.timing.start : ''),
      ),
    ).toEqual([moved]);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});
