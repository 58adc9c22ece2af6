/**
 * Graph subscriptions: per mailbox, the subscription id, its expiry and the SHA-256 (hex) of its clientState.
 * Creating, renewing and verifying subscriptions belongs to server/jobs; this repository just stores them.
 */
import type { Selectable } from 'kysely';
import { toInstantText } from './columns';
import type { RepositoryContext } from './repository-context';
import type { GraphSubscriptionsTable } from './schema';
import type { Timestamp } from './types';

export interface GraphSubscriptionRow {
  mailboxId: string;
  subscriptionId: string;
  clientStateHash: string;
  expiresAt: Timestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface GraphSubscriptionInput {
  subscriptionId: string;
  clientStateHash: string;
  expiresAt: Timestamp;
}

function toRow(row: Selectable<GraphSubscriptionsTable>): GraphSubscriptionRow {
  return {
    mailboxId: row.mailbox_id,
    subscriptionId: row.subscription_id,
    clientStateHash: row.client_state_hash,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SubscriptionsRepository {
  get(mailboxId: string): Promise<GraphSubscriptionRow | undefined>;
  findBySubscriptionId(subscriptionId: string): Promise<GraphSubscriptionRow | undefined>;
  list(): Promise<GraphSubscriptionRow[]>;
  /** Creates or replaces the mailbox's subscription. */
  put(mailboxId: string, input: GraphSubscriptionInput): Promise<GraphSubscriptionRow>;
  /** Returns whether a row was deleted. */
  delete(mailboxId: string): Promise<boolean>;
}

export function subscriptionsRepository({ db, now }: RepositoryContext): SubscriptionsRepository {
  return {
    async get(mailboxId) {
      const row = await db
        .selectFrom('graph_subscriptions')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async findBySubscriptionId(subscriptionId) {
      const row = await db
        .selectFrom('graph_subscriptions')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async list() {
      const rows = await db.selectFrom('graph_subscriptions').selectAll().orderBy('expires_at').execute();
      return rows.map(toRow);
    },

    async put(mailboxId, input) {
      const at = now();
      const values = {
        subscription_id: input.subscriptionId,
        client_state_hash: input.clientStateHash,
        expires_at: toInstantText(input.expiresAt),
        updated_at: at,
      };
      const row = await db
        .insertInto('graph_subscriptions')
        .values({ mailbox_id: mailboxId, created_at: at, ...values })
        .onConflict((oc) => oc.column('mailbox_id').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRow(row);
    },

    async delete(mailboxId) {
      const result = await db.deleteFrom('graph_subscriptions').where('mailbox_id', '=', mailboxId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
