/**
 * Audit log: one entry per write the engine made or decided (side, action, fields, before/after, rule).
 * Append-only here; entries are listed newest first. Retention is not this module's job.
 */
import type { Selectable } from 'kysely';
import { fromJsonText, toInstantText, toJsonText, toNumber } from './columns';
import { translateConstraintErrors } from './errors';
import type { RepositoryContext } from './repository-context';
import type { AuditLogTable } from './schema';
import type { AuditEntry, AuditEntryInput, AuditSide } from './types';

/** Default and ceiling for one page of entries, so a careless caller cannot load a whole history. */
export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 1000;

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: toNumber(row.id),
    mailboxId: row.mailbox_id,
    mappingId: row.mapping_id,
    runId: row.run_id,
    at: row.at,
    side: row.side as AuditSide,
    action: row.action,
    fields: fromJsonText<string[]>(row.fields_json) ?? [],
    before: fromJsonText(row.before_json),
    after: fromJsonText(row.after_json),
    rule: row.rule,
    workerId: row.worker_id,
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return AUDIT_DEFAULT_LIMIT;
  return Math.max(1, Math.min(AUDIT_MAX_LIMIT, Math.floor(limit)));
}

export interface AuditListOptions {
  /** At most this many entries (default 100, at most 1000). */
  limit?: number;
}

export interface AuditRepository {
  /** Appends the entries in order, in one statement; returns them with ids. An empty batch writes nothing. */
  append(entries: readonly AuditEntryInput[]): Promise<AuditEntry[]>;
  /** Newest first. */
  listByMapping(mailboxId: string, mappingId: string, options?: AuditListOptions): Promise<AuditEntry[]>;
  /** Newest first. */
  listByMailbox(mailboxId: string, options?: AuditListOptions): Promise<AuditEntry[]>;
  /** Every `create` the mailbox made since `since` (the engine's create ledger: its loop breaker reads it), oldest first. */
  listCreatesSince(mailboxId: string, since: string): Promise<AuditEntry[]>;
}

export function auditRepository({ db, now }: RepositoryContext): AuditRepository {
  return {
    async append(entries) {
      if (entries.length === 0) return [];
      const at = now();
      const rows = entries.map((e) => ({
        mailbox_id: e.mailboxId,
        mapping_id: e.mappingId ?? null,
        run_id: e.runId ?? null,
        at: e.at === undefined ? at : toInstantText(e.at),
        side: e.side,
        action: e.action,
        fields_json: JSON.stringify(e.fields),
        before_json: toJsonText(e.before),
        after_json: toJsonText(e.after),
        rule: e.rule ?? null,
        worker_id: e.workerId ?? null,
      }));
      const inserted = await translateConstraintErrors('Appending audit entries', () =>
        db.insertInto('audit_log').values(rows).returningAll().execute(),
      );
      // RETURNING order is not promised by either engine; ids are, since they are generated in insert order.
      return inserted.map(toEntry).sort((a, b) => a.id - b.id);
    },

    async listByMapping(mailboxId, mappingId, options = {}) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .where('mapping_id', '=', mappingId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(clampLimit(options.limit))
        .execute();
      return rows.map(toEntry);
    },

    async listCreatesSince(mailboxId, since) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .where('at', '>=', toInstantText(since))
        .where('action', '=', 'create')
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },

    async listByMailbox(mailboxId, options = {}) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(clampLimit(options.limit))
        .execute();
      return rows.map(toEntry);
    },
  };
}
