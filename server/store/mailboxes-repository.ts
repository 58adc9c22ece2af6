/**
 * Mailboxes: one per person (tenant id + user object id) with connection status and the last sync's outcome.
 * Status `needs_reconnect` is mirrored as a mailbox condition (raised with it, cleared when the mailbox is connected
 * again), so every stopping condition is one kind of row. It does not hold tokens nor decide when to sync.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError } from '../errors';
import { fromJsonText, toInstantText, toJsonText } from './columns';
import { storedAnything } from './stored-json';
import { conditionsRepository } from './conditions-repository';
import { translateConstraintErrors } from './errors';
import type { RepositoryContext } from './repository-context';
import type { MailboxesTable } from './schema';
import type { Mailbox, MailboxInput, MailboxStatus, Timestamp } from './types';

function toMailbox(row: Selectable<MailboxesTable>): Mailbox {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userObjectId: row.user_object_id,
    upn: row.upn,
    email: row.email,
    // Cast: the column is written only here, from a MailboxStatus.
    status: row.status as MailboxStatus,
    statusReason: row.status_reason,
    erpUserId: row.erp_user_id,
    lastSyncAt: row.last_sync_at,
    lastSyncSummary: fromJsonText(row.last_sync_summary_json, storedAnything, 'last sync summary'),
    firstRunDoneAt: row.first_run_done_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MailboxListFilter {
  status?: MailboxStatus;
  tenantId?: string;
}

export interface MailboxesRepository {
  /** Creates or updates the mailbox of (tenantId, userObjectId); fields left undefined keep their stored value. */
  upsert(input: MailboxInput): Promise<Mailbox>;
  get(id: string): Promise<Mailbox | undefined>;
  getByUser(tenantId: string, userObjectId: string): Promise<Mailbox | undefined>;
  list(filter?: MailboxListFilter): Promise<Mailbox[]>;
  /** Throws AppError `not_found` when the mailbox does not exist. */
  setStatus(id: string, status: MailboxStatus, reason?: string | null): Promise<Mailbox>;
  /** Records when the last sync finished and what it did. Throws AppError `not_found` when missing. */
  recordSync(id: string, at: Timestamp, summary: unknown): Promise<Mailbox>;
  /** Records that the person dismissed the add-in's first-run explanation (the first time only). */
  markFirstRunDone(id: string): Promise<Mailbox>;
}

export function mailboxesRepository(context: RepositoryContext): MailboxesRepository {
  const { db, now } = context;
  const conditions = conditionsRepository(context);
  async function mirrorStatus(mailbox: Mailbox): Promise<Mailbox> {
    if (mailbox.status === 'needs_reconnect') {
      const reason = mailbox.statusReason ?? 'Outlook no longer accepts our access to this mailbox.';
      await conditions.raise(mailbox.id, { kind: 'needs_reconnect', reason });
    } else if (mailbox.status === 'connected') {
      await conditions.clear(mailbox.id, 'needs_reconnect');
    }
    return mailbox;
  }

  function requireRow(id: string, row: Selectable<MailboxesTable> | undefined): Mailbox {
    if (row === undefined) throw new AppError('not_found', `Mailbox ${id} does not exist.`);
    return toMailbox(row);
  }

  return {
    async upsert(input) {
      const at = now();
      const optional = {
        ...(input.status === undefined ? {} : { status: input.status }),
        ...(input.statusReason === undefined ? {} : { status_reason: input.statusReason }),
        ...(input.erpUserId === undefined ? {} : { erp_user_id: input.erpUserId }),
      };
      const write = db
        .insertInto('mailboxes')
        .values({
          id: randomUUID(),
          tenant_id: input.tenantId,
          user_object_id: input.userObjectId,
          upn: input.upn,
          email: input.email,
          status: 'connected',
          status_reason: null,
          erp_user_id: null,
          last_sync_at: null,
          last_sync_summary_json: null,
          first_run_done_at: null,
          created_at: at,
          updated_at: at,
          ...optional,
        })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'user_object_id'])
            .doUpdateSet({ upn: input.upn, email: input.email, updated_at: at, ...optional }),
        )
        .returningAll();
      const row = await translateConstraintErrors(`Saving mailbox of user ${input.userObjectId}`, () =>
        write.executeTakeFirstOrThrow(),
      );
      const mailbox = toMailbox(row);
      return input.status === undefined ? mailbox : mirrorStatus(mailbox);
    },

    async get(id) {
      const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toMailbox(row);
    },

    async getByUser(tenantId, userObjectId) {
      const row = await db
        .selectFrom('mailboxes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('user_object_id', '=', userObjectId)
        .executeTakeFirst();
      return row === undefined ? undefined : toMailbox(row);
    },

    async list(filter = {}) {
      let query = db.selectFrom('mailboxes').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toMailbox);
    },

    async setStatus(id, status, reason = null) {
      const row = await db
        .updateTable('mailboxes')
        .set({ status, status_reason: reason, updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return mirrorStatus(requireRow(id, row));
    },

    async recordSync(id, at, summary) {
      const row = await db
        .updateTable('mailboxes')
        .set({ last_sync_at: toInstantText(at), last_sync_summary_json: toJsonText(summary), updated_at: now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return requireRow(id, row);
    },

    async markFirstRunDone(id) {
      const at = now();
      // Keeps the first instant: dismissing twice (two panes) is not a new event.
      const row = await db
        .updateTable('mailboxes')
        .set((eb) => ({ first_run_done_at: eb.fn.coalesce('first_run_done_at', eb.val(at)), updated_at: at }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return requireRow(id, row);
    },
  };
}
