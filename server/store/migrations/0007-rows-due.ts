/**
 * Migration 0007: a partial index of the rows a plain run would try again (not synced yet, failed, with a write in
 * flight or a choice waiting), so the scheduled retry (server/jobs/retry-due.ts) finds their mailboxes without
 * scanning every mapping of every mailbox. Both SQLite and PostgreSQL keep partial indexes. Additive: one index.
 */
import { sql } from 'kysely';
import type { StoreMigration } from './types';

export const rowsDueMigration: StoreMigration = {
  name: '0007-rows-due',
  async up(db) {
    await db.schema
      .createIndex('mappings_due_idx')
      .on('mappings')
      .column('mailbox_id')
      .where(sql<boolean>`${sql.raw(ROWS_DUE_SQL)}`)
      .execute();
  },
};

/** The index's predicate; the query that uses it repeats it word for word (PostgreSQL matches it as written). */
export const ROWS_DUE_SQL = "status in ('pending', 'error') or intent_json is not null or resolution_json is not null";
