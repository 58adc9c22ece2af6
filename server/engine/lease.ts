/**
 * The run's lease as the engine sees it: an AbortSignal the queue aborts when this process lost the mailbox (its
 * PostgreSQL lease connection died, so another process may already run it). Checked before every write, so a run
 * that lost its lease stops before its next write instead of racing the new holder.
 */
import { AppError } from '../errors';

export interface RunOptions {
  /** Aborted when the lease on the mailbox was lost; never aborted in one process (SQLite). */
  signal?: AbortSignal;
}

export const LEASE_LOST =
  'This process lost its lease on the mailbox (its database connection dropped); the run stopped before its next write and another run will redo it.';

/** Throws a transient AppError when the lease is gone. */
export function checkLease(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('transient', LEASE_LOST, { cause: signal.reason });
}
