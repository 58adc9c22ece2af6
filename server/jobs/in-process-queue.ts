/**
 * The single-process SyncQueue used with SQLite: a map of pending mailboxes, one run per mailbox at a time,
 * bounded concurrency. Nothing is persisted: pending work is lost on exit and the scheduled sweep recovers it.
 */
import { AppError } from '../errors';
import {
  DEFAULT_QUEUE_CONCURRENCY,
  type QueueLogger,
  type SyncHandler,
  type SyncQueue,
  type SyncTrigger,
} from './queue';

export interface InProcessQueueOptions {
  concurrency?: number;
  logger: QueueLogger;
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
    } catch (error) {
      // One failed mailbox must not stop the others; the next trigger or sweep retries it.
      options.logger.error({ err: error, mailboxId, triggers: triggers.map((t) => t.kind) }, 'mailbox sync run failed');
    } finally {
      running.delete(mailboxId);
      dispatch();
    }
  }

  return {
    runtime: 'in-process',
    async enqueue(mailboxId, trigger) {
      if (stopped) throw new AppError('transient', 'The sync queue is stopping; the mailbox was not queued.');
      const triggers = pending.get(mailboxId);
      if (triggers === undefined) pending.set(mailboxId, [trigger]);
      else triggers.push(trigger);
      dispatch();
    },
    async start(runHandler) {
      if (handler !== undefined) throw new AppError('internal', 'The sync queue was already started.');
      handler = runHandler;
      dispatch();
    },
    async stop() {
      stopped = true;
      // Runs started by a finishing run's dispatch cannot happen (stopped), so one pass over the set is enough.
      await Promise.all([...running.values()]);
    },
  };
}
