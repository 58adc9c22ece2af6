/**
 * The reference ERP's appointment records: create, patch, archive, delete (leaving a tombstone), read by id or
 * by owner and window. Every write takes the next change sequence number, which is also the new version.
 */
import type {
  WireAppointment,
  WireAppointmentCreate,
  WireAppointmentFields,
  WireAppointmentPatch,
  WireLink,
} from './contract-types';
import { nextValue, type Db } from './database';
import { customerOf, linkName } from './directory';

type StoredFields = Omit<WireAppointmentFields, 'needsReview'>;

interface Row {
  id: string;
  owner_id: string;
  seq: number;
  active: number;
  needs_review: number;
  fields: string;
  created_at: string;
  updated_at: string;
}

export const SEQUENCE = 'change_seq';

const DEFAULTS: Omit<StoredFields, 'title' | 'timing'> = {
  bodyHtml: '',
  location: '',
  attendees: [],
  organizer: null,
  showAs: 'busy',
  sensitivity: 'normal',
  categories: [],
  reminderMinutes: 15,
  recurrence: null,
  link: null,
};

/** The instants the window query compares; all-day dates count from midnight UTC, which is close enough to page. */
function span(fields: StoredFields): { start: string; end: string } {
  const t = fields.timing;
  return t.kind === 'timed'
    ? { start: new Date(t.start).toISOString(), end: new Date(t.end).toISOString() }
    : { start: `${t.startDate}T00:00:00.000Z`, end: `${t.endDate}T00:00:00.000Z` };
}

function storedLink(link: WireLink | null | undefined): WireLink | null {
  return link ? { model: link.model, id: link.id } : null;
}

function present(db: Db, row: Row, baseUrl: string): WireAppointment {
  const fields = JSON.parse(row.fields) as StoredFields;
  const link = fields.link ? { ...fields.link, name: linkName(db, fields.link) } : null;
  return {
    id: row.id,
    version: String(row.seq),
    ownerId: row.owner_id,
    active: row.active === 1,
    needsReview: row.needs_review === 1,
    customer: customerOf(db, fields.link),
    url: `${baseUrl}/ui/appointment/${encodeURIComponent(row.id)}`,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...fields,
    link,
  };
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class AppointmentStore {
  constructor(private readonly db: Db) {}

  private row(id: string): Row | undefined {
    return this.db.prepare('SELECT * FROM appointments WHERE id = ?').get(id) as Row | undefined;
  }

  get(id: string, baseUrl: string): WireAppointment | null {
    const row = this.row(id);
    return row ? present(this.db, row, baseUrl) : null;
  }

  isDeleted(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM tombstones WHERE id = ?').get(id) !== undefined;
  }

  create(input: WireAppointmentCreate, baseUrl: string): WireAppointment {
    const { ownerId, needsReview, ...given } = input;
    const fields: StoredFields = { ...DEFAULTS, ...given, link: storedLink(given.link) };
    const id = `apt-${nextValue(this.db, 'appointment_id')}`;
    const seq = nextValue(this.db, SEQUENCE);
    const { start, end } = span(fields);
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO appointments (id, owner_id, seq, active, needs_review, fields, start_at, end_at, recurring, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        ownerId,
        seq,
        needsReview ? 1 : 0,
        JSON.stringify(fields),
        start,
        end,
        fields.recurrence ? 1 : 0,
        now,
        now,
      );
    return this.get(id, baseUrl) as WireAppointment;
  }

  /** Applies a top-level merge; returns null when the appointment does not exist. */
  update(id: string, patch: WireAppointmentPatch, baseUrl: string): WireAppointment | null {
    const row = this.row(id);
    if (!row) return null;
    const { needsReview, active, ...given } = patch;
    const fields: StoredFields = { ...(JSON.parse(row.fields) as StoredFields), ...given };
    if ('link' in given) fields.link = storedLink(given.link);
    const { start, end } = span(fields);
    this.db
      .prepare(
        `UPDATE appointments SET seq = ?, active = ?, needs_review = ?, fields = ?, start_at = ?, end_at = ?, recurring = ?,
         updated_at = ? WHERE id = ?`,
      )
      .run(
        nextValue(this.db, SEQUENCE),
        active === undefined ? row.active : active ? 1 : 0,
        needsReview === undefined ? row.needs_review : needsReview ? 1 : 0,
        JSON.stringify(fields),
        start,
        end,
        fields.recurrence ? 1 : 0,
        nowIso(),
        id,
      );
    return this.get(id, baseUrl);
  }

  /** Hard delete: the row goes, a tombstone with a fresh sequence number stays for the feed. */
  remove(id: string): boolean {
    const row = this.row(id);
    if (!row) return false;
    this.db.prepare('DELETE FROM appointments WHERE id = ?').run(id);
    this.db
      .prepare('INSERT INTO tombstones (id, owner_id, seq, deleted_at) VALUES (?, ?, ?, ?)')
      .run(id, row.owner_id, nextValue(this.db, SEQUENCE), nowIso());
    return true;
  }

  /** Existing appointments among `ids`, in id order, after `afterId`. */
  byIds(ids: string[], afterId: string, limit: number, baseUrl: string): WireAppointment[] {
    const marks = ids.map(() => '?').join(',');
    const rows = this.db
      .prepare(`SELECT * FROM appointments WHERE id IN (${marks}) AND id > ? ORDER BY id LIMIT ?`)
      .all(...ids, afterId, limit) as Row[];
    return rows.map((row) => present(this.db, row, baseUrl));
  }

  /** An owner's appointments overlapping [from, to) in id order after `afterId`; series count from their first start. */
  byOwner(
    owner: string,
    window: { from: string; to: string },
    afterId: string,
    limit: number,
    baseUrl: string,
  ): WireAppointment[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM appointments WHERE owner_id = ? AND start_at < ? AND (end_at > ? OR recurring = 1) AND id > ?
         ORDER BY id LIMIT ?`,
      )
      .all(owner, window.to, window.from, afterId, limit) as Row[];
    return rows.map((row) => present(this.db, row, baseUrl));
  }

  /** Rows of `owner` changed after `seq`, in sequence order; with a window, only those overlapping it. */
  changedSince(owner: string, seq: number, limit: number, window: { from: string; to: string } | null): Row[] {
    const filter = window ? 'AND start_at < @to AND (end_at > @from OR recurring = 1)' : '';
    return this.db
      .prepare(`SELECT * FROM appointments WHERE owner_id = @owner AND seq > @seq ${filter} ORDER BY seq LIMIT @limit`)
      .all(window ? { owner, seq, limit, ...window } : { owner, seq, limit }) as Row[];
  }

  /** Id and sequence number of each appointment of `owner` overlapping the window, archived included. */
  stampsInWindow(owner: string, window: { from: string; to: string }): Array<{ id: string; seq: number }> {
    return this.db
      .prepare(
        'SELECT id, seq FROM appointments WHERE owner_id = @owner AND start_at < @to AND (end_at > @from OR recurring = 1)',
      )
      .all({ owner, ...window }) as Array<{ id: string; seq: number }>;
  }

  presentRow(row: Row, baseUrl: string): WireAppointment {
    return present(this.db, row, baseUrl);
  }

  tombstonesSince(owner: string, seq: number, limit: number): Array<{ id: string; seq: number; deleted_at: string }> {
    return this.db
      .prepare('SELECT id, seq, deleted_at FROM tombstones WHERE owner_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(owner, seq, limit) as Array<{ id: string; seq: number; deleted_at: string }>;
  }
}

export type AppointmentRow = Row;
