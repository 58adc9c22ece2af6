/**
 * The changes feed: a snapshot of an owner's window when there is no cursor, then everything after a sequence
 * number, tombstones included. The cursor is base64url JSON, opaque to clients; unknown or expired ones are 410.
 */
import { createHash } from 'node:crypto';
import type { WireChange, WireChangePage } from './contract-types';
import { SEQUENCE, type AppointmentStore } from './appointments';
import { readValue, type Db } from './database';
import { ProblemError } from './problems';

/** Cursors older than this sequence number are expired (the control API moves it, as tombstone pruning would). */
export const CURSOR_FLOOR = 'cursor_floor';

interface Cursor {
  /** Last sequence number delivered. */
  s: number;
  /** Snapshot in progress: its window and the sequence number it started at. */
  snap?: { from: string; to: string; base: number };
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decode(db: Db, text: string): Cursor {
  const gone = new ProblemError(
    410,
    'cursor-expired',
    'Cursor expired',
    'Unknown or expired cursor: list again without one.',
  );
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw gone;
  }
  if (typeof cursor?.s !== 'number' || cursor.s > readValue(db, SEQUENCE)) throw gone;
  if ((cursor.snap?.base ?? cursor.s) < readValue(db, CURSOR_FLOOR)) throw gone;
  return cursor;
}

export interface FeedRequest {
  owner: string;
  cursor: string | undefined;
  window: { from: string; to: string };
  limit: number;
  baseUrl: string;
}

function snapshotPage(db: Db, store: AppointmentStore, request: FeedRequest, cursor: Cursor): WireChangePage {
  const snap = cursor.snap ?? { ...request.window, base: readValue(db, SEQUENCE) };
  const rows = store.changedSince(request.owner, cursor.s, request.limit + 1, snap);
  const page = rows.slice(0, request.limit);
  const changes: WireChange[] = page.map((row) => ({
    type: 'upsert',
    appointment: store.presentRow(row, request.baseUrl),
  }));
  const hasMore = rows.length > request.limit;
  const last = page.at(-1)?.seq ?? cursor.s;
  // After the snapshot, replay from where it began: what changed while paging comes again, deletions included.
  const next: Cursor = hasMore ? { s: last, snap } : { s: snap.base };
  return { changes, cursor: encode(next), hasMore };
}

function incrementalPage(store: AppointmentStore, request: FeedRequest, cursor: Cursor): WireChangePage {
  const rows = store.changedSince(request.owner, cursor.s, request.limit + 1, null);
  const tombstones = store.tombstonesSince(request.owner, cursor.s, request.limit + 1);
  const merged = [
    ...rows.map((row) => ({
      seq: row.seq,
      change: (): WireChange => ({ type: 'upsert', appointment: store.presentRow(row, request.baseUrl) }),
    })),
    ...tombstones.map((t) => ({
      seq: t.seq,
      change: (): WireChange => ({ type: 'deleted', id: t.id, deletedAt: t.deleted_at }),
    })),
  ].sort((a, b) => a.seq - b.seq);
  const page = merged.slice(0, request.limit);
  const last = page.at(-1)?.seq ?? cursor.s;
  return { changes: page.map((p) => p.change()), cursor: encode({ s: last }), hasMore: merged.length > request.limit };
}

export function readChanges(db: Db, store: AppointmentStore, request: FeedRequest): WireChangePage {
  if (request.cursor === undefined) return snapshotPage(db, store, request, { s: 0 });
  const cursor = decode(db, request.cursor);
  return cursor.snap ? snapshotPage(db, store, request, cursor) : incrementalPage(store, request, cursor);
}

/**
 * GET /changes/digests: per known owner, a hash of the ids and sequence numbers of their appointments in the window
 * (a write moves a sequence number, a delete removes an id, the window moving adds or drops ids).
 */
export function ownerDigests(
  store: AppointmentStore,
  owners: readonly string[],
  window: { from: string; to: string },
  known: (owner: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const owner of new Set(owners)) {
    if (!known(owner)) continue;
    const stamps = store
      .stampsInWindow(owner, window)
      .map((r) => `${r.id}:${r.seq}`)
      .sort();
    out[owner] = createHash('sha256').update(stamps.join(',')).digest('base64url').slice(0, 16);
  }
  return out;
}
