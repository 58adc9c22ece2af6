/**
 * The stricter reading of Outlook's limits: 4 concurrent requests per app across all mailboxes, not per app per
 * mailbox (Microsoft's pages disagree: https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits).
 * With the emulator set that way, two mailboxes written at once through one app run into ApplicationThrottled; the
 * product must still end with every event written exactly once: throttled writes are reported as such and succeed
 * when retried (as the next sync run does), never duplicated, never lost.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import { createOutlookCalendar, type OutlookCalendar } from '../../server/outlook';
import type { WriteOperation, WriteOutcome } from '../../server/outlook';
import { ADELE_ID, berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

let h: OutlookHarness;
beforeAll(async () => {
  h = await startOutlookHarness();
});
afterAll(() => h.stop());

const EVENTS_PER_MAILBOX = 24;

async function calendarFor(mailbox: string): Promise<OutlookCalendar> {
  const token = await h.emulator.control.mintGraphToken({ roles: ['Calendars.ReadWrite'] });
  return createOutlookCalendar({
    mailbox,
    graphBaseUrl: h.emulator.graphBaseUrl,
    getAccessToken: async () => token,
    logger: pino({ level: 'silent' }),
    clock: { now: () => new Date() },
    batch: { sleep: async () => {} },
  });
}

/** Applies writes, then re-applies the ones that failed throttled, as later runs would (at most 10 rounds). */
async function writeUntilDone(
  calendar: OutlookCalendar,
  operations: WriteOperation[],
): Promise<{ rounds: number; throttled: number }> {
  let pending = operations;
  let throttled = 0;
  for (let round = 1; round <= 10; round += 1) {
    const outcomes: WriteOutcome[] = await calendar.applyWrites(pending);
    const failed = outcomes.filter((o) => !o.ok);
    for (const f of failed) {
      if (!f.ok) expect(f.failure).toBe('throttled');
    }
    throttled += failed.length;
    if (failed.length === 0) return { rounds: round, throttled };
    const again = new Set(failed.map((f) => f.key));
    pending = pending.filter((op) => again.has(op.key));
  }
  throw new Error('writes still throttled after 10 rounds');
}

describe('Outlook limits counted per app (the stricter reading)', () => {
  it('when two mailboxes are written at once by one app, then 429s happen and every event still exists exactly once', async () => {
    await h.emulator.control.updateSettings({ throttleScope: 'app', throttleConcurrency: 4, latencyMs: 30 });
    try {
      const mailboxes = [ADELE_ID, MEGAN_ID];
      const writes = mailboxes.map((mailbox) =>
        Array.from({ length: EVENTS_PER_MAILBOX }, (_, i): WriteOperation => ({
          kind: 'create',
          key: `${mailbox}-${i}`,
          mappingId: randomUUID(),
          event: berlinEvent(`Per-app ${i}`, `2035-02-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00Z`),
        })),
      );
      const calendars = await Promise.all(mailboxes.map(calendarFor));
      const results = await Promise.all(calendars.map((c, i) => writeUntilDone(c, writes[i]!)));

      const counts = h.emulator.context.requestLog.counts();
      const throttledRequests = Object.entries(counts)
        .filter(([key]) => key.endsWith(' 429'))
        .reduce((sum, [, n]) => sum + n, 0);
      expect(throttledRequests).toBeGreaterThan(0);
      for (const mailbox of mailboxes) {
        const { value } = await h.emulator.control.call<{ value: Array<{ subject: string }> }>(
          'GET',
          `/mailboxes/${mailbox}/events`,
        );
        const subjects = value.map((e) => e.subject).filter((s) => s.startsWith('Per-app '));
        expect(subjects.sort()).toEqual(Array.from({ length: EVENTS_PER_MAILBOX }, (_, i) => `Per-app ${i}`).sort());
      }
      expect(results.every((r) => r.rounds <= 10)).toBe(true);
    } finally {
      await h.emulator.control.updateSettings({ throttleScope: 'appPerMailbox', latencyMs: 0 });
    }
  });
});
