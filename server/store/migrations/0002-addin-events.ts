/**
 * Migration 0002: what the add-in's event API records. Mailboxes get `first_run_done_at` (the pane's first-run
 * explanation was dismissed); mappings get `link_name` (display name of the linked record) and `resolution_json`
 * (the person's conflict choices, applied by the engine on its next run). Additive: nullable columns only.
 */
import type { StoreMigration } from './types';

export const addinEventsMigration: StoreMigration = {
  name: '0002-addin-events',
  async up(db) {
    await db.schema.alterTable('mailboxes').addColumn('first_run_done_at', 'text').execute();
    // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
    await db.schema.alterTable('mappings').addColumn('link_name', 'text').execute();
    await db.schema.alterTable('mappings').addColumn('resolution_json', 'text').execute();
  },
};
