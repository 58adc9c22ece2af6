/**
 * Audit log: one entry per write the engine made or decided (side, action, fields, before/after, rule).
 * Append-only here; entries are listed newest first. Retention is not this module's job.
 */
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import { fromJsonText, toInstantText, toJsonText, toNumber } from './columns';
import { storedAnything, storedFieldNames } from './stored-json';
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
    // Cast: the column is written only here, from an AuditSide.
    side: row.side as AuditSide,
    action: row.action,
    fields: fromJsonText(row.fields_json, storedFieldNames, 'audit fields') ?? [],
    before: fromJsonText(row.before_json, storedAnything, 'audit before'),
    after: fromJsonText(row.after_json, storedAnything, 'audit after'),
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

/** A search of the audit log across mailboxes; newest first, keyset-paged by id. */
export interface AuditSearch {
  /** Only these mailboxes (an empty list finds nothing). */
  mailboxIds?: readonly string[];
  /** Entries of any of these mappings, or whose before/after holds any of these texts (ids survive a reset there). */
  match?: { mappingIds: readonly string[]; texts: readonly string[] };
  action?: string;
  from?: string;
  to?: string;
  /** Only entries with a smaller id (the last id of the previous page). */
  before?: number;
  limit?: number;
}

export interface AuditRepository {
  search(filter: AuditSearch): Promise<AuditEntry[]>;
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

    async search(filter) {
      if (filter.mailboxIds !== undefined && filter.mailboxIds.length === 0) return [];
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.mailboxIds !== undefined) query = query.where('mailbox_id', 'in', [...filter.mailboxIds]);
      const match = filter.match;
      if (match !== undefined) {
        query = query.where((eb) => {
          const any: Array<Expression<SqlBool>> = [];
          if (match.mappingIds.length > 0) any.push(eb('mapping_id', 'in', [...match.mappingIds]));
          for (const text of match.texts) {
            const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
            any.push(eb(sql`before_json`, 'like', sql`${pattern} escape '\\'`));
            any.push(eb(sql`after_json`, 'like', sql`${pattern} escape '\\'`));
          }
          return any.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(any);
        });
      }
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      if (filter.from !== undefined) query = query.where('at', '>=', toInstantText(filter.from));
      if (filter.to !== undefined) query = query.where('at', '<', toInstantText(filter.to));
      if (filter.before !== undefined) query = query.where('id', '<', filter.before);
      const rows = await query.orderBy('id', 'desc').limit(clampLimit(filter.limit)).execute();
      return rows.map(toEntry);
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
