/**
 * Migration 0006: what the engine is about to write. Mappings get `intent_json` (the result and the stamps a write
 * was decided on, recorded before the write and cleared when its outcome is recorded: a write whose answer was lost
 * is recognised as ours on the next run) and an index on the iCalUId alone (one meeting is one ERP record across the
 * mailboxes of a tenant). Additive: a nullable column and an index.
 */
import type { StoreMigration } from './types';

export const writeIntentsMigration: StoreMigration = {
  name: '0006-write-intents',
  async up(db) {
    await db.schema.alterTable('mappings').addColumn('intent_json', 'text').execute();
    await db.schema.createIndex('mappings_ical_idx').on('mappings').columns(['outlook_ical_uid']).execute();
  },
};
