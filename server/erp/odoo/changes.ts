/**
 * listChanges for Odoo: the user's events in the window changed since the cursor (minus an overlap: Odoo stamps
 * write_date with the transaction's start, not its commit), those an attendee answered since (an answer moves only
 * the attendee's write_date), known series whose member set changed (deleting an occurrence stamps nothing), and
 * those the moved window brings in; repeats within the overlap are told by their whole version. Known ids that are
 * gone are reported deleted. A known series Odoo replaced (a whole-series move or rule change makes a new
 * calendar.recurrence around the same base event) and a known single event made recurring are reported as the new
 * series with `replaces`. Archived records only when known (Odoo archives what it detaches when a series moves).
 * Known events changed since that no longer include the user are reported too (the engine sees they left).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ErpChange, ErpChanges, ErpEvent, ErpUser, TimeWindow } from '../port';
import { callParsed, EventRecurrenceSchema, Many2oneSchema, RecurrenceBaseSchema } from './answers';
import type { OdooClient } from './client';
import { decodeCursor, encodeCursor, minusSeconds, odooTimeAtRead, type OdooCursor, type SeriesMark } from './cursor';
import { writeDateOf, type EventReader } from './event-reader';
import { parseRecordId, seriesId, splitRecordIds } from './record-ids';
import { instantToNaive } from './times';
import type { OdooEventRead } from './wire-types';

/** calendar.attendee read for its event only (answers given since the last read). */
const AttendeeEventSchema = z.looseObject({ event_id: Many2oneSchema });

const ALL = { active_test: false };
const CHUNK = 1000;

interface KnownState {
  /** Known single events that still exist as singles. */
  singles: Set<string>;
  /** Known single event id -> the series it now belongs to. */
  becameSeries: Map<string, string>;
  /** Member ids of known (and newly seen) series, by recurrence id. */
  members: Map<number, number[]>;
}

export class ChangeReader {
  constructor(
    private readonly client: OdooClient,
    private readonly reader: EventReader,
    private readonly overlapSeconds: number,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  async list(
    user: ErpUser,
    partnerId: number,
    cursor: string | null,
    window: TimeWindow,
    knownIds: readonly string[],
  ): Promise<ErpChanges> {
    const previous = cursor === null ? null : decodeCursor(cursor);
    const from = instantToNaive(window.from.toISOString());
    const to = instantToNaive(window.to.toISOString());
    const known = await this.knownState(knownIds);
    const mine: unknown[] = [
      '&',
      '&',
      '|',
      ['user_id', '=', Number(user.id)],
      ['partner_ids', 'in', [partnerId]],
      ['start', '<', to],
      ['stop', '>', from],
    ];
    let domain = mine;
    if (previous) {
      // Counted back from Odoo's time at the previous read, not from its newest write (cursor.ts).
      const since = minusSeconds(odooTimeAtRead(previous), this.overlapSeconds);
      const answered = await this.answeredSince(since);
      const reshaped = [...known.members]
        .filter(([r, ids]) => previous.series?.[r]?.members !== digest(ids))
        .map(([r]) => r);
      // Changed, answered or reshaped since the cursor (minus the overlap), or outside the window the cursor covered.
      domain = [
        '&',
        ...mine,
        '|',
        '|',
        '|',
        '|',
        ['write_date', '>=', since],
        ['id', 'in', answered],
        ['recurrence_id', 'in', reshaped],
        ['start', '>=', previous.to],
        ['stop', '<=', previous.from],
      ];
    }
    const rows = await this.reader.search(domain);
    if (previous) {
      const since = minusSeconds(odooTimeAtRead(previous), this.overlapSeconds);
      rows.push(...(await this.leftSince(known, since, [from, to], rows)));
    }
    const knownSet = new Set(knownIds);
    // Assembled before filtering: a repeat is told by its whole version (write_date alone has one-second resolution).
    const records = (await this.reader.assemble(rows)).filter(
      (r) => previous?.recent[r.id] !== r.version && (r.active || knownSet.has(r.id)),
    );
    const changes: ErpChange[] = records.map((record) =>
      record.active ? { kind: 'upsert', record } : { kind: 'archived', record },
    );
    const gone = knownIds.filter((id) => this.isGone(id, known));
    for (const [old, replacement] of await this.successors(gone, known, previous)) {
      const change = changes.find((c) => c.kind === 'upsert' && c.record.id === replacement);
      if (change?.kind === 'upsert') change.replaces = old;
      else {
        const [record] = await this.reader.read([replacement]);
        if (record?.active) changes.push({ kind: 'upsert', record, replaces: old });
      }
    }
    for (const id of gone) changes.push({ kind: 'deleted', id });
    const series = await this.marks(records, known, previous);
    return { changes, cursor: encodeCursor(this.nextCursor(previous, rows, records, from, to, series)) };
  }

  /**
   * Known events changed since `since` that are no longer the user's (Adele taken off the meeting, or handed it
   * over and left it): reported as they are, so the engine sees who is in them now.
   */
  private async leftSince(
    known: KnownState,
    since: string,
    [from, to]: [string, string],
    found: readonly OdooEventRead[],
  ): Promise<OdooEventRead[]> {
    const singles = [...known.singles].map(Number);
    const series = [...known.members.keys()];
    if (singles.length === 0 && series.length === 0) return [];
    const seen = new Set(found.map((r) => r.id));
    const rows = await this.reader.search([
      '&',
      '&',
      '&',
      ['write_date', '>=', since],
      ['start', '<', to],
      ['stop', '>', from],
      '|',
      ['id', 'in', singles],
      ['recurrence_id', 'in', series],
    ]);
    return rows.filter((r) => !seen.has(r.id));
  }

  /** What became of the known ids: singles still single, singles now in a series, members of known series. */
  private async knownState(knownIds: readonly string[]): Promise<KnownState> {
    const { eventIds, recurrenceIds } = splitRecordIds(knownIds);
    const state: KnownState = { singles: new Set(), becameSeries: new Map(), members: new Map() };
    for (let i = 0; i < eventIds.length; i += CHUNK) {
      const rows = await callParsed(
        this.client,
        'calendar.event',
        'search_read',
        { domain: [['id', 'in', eventIds.slice(i, i + CHUNK)]], fields: ['recurrence_id'], context: ALL },
        z.array(EventRecurrenceSchema),
      );
      for (const row of rows) {
        if (row.recurrence_id) state.becameSeries.set(String(row.id), seriesId(row.recurrence_id[0]));
        else state.singles.add(String(row.id));
      }
    }
    await this.addMembers(state.members, recurrenceIds);
    return state;
  }

  private async addMembers(into: Map<number, number[]>, recurrenceIds: number[]): Promise<void> {
    for (let i = 0; i < recurrenceIds.length; i += CHUNK) {
      const rows = await callParsed(
        this.client,
        'calendar.event',
        'search_read',
        {
          domain: [['recurrence_id', 'in', recurrenceIds.slice(i, i + CHUNK)]],
          fields: ['recurrence_id'],
          context: ALL,
        },
        z.array(EventRecurrenceSchema),
      );
      for (const row of rows) {
        if (!row.recurrence_id) continue;
        const list = into.get(row.recurrence_id[0]) ?? [];
        list.push(row.id);
        into.set(row.recurrence_id[0], list);
      }
    }
  }

  private isGone(id: string, known: KnownState): boolean {
    const ref = parseRecordId(id);
    if (!ref) return true;
    return ref.series ? !known.members.has(ref.recurrenceId) : !known.singles.has(id);
  }

  /** Gone ids that continue as another series: a single made recurring, a series replaced around its base event. */
  private async successors(
    gone: string[],
    known: KnownState,
    previous: OdooCursor | null,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const bases = new Map<number, string>();
    for (const id of gone) {
      const becameSeries = known.becameSeries.get(id);
      if (becameSeries) out.set(id, becameSeries);
      const ref = parseRecordId(id);
      const base = ref?.series ? previous?.series?.[ref.recurrenceId]?.base : undefined;
      if (base !== undefined) bases.set(base, id);
    }
    if (bases.size === 0) return out;
    const rows = await callParsed(
      this.client,
      'calendar.event',
      'search_read',
      {
        domain: [['id', 'in', [...bases.keys()]]],
        fields: ['recurrence_id'],
        context: ALL,
      },
      z.array(EventRecurrenceSchema),
    );
    for (const row of rows) {
      const key = bases.get(row.id);
      if (key !== undefined && row.recurrence_id) out.set(key, seriesId(row.recurrence_id[0]));
    }
    return out;
  }

  /** Events whose attendees' answers changed since `since`. */
  private async answeredSince(since: string): Promise<number[]> {
    const params = { domain: [['write_date', '>=', since]], fields: ['event_id'], context: ALL };
    const rows = await callParsed(
      this.client,
      'calendar.attendee',
      'search_read',
      params,
      z.array(AttendeeEventSchema),
    );
    return [...new Set(rows.flatMap((r) => (r.event_id ? [r.event_id[0]] : [])))];
  }

  /** Base event and member digest of every series known or seen now (kept for known ones not re-read). */
  private async marks(
    records: ErpEvent[],
    known: KnownState,
    previous: OdooCursor | null,
  ): Promise<Record<string, SeriesMark>> {
    const seen = splitRecordIds(records.map((r) => r.id)).recurrenceIds.filter((r) => !known.members.has(r));
    await this.addMembers(known.members, seen);
    const ids = [...known.members.keys()];
    const bases = new Map<number, number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await callParsed(
        this.client,
        'calendar.recurrence',
        'search_read',
        { domain: [['id', 'in', ids.slice(i, i + CHUNK)]], fields: ['base_event_id'] },
        z.array(RecurrenceBaseSchema),
      );
      for (const row of rows) if (row.base_event_id) bases.set(row.id, row.base_event_id[0]);
    }
    const out: Record<string, SeriesMark> = {};
    for (const [r, members] of known.members) {
      const base = bases.get(r) ?? previous?.series?.[r]?.base;
      if (base !== undefined) out[r] = { base, members: digest(members) };
    }
    return out;
  }

  private nextCursor(
    previous: OdooCursor | null,
    rows: OdooEventRead[],
    records: ErpEvent[],
    from: string,
    to: string,
    series: Record<string, SeriesMark>,
  ): OdooCursor {
    const stamps = [
      previous?.writeDate ?? '',
      ...rows.map((r) => r.write_date),
      ...records.map((r) => writeDateOf(r.version)),
    ];
    const writeDate = stamps.sort().pop() || '1970-01-01 00:00:00';
    const readAt = this.clock.now().toISOString();
    const seenAt = previous && previous.writeDate === writeDate ? (previous.seenAt ?? readAt) : readAt;
    // What the next read re-reads from: entries older than that cannot come again.
    const since = minusSeconds(odooTimeAtRead({ writeDate, seenAt, readAt }), this.overlapSeconds);
    const recent: Record<string, string> = {};
    for (const [id, version] of Object.entries(previous?.recent ?? {}))
      if (writeDateOf(version) >= since) recent[id] = version;
    for (const r of records) if (writeDateOf(r.version) >= since) recent[r.id] = r.version;
    return { v: 1, writeDate, seenAt, readAt, recent, from, to, series };
  }
}

/** A short digest of a member id set. */
function digest(ids: number[]): string {
  return createHash('sha256')
    .update([...ids].sort((a, b) => a - b).join(','))
    .digest('base64url')
    .slice(0, 16);
}
