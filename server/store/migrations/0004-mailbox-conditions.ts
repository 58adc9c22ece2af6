/**
 * Migration 0004: `mailbox_conditions` (what stops or limits a mailbox's sync, one row per mailbox, kind and key,
 * deleted when it clears) and `admin_actions` (every admin API action: who, what, on which tenant or mailbox, the
 * outcome). Additive: two new tables. Admin actions keep no foreign key: their history outlives a mailbox.
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database-url';
import type { StoreMigration } from './types';

async function createConditions(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mailbox_conditions')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text')
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('cleared_by', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mailbox_conditions_pk', ['mailbox_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('mailbox_conditions_kind_idx').on('mailbox_conditions').columns(['kind']).execute();
}

async function createAdminActions(db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> {
  const table =
    engine === 'sqlite'
      ? db.schema.createTable('admin_actions').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : db.schema
          .createTable('admin_actions')
          .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  await table
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('mailbox_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('admin_actions_at_idx').on('admin_actions').columns(['at']).execute();
  await db.schema
    .createIndex('admin_actions_mailbox_at_idx')
    .on('admin_actions')
    .columns(['mailbox_id', 'at'])
    .execute();
}

export const mailboxConditionsMigration: StoreMigration = {
  name: '0004-mailbox-conditions',
  async up(db, engine) {
    await createConditions(db);
    await createAdminActions(db, engine);
  },
};
