/**
 * The migration registry and the Kysely provider over it. A static list, not a folder scan, so the compiled
 * build finds the same migrations as the TypeScript sources. Forward-only: there is no `down`.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseEngine } from '../database-url';
import { initialMigration } from './0001-initial';
import { addinEventsMigration } from './0002-addin-events';
import { graphSubscriptionsMigration } from './0003-graph-subscriptions';
import { mailboxConditionsMigration } from './0004-mailbox-conditions';
import { webhookReceiptsMigration } from './0005-webhook-receipts';
import { writeIntentsMigration } from './0006-write-intents';
import { rowsDueMigration } from './0007-rows-due';
import type { StoreMigration } from './types';

/** Append only, in order; a released migration is never edited. */
export const MIGRATIONS: readonly StoreMigration[] = [
  initialMigration,
  addinEventsMigration,
  graphSubscriptionsMigration,
  mailboxConditionsMigration,
  webhookReceiptsMigration,
  writeIntentsMigration,
  rowsDueMigration,
];

export function migrationProvider(engine: DatabaseEngine): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(MIGRATIONS.map((m): [string, Migration] => [m.name, { up: (db) => m.up(db, engine) }]));
    },
  };
}
