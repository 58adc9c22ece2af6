/**
 * The background runtime over the in-process queue and a real SQLite store: runs go to the engine for connected
 * mailboxes only, triggers are coalesced into the run's trigger, and stop() waits for a run in flight but never
 * past its deadline. The engine here is a recording one whose runs the test finishes by hand.
 */
import type { RunSummary } from '../../server/engine';
import { createBackground, createInProcessQueue, createSyncMetrics } from '../../server/jobs';
import { openStore, type Store, type SyncTrigger } from '../../server/store';
import { createRecordingLogger } from './recording-logger';

interface PendingRun {
  mailboxId: string;
  trigger: SyncTrigger | undefined;
  finish(): void;
}

function recordingEngine() {
  const runs: PendingRun[] = [];
  return {
    runs,
    syncMailbox(mailboxId: string, trigger?: SyncTrigger): Promise<RunSummary> {
      return new Promise((resolve) => {
        const summary = {
          status: 'succeeded',
          planned: {},
          applied: { outlook: {}, erp: {} },
        } as unknown as RunSummary;
        runs.push({ mailboxId, trigger, finish: () => resolve(summary) });
      });
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('createBackground (in-process runtime)', () => {
  let store: Store;
  let connected: string;
  let disabled: string;

  beforeEach(async () => {
    store = await openStore({ databaseUrl: 'file::memory:' });
    await store.tenants.upsert({ id: 't1', name: 'T', authMode: 'delegated' });
    const base = { tenantId: 't1', upn: 'a@t.example', email: 'a@t.example' };
    connected = (await store.mailboxes.upsert({ ...base, userObjectId: 'u1', status: 'connected' })).id;
    disabled = (await store.mailboxes.upsert({ ...base, userObjectId: 'u2', status: 'disabled' })).id;
  });
  afterEach(async () => {
    await store.close();
  });

  function background(engine: ReturnType<typeof recordingEngine>, logger = createRecordingLogger()) {
    return createBackground({
      store,
      engine,
      queue: createInProcessQueue({ logger }),
      metrics: createSyncMetrics(),
      logger: { ...logger, info: () => undefined },
      runSyncs: true,
      runScheduler: false,
      erpPollSeconds: 60,
      sweepHours: 6,
    });
  }

  it('when triggers arrive while a run is going, then they make one more run; disabled mailboxes never run', async () => {
    const engine = recordingEngine();
    const runtime = background(engine);
    await runtime.start();
    await runtime.requestSync(connected, { kind: 'erp-poll' });
    await runtime.requestSync(disabled, { kind: 'notification' });
    await until(() => engine.runs.length === 1);
    await runtime.requestSync(connected, { kind: 'notification' });
    await runtime.requestSync(connected, { kind: 'manual' });
    engine.runs[0]!.finish();
    await until(() => engine.runs.length === 2);
    engine.runs[1]!.finish();
    await runtime.stop();
    expect(engine.runs.map((r) => [r.mailboxId, r.trigger])).toEqual([
      [connected, 'notification'],
      [connected, 'user'],
    ]);
  });

  it('when stopped with a run in flight, then stop waits for it; past the deadline it returns and says so', async () => {
    const engine = recordingEngine();
    const logger = createRecordingLogger();
    const runtime = background(engine, logger);
    await runtime.start();
    await runtime.requestSync(connected, { kind: 'sweep' });
    await until(() => engine.runs.length === 1);
    await runtime.stop(30);
    expect(logger.lines.map((l) => l.message)).toContain(
      'sync runs still in flight at the stop deadline; the next run redoes their work',
    );
    await expect(runtime.requestSync(connected, { kind: 'manual' })).rejects.toThrow(/stopping/);
    engine.runs[0]!.finish();
  });

  it('when a connected mailbox holds a row that failed for a reason a retry can fix, then the scheduler queues a retry run for it alone', async () => {
    const failedRow = { origin: 'outlook' as const, status: 'error' as const, outlookId: 'AAMk-1', marked: true };
    await store.mappings.insert({ ...failedRow, mailboxId: connected, lastErrorCode: 'erp_unavailable' });
    await store.mappings.insert({ ...failedRow, mailboxId: disabled, lastErrorCode: 'erp_unavailable' });
    const engine = recordingEngine();
    const runtime = createBackground({
      store,
      engine,
      queue: createInProcessQueue({ logger: createRecordingLogger() }),
      metrics: createSyncMetrics(),
      logger: { ...createRecordingLogger(), info: () => undefined },
      runSyncs: true,
      runScheduler: true,
      erpPollSeconds: 3_600,
      sweepHours: 24 * 365,
      retryDueMinutes: 0.001,
    });
    await runtime.start();
    await until(() => engine.runs.length >= 1);
    engine.runs[0]!.finish();
    await runtime.stop();
    expect(engine.runs[0]).toMatchObject({ mailboxId: connected, trigger: 'retry' });
    expect(engine.runs.every((r) => r.mailboxId === connected)).toBe(true);
  });
});
