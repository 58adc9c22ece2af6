/**
 * Mappings: the join between an Outlook event and an ERP record, with versions, base snapshot and status.
 * Every query is scoped by mailbox id, so one mailbox never reads or changes another's rows.
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { NOT_RETRYABLE_SYNC_ERRORS } from '../../contract/addin-api/codes';
import { AppError } from '../errors';
import { toNumber } from './columns';
import { translateConstraintErrors } from './errors';
import { toColumnPatch, toInsertRow, toMapping } from './mapping-rows';
import { ROWS_DUE_SQL } from './migrations/0007-rows-due';
import type { RepositoryContext } from './repository-context';
import type { Database } from './schema';
import type { ErpRef, Mapping, MappingPatch, MappingStatus, NewMapping } from './types';

export interface MappingListFilter {
  /** One status or any of several. */
  status?: MappingStatus | readonly MappingStatus[];
}

export interface MappingsRepository {
  getById(mailboxId: string, id: string): Promise<Mapping | undefined>;
  getByOutlookId(mailboxId: string, outlookId: string): Promise<Mapping | undefined>;
  getByErpRef(mailboxId: string, ref: ErpRef): Promise<Mapping | undefined>;
  /** An iCalUID is not unique within a mailbox (a series and its exceptions share it): all matches, oldest first. */
  listByIcalUid(mailboxId: string, icalUid: string): Promise<Mapping[]>;
  /**
   * Shared meetings: the rows of the tenant's other mailboxes (`mailboxId` excluded) pairing one of these iCalUIDs
   * or one of these ERP records of `erpModel`. The one query that reads across mailboxes, and only within a tenant.
   */
  listSharedInTenant(
    tenantId: string,
    mailboxId: string,
    by: { icalUids: readonly string[]; erpModel: string; erpIds: readonly string[] },
  ): Promise<Mapping[]>;
  /** Oldest first. */
  listByMailbox(mailboxId: string, filter?: MappingListFilter): Promise<Mapping[]>;
  /** Rows per status for the mailbox; statuses without rows are absent. */
  countByStatus(mailboxId: string): Promise<Partial<Record<MappingStatus, number>>>;
  /** Throws AppError `conflict` when the Outlook id or ERP record is already mapped in this mailbox. */
  insert(input: NewMapping): Promise<Mapping>;
  /**
   * Inserts many rows in one statement (a first sync's pending rows); answers their ids in the order given (not the
   * rows: reading thousands back, their JSON parsed again, cost more than writing them). All or nothing: one row
   * already mapped fails them all with AppError `conflict`.
   */
  insertMany(inputs: readonly NewMapping[]): Promise<string[]>;
  /** Sets only the fields present in the patch. Throws AppError `not_found` / `conflict`. */
  update(mailboxId: string, id: string, patch: MappingPatch): Promise<Mapping>;
  /**
   * Connected mailboxes holding rows a plain run would try again: not synced yet, failed with an error a retry can
   * fix (codes.ts), with a write in flight or a choice waiting. Across mailboxes, for the scheduled retry only.
   */
  listMailboxesWithRowsDue(): Promise<string[]>;
  /**
   * Sets each row's patch, rows patching the same fields in one statement (a first sync records thousands of
   * results). All or nothing in the caller's transaction: a row that does not exist fails with AppError
   * `not_found`, a taken key with `conflict`. A row given twice is patched in the order given.
   */
  updateMany(mailboxId: string, updates: readonly MappingUpdate[]): Promise<void>;
  /** Returns whether a row was deleted. */
  delete(mailboxId: string, id: string): Promise<boolean>;
}

/** One row's patch for updateMany. */
export interface MappingUpdate {
  id: string;
  patch: MappingPatch;
}

/**
 * Bound values per statement: SQLite allows 32,766 and PostgreSQL 65,535; a first sync's chunk of 250 results
 * patches 17 columns (4,250 values).
 */
const MAX_VALUES_PER_STATEMENT = 30_000;

/**
 * `updateMany`'s batches: updates patching the same columns, none naming a row twice (a later patch of the same row
 * goes in a later batch, so it is applied after), each within the bound values' limit.
 */
function updateBatches(updates: readonly MappingUpdate[]): Array<{ columns: string[]; rows: ColumnRow[] }> {
  const batches: Array<{ columns: string[]; rows: ColumnRow[] }> = [];
  const open = new Map<string, number>(); // columns -> the batch taking them
  const lastOf = new Map<string, number>(); // row id -> the batch of its latest patch
  for (const { id, patch } of updates) {
    const values = toColumnPatch(patch);
    const columns = Object.keys(values);
    const key = columns.join(',');
    let at = open.get(key);
    const batch = at === undefined ? undefined : batches[at];
    const full = batch !== undefined && (batch.rows.length + 1) * (columns.length + 1) > MAX_VALUES_PER_STATEMENT;
    if (at === undefined || batch === undefined || full || at <= (lastOf.get(id) ?? -1)) {
      at = batches.push({ columns, rows: [] }) - 1;
      open.set(key, at);
    }
    lastOf.set(id, at);
    batches[at]?.rows.push({ id, values });
  }
  return batches;
}

type ColumnRow = { id: string; values: Record<string, unknown> };

/** updateMany's statement texts by engine, columns and row count (Kysely compiling 4,000 values took longer than running them). */
const updateTexts = new Map<string, string>();

/**
 * The text of one UPDATE ... FROM a VALUES list (SQLite 3.33+ and PostgreSQL alike), compiled by Kysely for the
 * engine; its parameters are each row's id and values in order, then `updated_at`, then the mailbox id. VALUES
 * columns are text on PostgreSQL (its parameters have no other type there), so the one integer column is cast back.
 */
function updateManySql(db: Kysely<Database>, columns: readonly string[], count: number): string {
  const placeholder = sql`${0}`.compile(db).sql; // '?' or '$1': the engine
  const key = `${placeholder}|${count}|${columns.join(',')}`;
  const known = updateTexts.get(key);
  if (known !== undefined) return known;
  const names = sql.join([sql.ref('id'), ...columns.map((c) => sql.ref(c))]);
  const row = sql`(${sql.join(Array.from({ length: columns.length + 1 }, () => null))})`;
  const values = sql.join(Array.from({ length: count }, () => row));
  const sets = columns.map((c) =>
    c === 'marked' ? sql`${sql.ref(c)} = cast(v.${sql.ref(c)} as integer)` : sql`${sql.ref(c)} = v.${sql.ref(c)}`,
  );
  const text = sql`with v (${names}) as (values ${values})
    update mappings set ${sql.join([...sets, sql`updated_at = ${null}`])}
    from v where mappings.id = v.id and mappings.mailbox_id = ${null} returning mappings.id`.compile(db).sql;
  if (updateTexts.size >= MAX_UPDATE_TEXTS) updateTexts.delete(updateTexts.keys().next().value ?? '');
  updateTexts.set(key, text);
  return text;
}

/** Statement texts kept (a first sync needs one or two: full chunks and the last one). */
const MAX_UPDATE_TEXTS = 50;

export function mappingsRepository({ db, now }: RepositoryContext): MappingsRepository {
  const inMailbox = (mailboxId: string) => db.selectFrom('mappings').selectAll().where('mailbox_id', '=', mailboxId);

  return {
    async getById(mailboxId, id) {
      const row = await inMailbox(mailboxId).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toMapping(row);
    },

    async getByOutlookId(mailboxId, outlookId) {
      const row = await inMailbox(mailboxId).where('outlook_id', '=', outlookId).executeTakeFirst();
      return row === undefined ? undefined : toMapping(row);
    },

    async getByErpRef(mailboxId, ref) {
      const row = await inMailbox(mailboxId)
        .where('erp_model', '=', ref.model)
        .where('erp_id', '=', ref.id)
        .executeTakeFirst();
      return row === undefined ? undefined : toMapping(row);
    },

    async listByIcalUid(mailboxId, icalUid) {
      const rows = await inMailbox(mailboxId)
        .where('outlook_ical_uid', '=', icalUid)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toMapping);
    },

    async listSharedInTenant(tenantId, mailboxId, by) {
      if (by.icalUids.length === 0 && by.erpIds.length === 0) return [];
      const rows = await db
        .selectFrom('mappings')
        .innerJoin('mailboxes', 'mailboxes.id', 'mappings.mailbox_id')
        .selectAll('mappings')
        .where('mailboxes.tenant_id', '=', tenantId)
        .where('mappings.mailbox_id', '!=', mailboxId)
        .where((eb) =>
          eb.or([
            ...(by.icalUids.length ? [eb('mappings.outlook_ical_uid', 'in', [...by.icalUids])] : []),
            ...(by.erpIds.length
              ? [eb.and([eb('mappings.erp_model', '=', by.erpModel), eb('mappings.erp_id', 'in', [...by.erpIds])])]
              : []),
          ]),
        )
        .orderBy('mappings.created_at')
        .orderBy('mappings.id')
        .execute();
      return rows.map(toMapping);
    },

    async listByMailbox(mailboxId, filter = {}) {
      let query = inMailbox(mailboxId);
      if (typeof filter.status === 'string') query = query.where('status', '=', filter.status);
      else if (filter.status !== undefined) {
        if (filter.status.length === 0) return [];
        query = query.where('status', 'in', [...filter.status]);
      }
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toMapping);
    },

    async countByStatus(mailboxId) {
      const rows = await db
        .selectFrom('mappings')
        .select((eb) => ['status', eb.fn.countAll().as('count')])
        .where('mailbox_id', '=', mailboxId)
        .groupBy('status')
        .execute();
      // Cast: count(*) is a number (SQLite) or a numeric string (PostgreSQL bigint).
      return Object.fromEntries(rows.map((r) => [r.status, toNumber(r.count as number | string)]));
    },

    async insert(input) {
      const id = input.id ?? randomUUID();
      const row = await translateConstraintErrors(`Inserting mapping ${id}`, () =>
        db
          .insertInto('mappings')
          .values(toInsertRow(input, id, now()))
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toMapping(row);
    },

    async insertMany(inputs) {
      if (inputs.length === 0) return [];
      const at = now();
      const rows = inputs.map((input) => toInsertRow(input, input.id ?? randomUUID(), at));
      const inserted = await translateConstraintErrors(`Inserting ${rows.length} mappings`, () =>
        db.insertInto('mappings').values(rows).returning('id').execute(),
      );
      // RETURNING's order is not promised (SQLite): checked against the ids chosen above.
      const returned = new Set(inserted.map((row) => row.id));
      return rows.map((row) => {
        if (!returned.has(row.id)) throw new AppError('internal', `Mapping ${row.id} was not returned by its insert.`);
        return row.id;
      });
    },

    async update(mailboxId, id, patch) {
      const row = await translateConstraintErrors(`Updating mapping ${id}`, () =>
        db
          .updateTable('mappings')
          .set({ ...toColumnPatch(patch), updated_at: now() })
          .where('mailbox_id', '=', mailboxId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      if (row === undefined) throw new AppError('not_found', `Mapping ${id} does not exist in mailbox ${mailboxId}.`);
      return toMapping(row);
    },

    async listMailboxesWithRowsDue() {
      const rows = await db
        .selectFrom('mappings')
        .select('mailbox_id')
        .distinct()
        .where(sql<boolean>`(${sql.raw(ROWS_DUE_SQL)})`)
        .where((eb) =>
          eb.not(
            eb.and([
              eb('status', '=', 'error'),
              eb('intent_json', 'is', null),
              eb('resolution_json', 'is', null),
              // Coalesced: a row failed without a code is tried again (NULL in (...) would drop it).
              eb(eb.fn.coalesce('last_error_code', sql.lit('')), 'in', [...NOT_RETRYABLE_SYNC_ERRORS]),
            ]),
          ),
        )
        .where('mailbox_id', 'in', db.selectFrom('mailboxes').select('id').where('status', '=', 'connected'))
        .orderBy('mailbox_id')
        .execute();
      return rows.map((r) => r.mailbox_id);
    },

    async updateMany(mailboxId, updates) {
      const at = now();
      for (const { columns, rows } of updateBatches(updates)) {
        const text = updateManySql(db, columns, rows.length);
        const parameters = [...rows.flatMap((r) => [r.id, ...columns.map((c) => r.values[c])]), at, mailboxId];
        const { rows: updated } = await translateConstraintErrors(`Updating ${rows.length} mappings`, () =>
          db.executeQuery<{ id: string }>(CompiledQuery.raw(text, parameters)),
        );
        if (updated.length !== rows.length) {
          const found = new Set(updated.map((r) => r.id));
          const missing = rows.filter((r) => !found.has(r.id)).map((r) => r.id);
          throw new AppError('not_found', `Mappings ${missing.join(', ')} do not exist in mailbox ${mailboxId}.`);
        }
      }
    },

    async delete(mailboxId, id) {
      const result = await db
        .deleteFrom('mappings')
        .where('mailbox_id', '=', mailboxId)
        .where('id', '=', id)
        .executeTakeFirst();
      return toNumber(result.numDeletedRows) > 0;
    },
  };
}
