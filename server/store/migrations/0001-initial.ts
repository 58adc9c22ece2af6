/**
 * Migration 0001: the initial schema (tenants, mailboxes, mappings, cursors, audit log, sync runs, token cache).
 * Written once for both engines with the schema builder; only the audit log's generated id differs.
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../database-url';
import type { StoreMigration } from './types';

async function createTenantsAndMailboxes(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('auth_mode', 'text', (c) => c.notNull())
    .addColumn('policy_json', 'text', (c) => c.notNull())
    .addColumn('erp_settings_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_object_id', 'text', (c) => c.notNull())
    .addColumn('upn', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('erp_user_id', 'text')
    .addColumn('last_sync_at', 'text')
    .addColumn('last_sync_summary_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mailboxes_tenant_user_unique', ['tenant_id', 'user_object_id'])
    .execute();
  await db.schema.createIndex('mailboxes_status_idx').on('mailboxes').columns(['status']).execute();
}

async function createMappings(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('outlook_id', 'text')
    .addColumn('outlook_ical_uid', 'text')
    .addColumn('outlook_change_key', 'text')
    .addColumn('erp_model', 'text')
    .addColumn('erp_id', 'text')
    .addColumn('erp_version', 'text')
    .addColumn('base_json', 'text')
    .addColumn('base_fingerprint', 'text')
    .addColumn('marked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('link_model', 'text')
    .addColumn('link_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('conflict_json', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('last_synced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // NULLs are distinct in unique constraints on both engines, so rows not yet on one side do not collide.
    .addUniqueConstraint('mappings_mailbox_outlook_unique', ['mailbox_id', 'outlook_id'])
    .addUniqueConstraint('mappings_mailbox_erp_unique', ['mailbox_id', 'erp_model', 'erp_id'])
    .execute();
  await db.schema.createIndex('mappings_mailbox_status_idx').on('mappings').columns(['mailbox_id', 'status']).execute();
  await db.schema
    .createIndex('mappings_mailbox_ical_idx')
    .on('mappings')
    .columns(['mailbox_id', 'outlook_ical_uid'])
    .execute();
}

async function createCursorsAndRuns(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cursors')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text')
    .addColumn('window_end', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cursors_pk', ['mailbox_id', 'kind'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text')
    .addColumn('worker_id', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('sync_runs_mailbox_started_idx')
    .on('sync_runs')
    .columns(['mailbox_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('token_cache')
    .addColumn('partition_key', 'text', (c) => c.primaryKey())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

async function createAuditLog(db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> {
  // The audit id orders entries written in the same instant; each engine spells "generated integer key" its own way.
  const table =
    engine === 'sqlite'
      ? db.schema.createTable('audit_log').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : db.schema.createTable('audit_log').addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  await table
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('mailboxes.id').onDelete('cascade'))
    // No foreign key: the history of a mapping outlives the mapping.
    .addColumn('mapping_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('rule', 'text')
    .addColumn('worker_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_mailbox_at_idx').on('audit_log').columns(['mailbox_id', 'at']).execute();
  await db.schema.createIndex('audit_log_mapping_at_idx').on('audit_log').columns(['mapping_id', 'at']).execute();
}

export const initialMigration: StoreMigration = {
  name: '0001-initial',
  async up(db, engine) {
    await createTenantsAndMailboxes(db);
    await createMappings(db);
    await createCursorsAndRuns(db);
    await createAuditLog(db, engine);
  },
};
