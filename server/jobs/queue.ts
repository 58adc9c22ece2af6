/**
 * The sync work queue's contract, shared by the in-process runtime (SQLite) and the pg-boss runtime (PostgreSQL):
 * enqueue a mailbox with a trigger, run a handler one mailbox at a time. Scheduling and webhook intake live elsewhere.
 */

/** Why a mailbox sync was asked for. JSON-safe: the pg-boss runtime stores it in the job. */
export interface SyncTrigger {
  kind: 'notification' | 'sweep' | 'manual' | 'erp-poll' | 'erp-webhook' | 'outlook-poll' | 'retry';
  /** ISO time of the request. */
  at: string;
  /** Free text for logs (a subscription id, a user action); never a secret. */
  detail?: string;
}

export interface SyncRunContext {
  /**
   * Aborted when this process lost the mailbox's lease (its database connection died), so another process may
   * already run the mailbox: stop writing as soon as possible. Never aborted by the in-process runtime.
   */
  signal: AbortSignal;
}

/** Runs one mailbox sync; `triggers` are the coalesced requests this run answers (at least one). */
export type SyncHandler = (mailboxId: string, triggers: SyncTrigger[], context: SyncRunContext) => Promise<void>;

export interface SyncQueue {
  /** Which runtime this is, for logs and health: one process (SQLite) or pg-boss shared by many (PostgreSQL). */
  readonly runtime: 'in-process' | 'pg-boss';
  /**
   * Asks for a sync of the mailbox. Coalesces: while a run is queued, more enqueues join it; while one runs,
   * enqueues make exactly one more run after it.
   */
  enqueue(mailboxId: string, trigger: SyncTrigger): Promise<void>;
  /** Starts running queued mailboxes with `handler`; a mailbox never runs twice at once. */
  start(handler: SyncHandler): Promise<void>;
  /** Starts no new run, waits for runs in flight to finish, and releases connections. */
  stop(): Promise<void>;
}

/** The subset of the pino logger the queues use; one line per failed run. */
export interface QueueLogger {
  error(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/** Default runs in flight per process (each run itself makes up to 4 Graph requests at once). */
export const DEFAULT_QUEUE_CONCURRENCY = 4;

/**
 * A run that stopped because a side did not answer (the run handler throws AppError `transient`) is run again, up to
 * this many times, after a doubling delay from this one: pg-boss's retry settings, and the in-process queue's.
 */
export const RUN_RETRY_LIMIT = 3;
export const RUN_RETRY_DELAY_SECONDS = 30;
