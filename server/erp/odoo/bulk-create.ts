/**
 * Many creates in a few Odoo calls: the references of all events looked up once (event-writer.ts resolveMany), one
 * `load` of many rows (Odoo's import takes any number, each with its external id `outlook_erp_sync.<key>`, so a
 * retried batch updates what a lost answer left behind), one read of what was made. Odoo's `load` is all or
 * nothing: when it refuses a batch, each of its rows is loaded alone so only the refused ones fail, each with
 * Odoo's own message.
 */
import { EVENT_FIELDS, type CanonicalEvent, type EventField } from '../../core';
import { ErpError } from '../errors';
import type { BulkOutcome, ErpEvent, ErpUser, NewErpEvent } from '../port';
import type { OdooClient } from './client';
import type { KnownNames } from './event-reader';
import { type EventWriter } from './event-writer';
import { EXTERNAL_ID_MODULE, externalIdName } from './external-ids';
import { toImportRow, type OdooValues, type ResolvedRefs } from './from-canonical';
import { z } from 'zod';
import { callParsed, EventRecurrenceSchema, LoadResultSchema } from './answers';
import type { OdooLoadResult } from './wire-types';
import { writeContext } from './write-context';

/** Rows per `load`: one request body of a few hundred KiB. */
export const LOAD_CHUNK = 500;

export interface BulkCreateDeps {
  client: OdooClient;
  writer: EventWriter;
  partnerOf(uid: number): Promise<number>;
  /** The records made, read back; tags and alarms in `known` are not read again. */
  readEvents(ids: readonly string[], known: KnownNames): Promise<ErpEvent[]>;
  /** A series' members, answers and exceptions after its base event was created (adapter.afterWrite). */
  afterSeriesWrite(id: number, event: CanonicalEvent, refs: ResolvedRefs, quiet: boolean): Promise<string>;
}

type Row = { index: number; columns: string[]; row: string[] };
/** Rows sharing their columns: never empty (the first row's columns are the batch's). */
type Rows = readonly [Row, ...Row[]];

function refused(title: string, result: OdooLoadResult): ErpError {
  const message = result.messages.map((m) => m.message).join('; ') || 'no record created';
  return new ErpError('validation', `Odoo refused the new event "${title}": ${message}`, {
    erpMessage: message,
    cause: result,
  });
}

/** Loads rows sharing their columns; answers the database id of each row, or the error of a refused one. */
async function loadRows(
  client: OdooClient,
  rows: Rows,
  titles: readonly string[],
  quiet: boolean,
): Promise<Map<number, number | ErpError>> {
  const out = new Map<number, number | ErpError>();
  const result = await callParsed(
    client,
    'calendar.event',
    'load',
    { fields: rows[0].columns, data: rows.map((r) => r.row), context: writeContext(quiet) },
    LoadResultSchema,
  );
  const ids = result.ids;
  if (ids && ids.length === rows.length) {
    rows.forEach((r, i) => out.set(r.index, ids[i] ?? 0));
    return out;
  }
  if (rows.length === 1) {
    out.set(rows[0].index, refused(titles[rows[0].index] ?? '', result));
    return out;
  }
  // Nothing of the batch was kept: each row alone, so only the refused ones fail.
  for (const row of rows) for (const [k, v] of await loadRows(client, [row], titles, quiet)) out.set(k, v);
  return out;
}

export async function createMany(
  deps: BulkCreateDeps,
  user: ErpUser,
  items: readonly NewErpEvent[],
  quiet: boolean,
): Promise<BulkOutcome[]> {
  const uid = Number(user.id);
  const fields: readonly EventField[] = EVENT_FIELDS;
  const organizer = { uid, partnerId: await deps.partnerOf(uid) };
  const { refs, names } = await deps.writer.resolveManyNamed(items, fields, organizer);
  const refsOf = (index: number): ResolvedRefs => {
    const found = refs[index];
    if (!found) throw new Error(`resolveMany answered ${refs.length} references for ${items.length} events`);
    return found;
  };
  const titles = items.map((item) => item.event.title);
  const groups = new Map<string, Row[]>();
  const made = new Map<number, number | ErpError>();
  items.forEach((item, index) => {
    let values: OdooValues;
    try {
      values = deps.writer.values(item.event, fields, refsOf(index));
    } catch (error) {
      // A value Odoo cannot hold (rule-support.ts) fails this event alone.
      if (!(error instanceof ErpError)) throw error;
      made.set(index, error);
      return;
    }
    const vals = { ...values, user_id: uid };
    const xmlid = `${EXTERNAL_ID_MODULE}.${externalIdName(item.idempotencyKey)}`;
    const { columns, row } = toImportRow(xmlid, vals);
    const key = columns.join('\u0000');
    const group = groups.get(key) ?? [];
    group.push({ index, columns, row });
    groups.set(key, group);
  });
  for (const rows of groups.values()) {
    for (let i = 0; i < rows.length; i += LOAD_CHUNK) {
      const [first, ...rest] = rows.slice(i, i + LOAD_CHUNK);
      if (!first) continue;
      for (const [k, v] of await loadRows(deps.client, [first, ...rest], titles, quiet)) made.set(k, v);
    }
  }
  const eventIds = [...made.values()].filter((v): v is number => typeof v === 'number');
  const recurrences = new Map<number, number>();
  if (eventIds.length) {
    const rows = await callParsed(
      deps.client,
      'calendar.event',
      'search_read',
      { domain: [['id', 'in', eventIds]], fields: ['recurrence_id'], context: { active_test: false } },
      z.array(EventRecurrenceSchema),
    );
    for (const row of rows) if (row.recurrence_id) recurrences.set(row.id, row.recurrence_id[0]);
  }
  const portIds = new Map<number, string | { error: unknown }>();
  const singles: Array<{ eventIds: number[]; attendees: CanonicalEvent['attendees'] }> = [];
  // `made` holds the indexes of `items` only (loadRows answers for the rows it was given).
  const eventAt = (index: number): CanonicalEvent => {
    const item = items[index];
    if (!item) throw new Error(`no event at index ${index} of ${items.length}`);
    return item.event;
  };
  for (const [index, id] of made) {
    if (typeof id !== 'number') portIds.set(index, { error: id });
    else if (!recurrences.has(id)) {
      singles.push({ eventIds: [id], attendees: eventAt(index).attendees });
      portIds.set(index, String(id));
    }
  }
  await deps.writer.applyResponsesMany(singles, quiet);
  for (const [index, id] of made) {
    if (typeof id !== 'number' || !recurrences.has(id)) continue;
    try {
      portIds.set(index, await deps.afterSeriesWrite(id, eventAt(index), refsOf(index), quiet));
    } catch (error) {
      portIds.set(index, { error });
    }
  }
  const written = [...portIds.values()].filter((v): v is string => typeof v === 'string');
  const records = new Map((written.length ? await deps.readEvents(written, names) : []).map((r) => [r.id, r]));
  return items.map((item, index): BulkOutcome => {
    const id = portIds.get(index);
    if (typeof id === 'object') return { ok: false, error: id.error };
    const record = id === undefined ? undefined : records.get(id);
    if (record) return { ok: true, record };
    return {
      ok: false,
      error: new ErpError('not_found', `Odoo event for "${item.event.title}" not found after create`),
    };
  });
}
