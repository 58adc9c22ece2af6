/**
 * Migration 0003: `graph_subscriptions`, the Graph change-notification subscription of each connected mailbox (its
 * id, expiry and a SHA-256 of its clientState, never the secret itself). Additive: one new table.
 */
import type { StoreMigration } from './types';

export const graphSubscriptionsMigration: StoreMigration = {
  name: '0003-graph-subscriptions',
  async up(db) {
    await db.schema
      .createTable('graph_subscriptions')
      .addColumn('mailbox_id', 'text', (c) => c.primaryKey().references('mailboxes.id').onDelete('cascade'))
      .addColumn('subscription_id', 'text', (c) => c.notNull().unique())
      .addColumn('client_state_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
