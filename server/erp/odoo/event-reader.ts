/**
 * Reads calendar.event records with everything the canonical event needs (attendees, tags, alarms, organizer),
 * and folds Odoo's one-record-per-occurrence series back into one canonical series under the calendar.recurrence's
 * id (record-ids.ts): the base event carries the rule, exception dates and modified occurrences. Odoo keeps no
 * original start for an occurrence edited alone; it is matched to the nearest start the rule produces that no
 * following occurrence holds. A version is `<stamp>#<fingerprint>`: the stamp is the newest write_date of the
 * event(s) and their attendees (an attendee's answer does not move the event's write_date); it has one-second
 * resolution, so the content decides within a second.
 */
import {
  canonicalJson,
  fingerprint,
  normalizeEvent,
  OCCURRENCE_FIELDS,
  type ModifiedOccurrence,
  type OccurrenceFields,
  type Recurrence,
} from '../../core';
import { z } from 'zod';
import type { ErpEvent } from '../port';
import { callParsed, parseAnswer, UserRowSchema } from './answers';
import type { OdooClient } from './client';
import {
  AlarmRowSchema,
  AttendeeRowSchema,
  EventRowSchema,
  MaskedRowSchema,
  RecurrenceRowSchema,
  TagRowSchema,
} from './event-answers';
import { seriesId, splitRecordIds } from './record-ids';
import { toCanonical, type EventContext } from './to-canonical';
import { fromOdooRule } from './odoo-rule';
import { anchoredTimes, seriesAnchor } from './series-anchor';
import { expandStarts, naiveToInstant, ruleOnly } from './times';
import {
  EVENT_READ_FIELDS,
  type OdooAttendeeRead,
  type OdooEventRead,
  type OdooRecurrenceRead,
  type OdooUserRead,
} from './wire-types';

const ALL = { active_test: false };
/** Fields an occurrence edited alone may change without leaving the rule. */
const CONTENT = [
  'name',
  'description',
  'location',
  'show_as',
  'privacy',
  'partner_ids',
  'categ_ids',
  'alarm_ids',
] as const;
const PAGE = 500;
/** Pages of a read by ids asked at once (a read-back of 2,000 new events: 4 calls side by side). */
const ID_PAGES_IN_FLIGHT = 4;

export class EventReader {
  constructor(
    private readonly client: OdooClient,
    private readonly reviewTag: string,
  ) {}

  /** Every calendar.event matching `domain`, archived included, paged. */
  async search(domain: unknown[]): Promise<OdooEventRead[]> {
    const out: OdooEventRead[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { rows, full } = await this.page(domain, offset, PAGE);
      out.push(...rows);
      if (!full) return out;
    }
  }

  /**
   * The calendar.event records with these ids matching `domain`: a page of ids per call (no page can hold more than
   * its ids, so none is asked for twice), up to ID_PAGES_IN_FLIGHT calls side by side.
   */
  private async byIds(ids: readonly number[], domain: unknown[]): Promise<OdooEventRead[]> {
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += PAGE) chunks.push(ids.slice(i, i + PAGE));
    const pages: OdooEventRead[][] = [];
    for (let i = 0; i < chunks.length; i += ID_PAGES_IN_FLIGHT) {
      const wave = chunks.slice(i, i + ID_PAGES_IN_FLIGHT);
      const answers = await Promise.all(wave.map((c) => this.page([['id', 'in', c], ...domain], 0, c.length)));
      pages.push(...answers.map((a) => a.rows));
    }
    return pages.flat();
  }

  /** One page of search_read; `full` when it held `limit` rows (more may follow). */
  private async page(domain: unknown[], offset: number, limit: number) {
    const params = { domain, fields: [...EVENT_READ_FIELDS], offset, limit, order: 'id', context: ALL };
    const page = await callParsed(this.client, 'calendar.event', 'search_read', params, z.array(z.unknown()));
    // A private event Odoo masked and nobody's key could read (private-events.ts) is left out, never a blank "Busy".
    const readable = page.filter((row) => !MaskedRowSchema.safeParse(row).success);
    const rows = parseAnswer(z.array(EventRowSchema), readable, 'calendar.event.search_read');
    return { rows, full: page.length >= limit };
  }

  /**
   * The port records with these ids (record-ids.ts), archived ones included; unknown ids are left out. Tags and
   * alarms in `known` are not read again (a bulk create's read-back: its look-up just found or made them).
   */
  async read(ids: readonly string[], known?: KnownNames): Promise<ErpEvent[]> {
    const { eventIds, recurrenceIds } = splitRecordIds(ids);
    const [singles, members] = await Promise.all([
      eventIds.length ? this.byIds(eventIds, [['recurrence_id', '=', false]]) : [],
      recurrenceIds.length ? this.search([['recurrence_id', 'in', recurrenceIds]]) : [],
    ]);
    const rows = [...singles, ...members];
    const wanted = new Set(ids);
    return (await this.assemble(rows, known)).filter((r) => wanted.has(r.id));
  }

  /** Port records for these rows: singles as they are, each touched series once (under its recurrence's id). */
  async assemble(records: OdooEventRead[], known?: KnownNames): Promise<ErpEvent[]> {
    const singles = records.filter((r) => !r.recurrence_id);
    const recurrenceIds = [...new Set(records.flatMap((r) => (r.recurrence_id ? [r.recurrence_id[0]] : [])))];
    const recurrences = recurrenceIds.length
      ? await callParsed(
          this.client,
          'calendar.recurrence',
          'search_read',
          { domain: [['id', 'in', recurrenceIds]], fields: ['rrule', 'event_tz', 'base_event_id', 'write_date'] },
          z.array(RecurrenceRowSchema),
        )
      : [];
    const members = recurrenceIds.length ? await this.search([['recurrence_id', 'in', recurrenceIds]]) : [];
    const context = await this.related([...singles, ...members], known);
    const out = singles.map((r) => this.single(r, context, null));
    for (const recurrence of recurrences) {
      const series = members.filter((m) => m.recurrence_id && m.recurrence_id[0] === recurrence.id);
      if (series.length) out.push(this.series(recurrence, series, context));
    }
    return out;
  }

  private single(
    record: OdooEventRead,
    related: Related,
    recurrence: Recurrence | null,
    writeDate = stampOf(record, related),
  ): ErpEvent {
    const event = toCanonical(record, this.contextFor(record, related, recurrence));
    return {
      id: String(record.id),
      version: versionOf(writeDate, event, record.active),
      event,
      active: record.active,
      needsReview: record.categ_ids.some((id) => related.tags.get(id) === this.reviewTag),
    };
  }

  private series(recurrence: OdooRecurrenceRead, events: OdooEventRead[], related: Related): ErpEvent {
    const sorted = [...events].sort((a, b) => a.start.localeCompare(b.start));
    const baseId = recurrence.base_event_id ? recurrence.base_event_id[0] : null;
    // Cast: read() calls series() only when the series has at least one member.
    const base = sorted.find((e) => e.id === baseId) ?? (sorted[0] as OdooEventRead);
    const zone = recurrence.event_tz || base.event_tz || 'UTC';
    const rule = fromOdooRule(ruleOnly(recurrence.rrule || ''), zone, base.allday);
    const key = (e: OdooEventRead) => (e.allday ? e.start_date || e.start.slice(0, 10) : e.start);
    const following = sorted.filter((e) => e.active && e.follow_recurrence);
    const anchor = seriesAnchor(recurrence.rrule || '', rule, sorted, following.map(key), zone, base.allday);
    const expected = expandStarts(rule, anchor, zone, base.allday);
    const held = new Set(following.map(key));
    let missing = expected.filter((s) => !held.has(s));
    const modified: ModifiedOccurrence[] = [];
    for (const detached of sorted.filter((e) => e.active && !e.follow_recurrence)) {
      const at = Date.parse(naiveToInstant(key(detached).length === 10 ? `${key(detached)} 00:00:00` : key(detached)));
      const nearest = missing.reduce<string | null>(
        (best, s) => (best === null || distance(s, at) < distance(best, at) ? s : best),
        null,
      );
      if (nearest === null) continue;
      missing = missing.filter((s) => s !== nearest);
      const {
        recurrence: _r,
        organizer: _o,
        erpLink: _l,
        ...fields
      } = toCanonical(detached, this.contextFor(detached, related, null));
      modified.push({ originalStart: base.allday ? nearest : naiveToInstant(nearest), event: fields });
    }
    // An occurrence edited alone but not re-timed keeps following the rule: it differs from the base in content.
    // Answers too: each occurrence has its own calendar.attendee rows, and an attendee may answer one alone.
    const differs = (e: OdooEventRead) =>
      CONTENT.some((f) => JSON.stringify(e[f]) !== JSON.stringify(base[f])) ||
      answers(e, related) !== answers(base, related);
    // Raw fields differ where the series' own do not (real Odoo gives each generated occurrence its own record
    // values), so the canonical fields decide: an occurrence that reads as the series is no exception.
    const seriesFields = normalizeEvent(toCanonical(base, this.contextFor(base, related, null)));
    const own = (fields: OccurrenceFields) => {
      const normal = normalizeEvent({ ...seriesFields, ...fields });
      return OCCURRENCE_FIELDS.some(
        (f) => f !== 'timing' && canonicalJson(normal[f]) !== canonicalJson(seriesFields[f]),
      );
    };
    for (const follower of sorted.filter((e) => e.active && e.follow_recurrence && e.id !== base.id && differs(e))) {
      const {
        recurrence: _r,
        organizer: _o,
        erpLink: _l,
        ...fields
      } = toCanonical(follower, this.contextFor(follower, related, null));
      if (!own(fields)) continue;
      modified.push({ originalStart: base.allday ? key(follower) : naiveToInstant(follower.start), event: fields });
    }
    modified.sort((a, b) => a.originalStart.localeCompare(b.originalStart));
    const rec: Recurrence = {
      rrule: rule,
      timeZone: zone,
      exDates: missing.map((s) => (base.allday ? s : naiveToInstant(s))),
      modified,
    };
    // The newest stamp of the recurrence and its members (ISO-like strings sort in time order).
    const stamp = [recurrence.write_date, ...events.map((e) => stampOf(e, related))].reduce((a, b) => (b > a ? b : a));
    // The series is timed at its first occurrence by the rule (the anchor), whatever became of that occurrence.
    const first = { ...base, ...anchoredTimes(base, anchor), event_tz: zone };
    const single = this.single(first, related, rec, stamp);
    const active = events.some((e) => e.active);
    return { ...single, id: seriesId(recurrence.id), active, version: versionOf(stamp, single.event, active) };
  }

  private contextFor(record: OdooEventRead, related: Related, recurrence: Recurrence | null): EventContext {
    const user = record.user_id ? related.users.get(record.user_id[0]) : undefined;
    return {
      attendees: related.attendees,
      tags: related.tags,
      alarms: related.alarms,
      organizer: user ? { email: (user.email || user.login).toLowerCase(), name: user.name } : null,
      organizerPartnerId: user?.partner_id ? user.partner_id[0] : null,
      fallbackZone: user?.tz || 'UTC',
      reviewTag: this.reviewTag,
      recurrence,
    };
  }

  private async related(records: OdooEventRead[], known?: KnownNames): Promise<Related> {
    const unique = (ids: number[]) => [...new Set(ids)];
    const attendeeIds = unique(records.flatMap((r) => r.attendee_ids));
    const tagIds = unique(records.flatMap((r) => r.categ_ids)).filter((id) => !known?.tags.has(id));
    const alarmIds = unique(records.flatMap((r) => r.alarm_ids)).filter((id) => !known?.alarms.has(id));
    const userIds = unique(records.flatMap((r) => (r.user_id ? [r.user_id[0]] : [])));
    const [attendees, tags, alarms, users] = await Promise.all([
      this.readMany(
        'calendar.attendee',
        attendeeIds,
        ['partner_id', 'email', 'common_name', 'state', 'write_date'],
        AttendeeRowSchema,
      ),
      this.readMany('calendar.event.type', tagIds, ['name'], TagRowSchema),
      this.readMany('calendar.alarm', alarmIds, ['duration_minutes'], AlarmRowSchema),
      this.readMany('res.users', userIds, ['login', 'name', 'email', 'partner_id', 'tz'], UserRowSchema),
    ]);
    return {
      attendees: new Map(attendees.map((a) => [a.id, a])),
      tags: new Map([...(known?.tags ?? []), ...tags.map((t): [number, string] => [t.id, t.name])]),
      alarms: new Map([...(known?.alarms ?? []), ...alarms.map((a): [number, number] => [a.id, a.duration_minutes])]),
      users: new Map(users.map((u) => [u.id, u])),
    };
  }

  /** search_read by ids (not read: a row deleted meanwhile is skipped, not a MissingError). */
  private async readMany<S extends z.ZodType>(
    model: string,
    ids: number[],
    fields: string[],
    row: S,
  ): Promise<Array<z.infer<S>>> {
    if (ids.length === 0) return [];
    const params = { domain: [['id', 'in', ids]], fields, context: ALL };
    return callParsed(this.client, model, 'search_read', params, z.array(row));
  }
}

/** Tag names and alarm minutes by id, known without reading them. */
export interface KnownNames {
  tags: ReadonlyMap<number, string>;
  alarms: ReadonlyMap<number, number>;
}

interface Related {
  attendees: Map<number, OdooAttendeeRead>;
  tags: Map<number, string>;
  alarms: Map<number, number>;
  users: Map<number, OdooUserRead>;
}

/** An event's attendee answers in a comparable form (`email:state`, sorted). */
function answers(record: OdooEventRead, related: Related): string {
  return record.attendee_ids
    .map((id) => related.attendees.get(id))
    .map((a) => `${String(a?.email || (a?.partner_id ? a.partner_id[0] : '')).toLowerCase()}:${a?.state ?? ''}`)
    .sort()
    .join(',');
}

/** The newest write_date of an event and its attendees (an answer given in Odoo stamps only the attendee). */
function stampOf(record: OdooEventRead, related: Related): string {
  let stamp = record.write_date;
  for (const id of record.attendee_ids) {
    const at = related.attendees.get(id)?.write_date;
    if (at && at > stamp) stamp = at;
  }
  return stamp;
}

/**
 * `<write_date>#<fingerprint of the canonical event>`, with `~archived` on an archived record: equal versions mean
 * equal content, even within a second (an archive in the second of the create must still read as a change).
 */
export function versionOf(writeDate: string, event: Parameters<typeof fingerprint>[0], active: boolean): string {
  return `${writeDate}#${fingerprint(event)}${active ? '' : '~archived'}`;
}

/** The write_date part of a version (what Odoo itself can compare). */
export function writeDateOf(version: string): string {
  const at = version.indexOf('#');
  return at < 0 ? version : version.slice(0, at);
}

function distance(start: string, at: number): number {
  const ms = Date.parse(start.length === 10 ? `${start}T00:00:00Z` : naiveToInstant(start));
  return Math.abs(ms - at);
}
