/**
 * The per-mailbox request budget against the emulator at Outlook's documented limits (4 concurrent requests per app
 * per mailbox, https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits; each `$batch`
 * sub-request counted): a run that fans out stays within 4 requests in flight, and a 429 is waited out under the
 * one retry policy instead of failing the run, unless its Retry-After is beyond the bound (issues 16 and 19).
 */
import { randomUUID } from 'node:crypto';
import { plainError } from '../../server/engine/errors-in-plain-words';
import { OutlookError, type OutlookCalendar, type WriteOperation } from '../../server/outlook';
import { ADELE_ID, berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

let h: OutlookHarness;
beforeAll(async () => {
  h = await startOutlookHarness();
});
afterAll(() => h.stop());
afterEach(async () => {
  await h.emulator.control.clearFaults();
  await h.emulator.control.updateSettings({ latencyMs: 0 });
});

const SERIES = 8;
const WINDOW = { from: new Date('2036-03-01T00:00:00Z'), to: new Date('2036-05-01T00:00:00Z') };

/** The emulator's view of Adele's mailbox since the last clear: the most requests at once, and the 429s. */
function observed(): { peakConcurrency: number; refused: number } {
  const [appId] = new Set(h.emulator.context.requestLog.list().map((e) => e.appId));
  return h.emulator.context.throttle.observed(appId ?? '', ADELE_ID);
}

function resetObservations(): void {
  h.emulator.context.throttle.clear();
  h.emulator.context.requestLog.clear();
}

/** Weekly series with two cancelled occurrences each: their exceptions are written per series, all at once. */
function seriesWrites(): WriteOperation[] {
  return Array.from({ length: SERIES }, (_, i): WriteOperation => {
    const start = `2036-03-${String(2 + i).padStart(2, '0')}T08:00:00Z`;
    const firstWeek = new Date(Date.parse(start) + 7 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    const secondWeek = new Date(Date.parse(start) + 14 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    return {
      kind: 'create',
      key: `series-${i}`,
      mappingId: randomUUID(),
      event: berlinEvent(`Budget series ${i}`, start, {
        recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
      }),
      exceptions: { cancel: [firstWeek, secondWeek], modify: [] },
    };
  });
}

describe('the mailbox request budget at Outlook limits (issues 16, 19)', () => {
  let calendar: OutlookCalendar;
  beforeAll(() => {
    // As the scenario world and any tool builds it: no budget of its own, so the process's budget applies.
    calendar = h.make({ batch: {} });
  });

  it('when a run fans out (series written with their exceptions, then loaded, and lost creates looked up, all at once), then it completes without a 429 and the mailbox never has more than 4 requests in flight', async () => {
    await h.emulator.control.updateSettings({ latencyMs: 40 });
    resetObservations();
    const outcomes = await calendar.applyWrites(seriesWrites());
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const ids = outcomes.map((o) => (o.ok && o.kind !== 'deleted' ? o.id : ''));
    const [series, ...lookups] = await Promise.all([
      calendar.loadSeries(ids, WINDOW),
      ...Array.from({ length: 6 }, () => calendar.findByMappingId(randomUUID())),
    ]);
    expect(series.size).toBe(SERIES);
    expect(lookups.flat()).toEqual([]);
    const seen = observed();
    // Without the budget this fan-out had 13 to 20 requests of the mailbox in flight and 429s (measured).
    expect(seen).toEqual({ peakConcurrency: 4, refused: 0 });
    expect(h.emulator.context.requestLog.totals().throttled).toBe(0);
  });

  it('when Graph answers a single request 429 with Retry-After, then the call waits it out and succeeds', async () => {
    const waits: number[] = [];
    const patient = h.make({ batch: { sleep: async (ms) => void waits.push(ms) } });
    await h.emulator.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      method: 'GET',
      path: '/events$',
      count: 2,
    });
    resetObservations();
    await expect(patient.findByMappingId(randomUUID())).resolves.toEqual([]);
    expect(waits).toEqual([1000, 1000]);
    expect(h.emulator.context.requestLog.totals().throttled).toBe(2);
  });

  it('when the Retry-After is beyond the bound, then the call fails throttled with it, in plain words, without waiting', async () => {
    const waits: number[] = [];
    const patient = h.make({ batch: { maxWaitSeconds: 30, sleep: async (ms) => void waits.push(ms) } });
    await h.emulator.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 600,
      method: 'GET',
      path: '/events$',
    });
    const failure: unknown = await patient.findByMappingId(randomUUID()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutlookError);
    expect(failure).toMatchObject({ kind: 'throttled', retryAfterSeconds: 600 });
    expect(waits).toEqual([]);
    expect(plainError(failure)).toMatchObject({
      code: 'outlook_throttled',
      message: 'Outlook asked us to slow down (it asked to wait 600 s); it will be retried.',
    });
  });

  it('when Graph answers 503 or 504 with Retry-After, then the call waits it out under the same policy and no other', async () => {
    const waits: number[] = [];
    // A budget of its own: the test before left Adele's process budget paused for its 600 s.
    const patient = h.make({
      limiter: async (fn) => fn(),
      batch: { maxAttempts: 3, sleep: async (ms) => void waits.push(ms) },
    });
    for (const status of [503, 504])
      await h.emulator.control.addFault({
        kind: 'status',
        status,
        retryAfterSeconds: 1,
        method: 'GET',
        path: '/events$',
        count: 1,
      });
    await expect(patient.findByMappingId(randomUUID())).resolves.toEqual([]);
    // Each wait is the policy's, seen by its injected sleep (the SDK's own RetryHandler slept on real timers unseen).
    expect(waits).toEqual([1000, 1000]);

    await h.emulator.control.clearFaults();
    await h.emulator.control.addFault({
      kind: 'status',
      status: 503,
      retryAfterSeconds: 1,
      method: 'GET',
      path: '/events$',
      count: 10,
    });
    const failure: unknown = await patient.findByMappingId(randomUUID()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'transient', cause: { status: 503 } });
    // maxAttempts bounds every send: three in all, not the policy's three times the SDK's own retries.
    expect((await h.emulator.control.faults())[0]).toMatchObject({ fired: 3 });
  });
});
