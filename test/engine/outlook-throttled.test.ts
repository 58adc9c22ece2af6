/**
 * Outlook asking to wait longer than a run waits in-line (a 429 whose Retry-After is over 30 s) stops the run, and
 * the mailbox says so as a condition in plain words, not a silent stop; the next run that gets through clears it.
 * A shorter Retry-After is waited out inside the run (test/outlook/mailbox-budget-emulator.test.ts).
 */
import pino from 'pino';
import { graphOutlookSide, type SyncEngine } from '../../server/engine';
import type { RequestLimiter } from '../../server/outlook';
import { startWorld, type World } from './harness';

let w: World;
let engine: SyncEngine;
beforeAll(async () => {
  w = await startWorld();
  // A budget that lets everything through and ignores pauses: the second run must not sit out the 600 s.
  const unpaused: RequestLimiter = Object.assign(<T>(fn: () => Promise<T>) => fn(), { pause: () => {} });
  engine = w.engineWith({
    outlook: graphOutlookSide({
      graphBaseUrl: w.m365.graphBaseUrl,
      getAccessToken: async () => w.token,
      logger: pino({ level: 'silent' }),
      clock: { now: () => new Date() },
      limiterFor: () => unpaused,
    }),
  });
});
afterAll(() => w.stop());

describe('Outlook throttling beyond what a run waits', () => {
  it('when Graph answers the delta read 429 with Retry-After 600 s, then the run stops at once and the mailbox carries outlook_throttled in plain words; the next run clears it', async () => {
    await w.m365.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 600,
      method: 'GET',
      path: 'calendarView/delta',
    });
    const started = Date.now();
    const stopped = await engine.syncMailbox(w.mailbox.id);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(stopped.status).toBe('failed');
    expect(stopped.fatal).toBe('Outlook asked us to slow down (it asked to wait 600 s); it will be retried.');
    // The mailbox's budget waits out the 600 s; the queue does not run it again before.
    expect(stopped.retryable).toBe(false);
    const condition = await w.store.conditions.get(w.mailbox.id, 'outlook_throttled');
    expect(condition).toMatchObject({
      reason: 'Outlook asked us to slow down (it asked to wait 600 s); it will be retried.',
      effect: 'stops',
      clearedBy: 'next_run',
    });

    await w.m365.control.clearFaults();
    const next = await engine.syncMailbox(w.mailbox.id);
    expect(next.fatal).toBeNull();
    expect(await w.store.conditions.get(w.mailbox.id, 'outlook_throttled')).toBeUndefined();
  });

  it('when Graph keeps failing with 503 through the retries of the run, then the run stops as retryable: the queue runs it again', async () => {
    await w.m365.control.addFault({
      kind: 'status',
      status: 503,
      method: 'GET',
      path: 'calendarView/delta',
      count: 20,
    });
    const stopped = await engine.syncMailbox(w.mailbox.id);
    await w.m365.control.clearFaults();
    expect(stopped.status).toBe('failed');
    expect(stopped.retryable).toBe(true);
    const next = await engine.syncMailbox(w.mailbox.id);
    expect(next.status).toBe('succeeded');
  });
});
