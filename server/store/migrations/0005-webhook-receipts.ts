/**
 * Migration 0005: `webhook_receipts`, the identities of webhook deliveries already accepted (a SHA-256 of a signed
 * ERP webhook's nonce or of a Graph notification's identity), so a replayed or duplicated delivery queues nothing.
 * Shared by every process on PostgreSQL. Additive: one new table.
 */
import type { StoreMigration } from './types';

export const webhookReceiptsMigration: StoreMigration = {
  name: '0005-webhook-receipts',
  async up(db) {
    await db.schema
      .createTable('webhook_receipts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_receipts_expires_at').on('webhook_receipts').column('expires_at').execute();
  },
};
