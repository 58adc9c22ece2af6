/**
 * What every repository is built from: a Kysely handle (the store's, or a transaction's) and the clock.
 * Repositories are stateless over it, so the same code serves plain calls and `store.transaction`.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { Timestamp } from './types';

export interface RepositoryContext {
  db: Kysely<Database>;
  /** The current instant as an ISO UTC string; injectable so tests and replays control time. */
  now(): Timestamp;
}
