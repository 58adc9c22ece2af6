/**
 * The environment of one call: which database, as whom, with what context, and the transaction's start time
 * (Odoo stamps `write_date`/`create_date` with it, not with the commit time).
 */
import type { Database } from './store';

export interface Env {
  db: Database;
  uid: number;
  context: Record<string, unknown>;
  /** Naive UTC `YYYY-MM-DD HH:MM:SS`, taken once when the call started. */
  now: string;
}

export function withContext(env: Env, extra: Record<string, unknown>): Env {
  return { ...env, context: { ...env.context, ...extra } };
}

export function activeTest(env: Env): boolean {
  return env.context.active_test !== false;
}
