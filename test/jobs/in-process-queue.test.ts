import { AppError } from '../../server/errors';
import { createInProcessQueue } from '../../server/jobs/in-process-queue';
import { RUN_RETRY_LIMIT } from '../../server/jobs/queue';
import type { SyncTrigger } from '../../server/jobs/queue';
import { settle } from './fake-clock';
import { createRecordingLogger } from './recording-logger';

function trigger(kind: SyncTrigger['kind'], detail?: string): SyncTrigger {
  return { kind, at: '2026-01-05T09:00:00.000Z', ...(detail === undefined ? {} : { detail }) };
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Resolves once `check` holds, polling the event loop (no timers). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

describe('in-process sync queue', () => {
  it('when a mailbox is enqueued three times before a run, then it runs once with the three triggers', async () => {
    const queue = createInProcessQueue({ logger: createRecordingLogger() });
    const runs: Array<[string, string[]]> = [];
    await queue.enqueue('m1', trigger('notification', 'a'));
    await queue.enqueue('m1', trigger('notification', 'b'));
    await queue.enqueue('m1', trigger('sweep'));
    await queue.start(async (mailboxId, triggers) => {
      runs.push([mailboxId, triggers.map((t) => t.detail ?? t.kind)]);
    });
    await queue.stop();
    expect(runs).toEqual([['m1', ['a', 'b', 'sweep']]]);
  });

  it('when a mailbox is enqueued twice while it runs, then exactly one more run follows, never overlapping', async () => {
    const queue = createInProcessQueue({ logger: createRecordingLogger() });
    const first = gate();
    const runs: string[][] = [];
    let active = 0;
    let maxActive = 0;
    await queue.start(async (_mailboxId, triggers) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      runs.push(triggers.map((t) => t.detail ?? t.kind));
      if (runs.length === 1) await first.promise;
      active -= 1;
    });
    await queue.enqueue('m1', trigger('manual', 'first'));
    await until(() => runs.length === 1);
    await queue.enqueue('m1', trigger('notification', 'during-1'));
    await queue.enqueue('m1', trigger('notification', 'during-2'));
    await settle();
    expect(runs).toHaveLength(1);
    first.open();
    await until(() => runs.length === 2);
    await queue.stop();
    expect(runs).toEqual([['first'], ['during-1', 'during-2']]);
    expect(maxActive).toBe(1);
  });

  it('when more mailboxes are queued than the concurrency, then at most that many run at once and all run', async () => {
    const queue = createInProcessQueue({ concurrency: 2, logger: createRecordingLogger() });
    const gates = new Map<string, ReturnType<typeof gate>>();
    const started: string[] = [];
    await queue.start(async (mailboxId) => {
      started.push(mailboxId);
      const g = gate();
      gates.set(mailboxId, g);
      await g.promise;
    });
    for (const id of ['m1', 'm2', 'm3', 'm4', 'm5']) await queue.enqueue(id, trigger('sweep'));
    await until(() => started.length === 2);
    await settle();
    expect(started).toEqual(['m1', 'm2']);
    gates.get('m2')?.open();
    await until(() => started.length === 3);
    expect(started).toEqual(['m1', 'm2', 'm3']);
    for (const id of ['m1', 'm3']) gates.get(id)?.open();
    await until(() => started.length === 5);
    for (const id of ['m4', 'm5']) gates.get(id)?.open();
    await queue.stop();
    expect(started).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('when one run fails (rejects or throws), then it is logged with its mailbox and the others still run', async () => {
    const logger = createRecordingLogger();
    const queue = createInProcessQueue({ concurrency: 1, logger });
    const done: string[] = [];
    await queue.start((mailboxId) => {
      if (mailboxId === 'throws') throw new Error('sync bug');
      if (mailboxId === 'rejects') return Promise.reject(new Error('graph down'));
      done.push(mailboxId);
      return Promise.resolve();
    });
    for (const id of ['throws', 'rejects', 'ok-1', 'ok-2']) await queue.enqueue(id, trigger('sweep'));
    await until(() => done.length === 2);
    await queue.enqueue('throws', trigger('manual'));
    await until(() => logger.lines.length === 3);
    await queue.stop();
    expect(done).toEqual(['ok-1', 'ok-2']);
    expect(
      logger.lines.map((line) => [line.level, line.details['mailboxId'], (line.details['err'] as Error).message]),
    ).toEqual([
      ['error', 'throws', 'sync bug'],
      ['error', 'rejects', 'graph down'],
      ['error', 'throws', 'sync bug'],
    ]);
  });

  it('when stopped, then in-flight runs finish first, queued ones do not start and enqueue is refused', async () => {
    const queue = createInProcessQueue({ concurrency: 1, logger: createRecordingLogger() });
    const g = gate();
    const started: string[] = [];
    let finished = false;
    await queue.start(async (mailboxId) => {
      started.push(mailboxId);
      await g.promise;
      finished = true;
    });
    await queue.enqueue('m1', trigger('sweep'));
    await queue.enqueue('m2', trigger('sweep'));
    await until(() => started.length === 1);
    const stopping = queue.stop();
    await settle();
    expect(finished).toBe(false);
    g.open();
    await stopping;
    expect(finished).toBe(true);
    expect(started).toEqual(['m1']);
    await expect(queue.enqueue('m3', trigger('manual'))).rejects.toMatchObject({ code: 'transient' });
  });

  it('when a run stops because a side did not answer, then it runs again later, up to the limit; other failures do not', async () => {
    // 5 ms: the first retry comes after 5-10 ms, the last after 20-40 ms.
    const queue = createInProcessQueue({ logger: createRecordingLogger(), retryDelaySeconds: 0.005 });
    const runs: Array<[string, string[]]> = [];
    let outages = 2;
    await queue.start(async (mailboxId, triggers) => {
      runs.push([mailboxId, triggers.map((t) => t.kind)]);
      if (mailboxId === 'down-twice' && outages-- > 0) throw new AppError('transient', 'Odoo did not answer');
      if (mailboxId === 'always-down') throw new AppError('transient', 'Graph did not answer');
      if (mailboxId === 'bug') throw new Error('sync bug');
    });
    await queue.enqueue('down-twice', trigger('notification'));
    await queue.enqueue('always-down', trigger('notification'));
    await queue.enqueue('bug', trigger('notification'));
    const runsOf = (id: string) => runs.filter(([m]) => m === id).map(([, kinds]) => kinds);
    const deadline = Date.now() + 5_000;
    while (runsOf('always-down').length < 1 + RUN_RETRY_LIMIT && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await queue.stop();
    expect(runsOf('down-twice')).toEqual([['notification'], ['retry'], ['retry']]);
    expect(runsOf('always-down')).toEqual([
      ['notification'],
      ...Array.from({ length: RUN_RETRY_LIMIT }, () => ['retry']),
    ]);
    expect(runsOf('bug')).toEqual([['notification']]);
  });

  it('when stopped while a retry waits, then the retry never runs', async () => {
    const queue = createInProcessQueue({ logger: createRecordingLogger(), retryDelaySeconds: 0.05 });
    const runs: string[][] = [];
    await queue.start(async (_mailboxId, triggers) => {
      runs.push(triggers.map((t) => t.kind));
      throw new AppError('transient', 'Odoo did not answer');
    });
    await queue.enqueue('m1', trigger('notification'));
    await until(() => runs.length === 1);
    await queue.stop();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(runs).toEqual([['notification']]);
  });
});
