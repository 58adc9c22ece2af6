/**
 * Admin actions: one row per admin API action (who, what, on which tenant or mailbox, the outcome), append-only,
 * listed newest first with filters and keyset paging. Authorising the action is the admin API's job.
 */
import type { Selectable } from 'kysely';
import { fromJsonText, toInstantText, toJsonText, toNumber } from './columns';
import { storedAnything } from './stored-json';
import type { RepositoryContext } from './repository-context';
import type { AdminActionsTable } from './schema';
import type { Timestamp } from './types';

export type AdminActionOutcome = 'ok' | 'refused' | 'failed';

export interface AdminAction {
  id: number;
  at: Timestamp;
  /** Who acted: the admin's UPN, or `admin key` for the API key. */
  actor: string;
  /** The admin's Entra object id; null for the API key. */
  actorId: string | null;
  /** e.g. `tenant.policy.update`, `mailbox.pause`, `mailbox.reset`, `mailbox.guard.confirm`. */
  action: string;
  tenantId: string | null;
  mailboxId: string | null;
  outcome: AdminActionOutcome;
  /** What was asked and what happened (never secrets). */
  details: unknown;
  requestId: string | null;
}

export type AdminActionInput = Omit<AdminAction, 'id' | 'at'>;

export interface AdminActionFilter {
  actor?: string;
  action?: string;
  tenantId?: string;
  mailboxId?: string;
  from?: Timestamp;
  to?: Timestamp;
  /** Keyset paging: only entries with a smaller id (the last id of the previous page). */
  before?: number;
  limit?: number;
}

export interface AdminActionsRepository {
  append(input: AdminActionInput): Promise<AdminAction>;
  /** Newest first. */
  search(filter?: AdminActionFilter): Promise<AdminAction[]>;
}

const MAX_LIMIT = 1000;

function toAction(row: Selectable<AdminActionsTable>): AdminAction {
  return {
    id: toNumber(row.id),
    at: row.at,
    actor: row.actor,
    actorId: row.actor_id,
    action: row.action,
    tenantId: row.tenant_id,
    mailboxId: row.mailbox_id,
    // Cast: the column is written only here, from an AdminActionOutcome.
    outcome: row.outcome as AdminActionOutcome,
    details: fromJsonText(row.details_json, storedAnything, 'admin action details'),
    requestId: row.request_id,
  };
}

export function adminActionsRepository({ db, now }: RepositoryContext): AdminActionsRepository {
  return {
    async append(input) {
      const row = await db
        .insertInto('admin_actions')
        .values({
          at: now(),
          actor: input.actor,
          actor_id: input.actorId,
          action: input.action,
          tenant_id: input.tenantId,
          mailbox_id: input.mailboxId,
          outcome: input.outcome,
          details_json: toJsonText(input.details),
          request_id: input.requestId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAction(row);
    },

    async search(filter = {}) {
      let query = db.selectFrom('admin_actions').selectAll();
      if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
      if (filter.mailboxId !== undefined) query = query.where('mailbox_id', '=', filter.mailboxId);
      if (filter.from !== undefined) query = query.where('at', '>=', toInstantText(filter.from));
      if (filter.to !== undefined) query = query.where('at', '<', toInstantText(filter.to));
      if (filter.before !== undefined) query = query.where('id', '<', filter.before);
      const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(filter.limit ?? 100)));
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toAction);
    },
  };
}
