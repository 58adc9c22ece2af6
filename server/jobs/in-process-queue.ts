/**
 * The single-process SyncQueue used with SQLite: a map of pending mailboxes, one run per mailbox at a time,
 * bounded concurrency. A run that stopped because a side did not answer is run again after a doubling delay, as
 * pg-boss does on PostgreSQL. Nothing is persisted: pending work is lost on exit and the scheduled sweep recovers it.
 */
import { AppError, isAppError } from '../errors';
import { backoffDelayMs } from '../retry';
import {
  DEFAULT_QUEUE_CONCURRENCY,
  RUN_RETRY_DELAY_SECONDS,
  RUN_RETRY_LIMIT,
  type QueueLogger,
  type SyncHandler,
  type SyncQueue,
  type SyncTrigger,
} from './queue';

export interface InProcessQueueOptions {
  concurrency?: number;
  logger: QueueLogger;
  /** First delay before a failed run is run again (doubling, with jitter); default RUN_RETRY_DELAY_SECONDS. */
  retryDelaySeconds?: number;
}

export function createInProcessQueue(options: InProcessQueueOptions): SyncQueue {
  const concurrency = options.concurrency ?? DEFAULT_QUEUE_CONCURRENCY;
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, not ${concurrency}`);
  // Insertion order is FIFO across mailboxes; a mailbox keeps its place while more triggers join it.
  const pending = new Map<string, SyncTrigger[]>();
  const running = new Map<string, Promise<void>>();
  // The lease can never be lost in one process, so no run's signal is ever aborted.
  const neverAborted = new AbortController().signal;
  let handler: SyncHandler | undefined;
  let stopped = false;
  // Runs again after a transient failure, per mailbox (cleared by a run that ends well), and their timers.
  const attempts = new Map<string, number>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const retryPolicy = {
    maxAttempts: RUN_RETRY_LIMIT + 1,
    // Equal jitter halves the ceiling at worst: the first retry comes after one to two delays.
    baseDelayMs: 2 * 1000 * (options.retryDelaySeconds ?? RUN_RETRY_DELAY_SECONDS),
    maxDelayMs: Number.MAX_SAFE_INTEGER,
    maxRetryAfterSeconds: 0,
  };

  /** Queues the trigger, joining the mailbox's pending run when it has one, and starts what may start. */
  function add(mailboxId: string, trigger: SyncTrigger): void {
    const triggers = pending.get(mailboxId);
    if (triggers === undefined) pending.set(mailboxId, [trigger]);
    else triggers.push(trigger);
    dispatch();
  }

  function retryLater(mailboxId: string): boolean {
    const attempt = (attempts.get(mailboxId) ?? 0) + 1;
    if (attempt > RUN_RETRY_LIMIT) {
      attempts.delete(mailboxId);
      return false;
    }
    attempts.set(mailboxId, attempt);
    const timer = setTimeout(
      () => {
        retryTimers.delete(timer);
        if (stopped) return;
        add(mailboxId, { kind: 'retry', at: new Date().toISOString(), detail: `run again (${attempt})` });
      },
      backoffDelayMs(retryPolicy, attempt),
    );
    // A retry waiting must not keep a process alive that has nothing else to do.
    timer.unref();
    retryTimers.add(timer);
    return true;
  }

  function dispatch(): void {
    const run = handler;
    if (run === undefined || stopped) return;
    for (const [mailboxId, triggers] of pending) {
      if (running.size >= concurrency) return;
      if (running.has(mailboxId)) continue;
      pending.delete(mailboxId);
      // Deferred a tick so a handler that throws synchronously still finds its entry in `running` to delete.
      running.set(
        mailboxId,
        Promise.resolve().then(() => runOne(run, mailboxId, triggers)),
      );
    }
  }

  async function runOne(run: SyncHandler, mailboxId: string, triggers: SyncTrigger[]): Promise<void> {
    try {
      await run(mailboxId, triggers, { signal: neverAborted });
      attempts.delete(mailboxId);
    } catch (error) {
      // One failed mailbox must not stop the others; a side that did not answer is asked again later.
      const again = isAppError(error) && error.code === 'transient' && retryLater(mailboxId);
      options.logger.error(
        { err: error, mailboxId, triggers: triggers.map((t) => t.kind), runAgain: again },
        'mailbox sync run failed',
      );
    } finally {
      running.delete(mailboxId);
      dispatch();
    }
  }

  return {
    runtime: 'in-process',
    async enqueue(mailboxId, trigger) {
      if (stopped) throw new AppError('transient', 'The sync queue is stopping; the mailbox was not queued.');
      add(mailboxId, trigger);
    },
    async start(runHandler) {
      if (handler !== undefined) throw new AppError('internal', 'The sync queue was already started.');
      handler = runHandler;
      dispatch();
    },
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      // Runs started by a finishing run's dispatch cannot happen (stopped), so one pass over the set is enough.
      await Promise.all([...running.values()]);
    },
  };
}
