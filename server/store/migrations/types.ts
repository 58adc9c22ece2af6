/** The shape of one forward-only migration: a numbered name and an `up` that receives the engine it runs on. */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database-url';

export interface StoreMigration {
  /** `NNNN-what`, ordered by its number; never renamed once released. */
  name: string;
  up(db: Kysely<unknown>, engine: DatabaseEngine): Promise<void>;
}
