/**
 * Reading Outlook for one run: a delta round (full when there is no link, when the window rolled, or on a 410),
 * series masters loaded for their occurrences, and events re-read by id. Answers `OutlookRead`s keyed by event id
 * (a series is its master); it decides nothing about pairing or changes.
 */
import { fingerprint, type CanonicalEvent } from '../core';
import { isOutlookError, type Mapped, type OutlookEventRecord, type UtcWindow } from '../outlook';
import type { Cursor } from '../store';
import type { OutlookSide } from './ports';

/** One Outlook event (or series) as read this run, with the stamp the base keeps for it. */
export interface OutlookRead {
  id: string;
  record: OutlookEventRecord;
  event: Mapped<CanonicalEvent>;
  /** changeKey; for a series also a fingerprint, since editing one occurrence leaves the master's changeKey alone. */
  stamp: string;
}

export interface OutlookReads {
  reads: Map<string, OutlookRead>;
  /** Ids Graph reported gone (or that a re-read did not find). */
  gone: Set<string>;
}

export interface OutlookDeltaRead extends OutlookReads {
  deltaLink: string;
  /** True when this round started without a link (first run, rolled window, or a 410). */
  full: boolean;
  /** Why a full round was read, for the summary. */
  fullReason: 'first' | 'window' | 'expired' | null;
  /** Ids the round reported with the changeKey we recorded (our own writes coming back): present, not re-read. */
  echoed: Set<string>;
}

/** The window's edges as the cursor stores them. */
export function windowKey(window: UtcWindow): { windowStart: string; windowEnd: string } {
  return { windowStart: window.from.toISOString(), windowEnd: window.to.toISOString() };
}

function sameWindow(cursor: Cursor, window: UtcWindow): boolean {
  const key = windowKey(window);
  return cursor.windowStart === key.windowStart && cursor.windowEnd === key.windowEnd;
}

function singleRead(record: OutlookEventRecord): OutlookRead {
  return { id: record.id, record, event: record.event, stamp: record.changeKey ?? '' };
}

/** Series masters by id, as canonical series over the window; masters that are gone are added to `gone`. */
async function loadMasters(outlook: OutlookSide, ids: Set<string>, window: UtcWindow, into: OutlookReads) {
  if (ids.size === 0) return;
  const loaded = await outlook.loadSeries([...ids], window);
  for (const id of ids) {
    const series = loaded.get(id);
    if (!series) {
      into.gone.add(id);
      continue;
    }
    const stamp = `${series.master.changeKey ?? ''}#${series.event.ok ? fingerprint(series.event.value) : 'error'}`;
    into.reads.set(id, { id, record: series.master, event: series.event, stamp });
  }
}

/** Records from a delta round or a re-read, with occurrences replaced by their (loaded) series. */
async function collect(
  outlook: OutlookSide,
  records: Iterable<OutlookEventRecord>,
  window: UtcWindow,
  into: OutlookReads,
  alsoMasters: readonly string[] = [],
): Promise<void> {
  const masters = new Set(alsoMasters);
  for (const record of records) {
    if (record.type === 'seriesMaster') masters.add(record.id);
    else if (record.seriesMasterId) masters.add(record.seriesMasterId);
    else into.reads.set(record.id, singleRead(record));
  }
  await loadMasters(outlook, masters, window, into);
}

/**
 * One delta round. `pairedSeries` are the paired series masters: reloaded when Graph reports removals, since a
 * cancelled occurrence comes back as a bare `@removed` id that names no master.
 */
export async function readOutlookDelta(
  outlook: OutlookSide,
  cursor: Cursor | undefined,
  window: UtcWindow,
  pairedSeries: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<OutlookDeltaRead> {
  let fullReason: OutlookDeltaRead['fullReason'] = !cursor ? 'first' : sameWindow(cursor, window) ? null : 'window';
  let round;
  try {
    // changeKeys we hold spare re-reading our own writes' echo; a full round compares everything instead.
    const incremental = fullReason === null ? { deltaLink: cursor?.value ?? null, known } : {};
    round = await outlook.readChanges({ window, ...incremental });
  } catch (error) {
    if (!isOutlookError(error) || error.kind !== 'sync_state_not_found') throw error;
    fullReason = 'expired';
    round = await outlook.readChanges({ window });
  }
  const out: OutlookReads = { reads: new Map(), gone: new Set(round.removedIds) };
  await collect(outlook, round.items, window, out, round.removedIds.length > 0 ? pairedSeries : []);
  const echoed = new Set(round.echoedIds);
  return { ...out, deltaLink: round.deltaLink, full: fullReason !== null, fullReason, echoed };
}

/** Events (or series) by id, for paired events a delta did not return; ids not found are `gone`. */
export async function readOutlookByIds(
  outlook: OutlookSide,
  ids: readonly string[],
  window: UtcWindow,
): Promise<OutlookReads> {
  const out: OutlookReads = { reads: new Map(), gone: new Set() };
  if (ids.length === 0) return out;
  const found = await outlook.getEvents(ids);
  for (const id of ids) if (!found.has(id)) out.gone.add(id);
  await collect(outlook, found.values(), window, out);
  return out;
}

/** Adds `extra` into `target` (later reads win: an id a delta reported removed but a re-read found is present). */
export function mergeReads(target: OutlookReads, extra: OutlookReads): void {
  for (const [id, read] of extra.reads) {
    target.reads.set(id, read);
    target.gone.delete(id);
  }
  for (const id of extra.gone) if (!target.reads.has(id)) target.gone.add(id);
}
