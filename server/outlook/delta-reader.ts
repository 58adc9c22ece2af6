/**
 * Reading a mailbox's calendar changes: one calendarView delta round (first round over a window, or replaying
 * a delta link), deduplicated, filtered to the window; and loading series masters with their instances. Delta
 * cannot `$expand` our extended properties, so the changed events are read again with them: by pages of
 * calendarView (1,000 events a request) when many changed (a first or full round), else by id through `$batch`;
 * a changed event whose changeKey the caller already holds (our own write coming back) is not read at all.
 * A 410 surfaces as OutlookError kind `sync_state_not_found` so the engine starts a full resync.
 */
import type { CanonicalEvent } from '../core';
import { answerTo, executeBatch, type BatchRetryOptions } from './batch';
import type { GraphTransport } from './client';
import { outlookErrorFromResponse } from './errors';
import { expandExtendedProperties } from './extended-properties';
import type { Mapped } from './mapping-result';
import { collectAll, paginate } from './paginate';
import { GraphEventSchema, parseGraph } from './wire-schemas';
import { toRecord, type OutlookEventRecord } from './records';
import { toCanonicalSeries, type UtcWindow } from './series';
import { parseInstant } from './time-zones';
import type { ToCanonicalOptions } from './to-canonical';
import type { GraphEvent } from './wire-types';

/** `Prefer: odata.maxpagesize` for delta rounds: Graph may send fewer (and sometimes more); we follow nextLinks. */
export const DEFAULT_DELTA_PAGE_SIZE = 1000;
/** calendarView's `$top` ceiling: the most events one request of it returns. */
export const VIEW_PAGE_SIZE = 1000;
/** Above this many events to re-read, paging calendarView costs fewer requests than one GET per event. */
export const VIEW_READ_THRESHOLD = 40;

export interface ReadContext {
  transport: GraphTransport;
  /** `/users/{id}`. */
  userPath: string;
  /** The ids to `$expand` on every event read (ours, plus the add-in's). */
  propertyIds: string[];
  mapping: ToCanonicalOptions;
  batch: BatchRetryOptions;
  pageSize?: number;
}

export interface DeltaRequest {
  /** The window of the sync; with a delta link it must be the window the link was started with. */
  window: UtcWindow;
  /** The link the previous round ended with; absent for a first (or full re-) round. */
  deltaLink?: string | null;
  /**
   * changeKeys the caller already holds, by event id (what it recorded after its own writes): a delta item with the
   * same changeKey has not changed since, so it is left out of the answer without being read again.
   */
  known?: ReadonlyMap<string, string>;
}

export interface DeltaResult {
  /** Changed single events, occurrences and exceptions inside the window, read with their marks. */
  items: OutlookEventRecord[];
  /** Ids Graph reported removed and that are gone (items merely outside the window are dropped). */
  removedIds: string[];
  deltaLink: string;
  /** Items the round reported whose changeKey the caller already held (left out of `items`, not read). */
  unchanged: number;
  /** Their ids: our own writes coming back, present in the calendar as we left them. */
  echoedIds: string[];
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function overlapsWindow(event: GraphEvent, window: UtcWindow): boolean {
  const start = event.start ? parseInstant(`${event.start.dateTime}Z`) : undefined;
  const end = event.end ? parseInstant(`${event.end.dateTime}Z`) : undefined;
  if (start === undefined || end === undefined) return true; // unreadable times: let the mapper report it
  return (
    start < window.to.getTime() && (end > window.from.getTime() || (end === start && start >= window.from.getTime()))
  );
}

function eventPath(ctx: ReadContext, id: string): string {
  return `${ctx.userPath}/events/${encodeURIComponent(id)}?$expand=${encodeURIComponent(expandExtendedProperties(ctx.propertyIds))}`;
}

/** Reads events by id with their marks, through $batch; 404/410 answers are reported as gone. */
export async function readEventsById(
  ctx: ReadContext,
  ids: readonly string[],
): Promise<{ found: Map<string, GraphEvent>; gone: Set<string> }> {
  const requests = ids.map((id, i) => ({ id: String(i + 1), method: 'GET' as const, url: eventPath(ctx, id) }));
  const responses = await executeBatch(ctx.transport, requests, ctx.batch);
  const found = new Map<string, GraphEvent>();
  const gone = new Set<string>();
  ids.forEach((id, i) => {
    const response = answerTo(responses, String(i + 1));
    if (response.status === 404 || response.status === 410) gone.add(id);
    else if (response.status >= 200 && response.status < 300)
      found.set(id, parseGraph(GraphEventSchema, response.body, `GET event ${id}`));
    else
      throw outlookErrorFromResponse(response.status, response.body, (h) => response.headers?.[h], `GET event ${id}`);
  });
  return { found, gone };
}

function windowQuery(window: UtcWindow): string {
  return `startDateTime=${encodeURIComponent(iso(window.from))}&endDateTime=${encodeURIComponent(iso(window.to))}`;
}

/** Every event of the window with our marks, by calendarView pages of 1,000 (Graph's largest). */
async function readView(ctx: ReadContext, window: UtcWindow): Promise<Map<string, GraphEvent>> {
  const expand = encodeURIComponent(expandExtendedProperties(ctx.propertyIds));
  const path = `${ctx.userPath}/calendarView?${windowQuery(window)}&$top=${VIEW_PAGE_SIZE}&$expand=${expand}`;
  const seen = new Map<string, GraphEvent>();
  for await (const event of paginate(ctx.transport, path, GraphEventSchema)) seen.set(event.id, event);
  return seen;
}

/**
 * One delta round. Pages are replayed as given; an item seen twice keeps its last state. Once the round has brought
 * more changed events than are worth reading by id, the calendarView pages are read beside its remaining pages (a
 * full round of N events: N / 1,000 pages of each, side by side rather than one after the other). A view page read
 * before the delta's last page may hold an older state than the round reports: an event is taken from the view only
 * with the changeKey the round reported, else it is read by id.
 */
export async function readCalendarDelta(ctx: ReadContext, request: DeltaRequest): Promise<DeltaResult> {
  const { window } = request;
  const first = request.deltaLink ?? `${ctx.userPath}/calendarView/delta?${windowQuery(window)}`;
  const pages = paginate(ctx.transport, first, GraphEventSchema, {
    Prefer: `odata.maxpagesize=${ctx.pageSize ?? DEFAULT_DELTA_PAGE_SIZE}`,
  });
  const known = request.known ?? new Map<string, string>();
  // Our own write coming back (or a repeat): the changeKey we recorded is still the event's, so nothing changed.
  const isEcho = (e: GraphEvent) => Boolean(e.changeKey) && known.get(e.id) === e.changeKey;
  const latest = new Map<string, GraphEvent>();
  let view: Promise<Map<string, GraphEvent>> | undefined;
  try {
    let candidates = 0;
    for await (const item of pages) {
      latest.delete(item.id); // re-insert so the last state also keeps the last position
      latest.set(item.id, item);
      if (view === undefined && !item['@removed'] && !isEcho(item) && ++candidates > VIEW_READ_THRESHOLD) {
        view = readView(ctx, window);
        // Handled here so a view failing while the round still pages is no unhandled rejection; awaited below.
        void view.catch(() => undefined);
      }
    }
  } catch (error) {
    await view?.catch(() => undefined); // the round failed: its view is not wanted, and not left running
    throw error;
  }
  if (!pages.deltaLink) throw new Error('The delta round ended without an @odata.deltaLink.');
  const inWindow = [...latest.values()].filter((e) => !e['@removed'] && overlapsWindow(e, window));
  const changed = inWindow.filter((e) => !isEcho(e));
  const echoedIds = inWindow.filter(isEcho).map((e) => e.id);
  const removed = [...latest.values()].filter((e) => e['@removed']).map((e) => e.id);
  // Delta carries no extended properties, and "@removed" also means "left the window": a re-read answers both.
  const found = new Map<string, GraphEvent>();
  if (view !== undefined || changed.length > VIEW_READ_THRESHOLD) {
    const seen = await (view ?? readView(ctx, window));
    for (const e of changed) {
      const current = seen.get(e.id);
      if (current !== undefined && e.changeKey !== undefined && current.changeKey === e.changeKey)
        found.set(e.id, current);
    }
  }
  const rest = await readEventsById(ctx, [...changed.map((e) => e.id).filter((id) => !found.has(id)), ...removed]);
  for (const [id, event] of rest.found) found.set(id, event);
  const items: OutlookEventRecord[] = [];
  for (const [, event] of found) {
    if (overlapsWindow(event, window)) items.push(toRecord(event, ctx.mapping));
  }
  const gone = [...rest.gone];
  return { items, removedIds: gone, deltaLink: pages.deltaLink, unchanged: echoedIds.length, echoedIds };
}

export interface LoadedSeries {
  master: OutlookEventRecord;
  /** The canonical series with `modified` and `exDates` for the window, or why it could not be mapped. */
  event: Mapped<CanonicalEvent>;
}

/**
 * Series masters (each fetched once, with marks) and their instances in the window, as canonical series. A master
 * that is gone is absent from the answer.
 */
export async function loadSeries(
  ctx: ReadContext,
  masterIds: readonly string[],
  window: UtcWindow,
): Promise<Map<string, LoadedSeries>> {
  const unique = [...new Set(masterIds)];
  const { found } = await readEventsById(ctx, unique);
  const range = windowQuery(window);
  const entries = await Promise.all(
    [...found].map(async ([id, master]) => {
      const path = `${ctx.userPath}/events/${encodeURIComponent(id)}/instances?${range}`;
      const instances = await collectAll(paginate(ctx.transport, path, GraphEventSchema));
      const event = toCanonicalSeries(master, instances, window, ctx.mapping);
      return [id, { master: toRecord(master, ctx.mapping), event }] as const;
    }),
  );
  return new Map(entries);
}
