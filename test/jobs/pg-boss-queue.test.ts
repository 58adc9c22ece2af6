import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createPgBossQueue } from '../../server/jobs/pg-boss-queue';
import type { SyncHandler, SyncQueue, SyncTrigger } from '../../server/jobs/queue';
import { withTestDatabase } from '../store/test-databases';
import { FAST_PG_BOSS_OPTIONS } from './pg-boss-options';
import { createRecordingLogger } from './recording-logger';

interface Run {
  mailboxId: string;
  worker: string;
  start: number;
  end: number;
  triggers: string[];
}

function trigger(detail: string): SyncTrigger {
  return { kind: 'notification', at: new Date().toISOString(), detail };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails with `what` after the deadline. */
async function waitFor(what: string, check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

/** A handler that records each run's interval and flags any mailbox run while another run of it is active. */
function recorder(runs: Run[], overlaps: string[], active: Set<string>) {
  return (worker: string, work: (mailboxId: string) => Promise<void>): SyncHandler =>
    async (mailboxId, triggers) => {
      if (active.has(mailboxId)) overlaps.push(mailboxId);
      active.add(mailboxId);
      const start = performance.now();
      try {
        await work(mailboxId);
      } finally {
        active.delete(mailboxId);
        runs.push({ mailboxId, worker, start, end: performance.now(), triggers: triggers.map((t) => t.detail ?? '') });
      }
    };
}

describe('pg-boss sync queue (PostgreSQL)', () => {
  const queues: SyncQueue[] = [];
  const children: ChildProcess[] = [];
  // afterAll hooks run in the order declared: stop the workers before withTestDatabase drops the database under them.
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(queues.map((queue) => queue.stop()));
  });
  const database = withTestDatabase('postgres');

  function worker(
    name: string,
    queueName = FAST_PG_BOSS_OPTIONS.queueName,
    logger = createRecordingLogger(),
  ): SyncQueue {
    const queue = createPgBossQueue({
      ...FAST_PG_BOSS_OPTIONS,
      ...(queueName === undefined ? {} : { queueName }),
      connectionString: database.url,
      applicationName: name,
      logger,
    });
    queues.push(queue);
    return queue;
  }

  it.each([2, 3])(
    'when %i workers share 20 mailboxes enqueued in rounds, then no mailbox runs twice at once and each runs after its last enqueue',
    async (count) => {
      const runs: Run[] = [];
      const overlaps: string[] = [];
      const handler = recorder(runs, overlaps, new Set());
      const names = ['a', 'b', 'c'].slice(0, count);
      // A queue per case, so the second case starts from an empty queue in the same database.
      const workers = names.map((name) => worker(`worker-${name}`, `mailbox-sync-${count}-workers`));
      const work = () => pause(20 + Math.floor(Math.random() * 40));
      await Promise.all(workers.map((queue, i) => queue.start(handler(names[i] ?? '?', work))));
      const mailboxes = Array.from({ length: 20 }, (_, i) => `mailbox-${i}`);
      const lastEnqueue = new Map<string, number>();
      for (let round = 0; round < 3; round += 1) {
        await Promise.all(
          mailboxes.map(async (mailboxId, i) => {
            lastEnqueue.set(mailboxId, performance.now());
            await workers[i % count]?.enqueue(mailboxId, trigger(`round-${round}`));
          }),
        );
        await pause(150);
      }
      const ranAfterLastEnqueue = (mailboxId: string) =>
        runs.some((run) => run.mailboxId === mailboxId && run.start >= (lastEnqueue.get(mailboxId) ?? Infinity));
      await waitFor('every mailbox to run after its last enqueue', () => mailboxes.every(ranAfterLastEnqueue));
      await Promise.all(workers.map((queue) => queue.stop()));

      expect(overlaps).toEqual([]);
      for (const mailboxId of mailboxes) {
        const intervals = runs.filter((run) => run.mailboxId === mailboxId).sort((x, y) => x.start - y.start);
        intervals.slice(1).forEach((run, i) => expect(run.start).toBeGreaterThanOrEqual(intervals[i]?.end ?? Infinity));
      }
      expect(new Set(runs.map((run) => run.worker))).toEqual(new Set(names));
      expect(runs.length).toBeGreaterThanOrEqual(20);
    },
  );

  it('when mailboxes are enqueued several times before a worker runs, then each runs exactly once', async () => {
    const queue = worker('coalescing-worker', 'mailbox-sync-coalescing');
    const mailboxes = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'];
    for (const round of ['first', 'second', 'third']) {
      for (const mailboxId of mailboxes) await queue.enqueue(mailboxId, trigger(round));
    }
    const runs: Run[] = [];
    await queue.start(recorder(runs, [], new Set())('coalescing', () => Promise.resolve()));
    await waitFor('every mailbox to run', () => mailboxes.every((id) => runs.some((run) => run.mailboxId === id)));
    await pause(1200); // two polling intervals: a coalescing slip would show up as a second run
    await queue.stop();
    expect(runs.map((run) => run.mailboxId).sort()).toEqual(mailboxes);
  });

  it('when more mailboxes are queued than slots, then a slot takes the next one as its run ends, not a polling interval later', async () => {
    const pollingIntervalSeconds = 2;
    const queue = createPgBossQueue({
      ...FAST_PG_BOSS_OPTIONS,
      queueName: 'mailbox-sync-backlog',
      concurrency: 1,
      pollingIntervalSeconds,
      connectionString: database.url,
      applicationName: 'backlog-worker',
      logger: createRecordingLogger(),
    });
    queues.push(queue);
    const mailboxes = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6'];
    for (const mailboxId of mailboxes) await queue.enqueue(mailboxId, trigger('backlog'));
    const runs: Run[] = [];
    await queue.start(recorder(runs, [], new Set())('backlog', () => pause(10)));
    await waitFor('every mailbox to run', () => runs.length === mailboxes.length);
    await queue.stop();
    const span = Math.max(...runs.map((run) => run.end)) - Math.min(...runs.map((run) => run.start));
    // One slot, six short runs: waiting out the interval after each would take at least five intervals (10 s).
    expect(span).toBeLessThan(pollingIntervalSeconds * 1000);
  });

  it('when a worker runs as many mailboxes as it has slots, then it holds 3 connections: 2 for pg-boss and 1 for every lease', async () => {
    const queue = worker('frugal-worker', 'mailbox-sync-frugal');
    const slots = FAST_PG_BOSS_OPTIONS.concurrency ?? 0;
    const mailboxes = Array.from({ length: slots * 2 }, (_, i) => `f-${i}`);
    let active = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const runs: Run[] = [];
    await queue.start(
      recorder(
        runs,
        [],
        new Set(),
      )('frugal', async () => {
        active += 1;
        await held;
      }),
    );
    for (const mailboxId of mailboxes) await queue.enqueue(mailboxId, trigger('frugal'));
    await waitFor('every slot to run a mailbox', () => active === slots);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    let connections: number;
    try {
      const counted = await admin.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where application_name = 'frugal-worker'",
      );
      connections = Number(counted.rows[0]?.n);
    } finally {
      await admin.end();
    }
    release();
    await waitFor('every mailbox to run', () => runs.length === mailboxes.length);
    await queue.stop();
    // Was one connection per run for its lease and up to concurrency + 2 for pg-boss: 1,000 mailboxes on 4 workers
    // ran a shared server out of its 100 connections.
    expect(connections).toBeLessThanOrEqual(3);
    expect(runs.map((run) => run.mailboxId).sort()).toEqual([...mailboxes].sort());
  });

  it('when a run fails, then it is logged with its mailbox and pg-boss runs it again after the retry delay', async () => {
    const logger = createRecordingLogger();
    const queue = worker('failing-worker', 'mailbox-sync-failures', logger);
    let attempts = 0;
    await queue.start(async (mailboxId) => {
      attempts += 1;
      if (attempts === 1) throw new Error(`Graph refused ${mailboxId}`);
    });
    await queue.enqueue('flaky-mailbox', trigger('first'));
    await waitFor('the retry', () => attempts === 2);
    await queue.stop();
    expect(logger.lines.map((line) => [line.details['mailboxId'], (line.details['err'] as Error).message])).toEqual([
      ['flaky-mailbox', 'Graph refused flaky-mailbox'],
    ]);
  });

  it('when a worker process dies mid-run, then its lease is freed and another worker runs the mailbox, including the expired job', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-worker.ts'), database.url], {
      cwd: join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let childOutput = '';
    child.stdout?.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    await waitFor('the child worker to be ready', () => childOutput.includes('ready'));

    const survivor = worker('survivor');
    await survivor.enqueue('crashed-mailbox', trigger('before-crash'));
    await waitFor('the child to start the run', () => childOutput.includes('running crashed-mailbox'));

    const runs: Run[] = [];
    const overlaps: string[] = [];
    await survivor.start(recorder(runs, overlaps, new Set())('survivor', () => pause(10)));
    // Queued while the child holds the lease: the survivor must wait for the lease, not run beside the child.
    await survivor.enqueue('crashed-mailbox', trigger('during-crash'));
    await pause(1500);
    expect(runs).toEqual([]);

    const killedAt = performance.now();
    child.kill('SIGKILL');
    await waitFor('the survivor to run the expired job', () =>
      runs.some((run) => run.triggers.includes('before-crash')),
    );
    expect(runs.every((run) => run.mailboxId === 'crashed-mailbox' && run.start > killedAt)).toBe(true);
    expect(runs.flatMap((run) => run.triggers)).toEqual(expect.arrayContaining(['before-crash', 'during-crash']));
    expect(overlaps).toEqual([]);
  });
});
