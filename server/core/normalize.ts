/**
 * The canonical comparison form of an event: two events that mean the same thing normalise to equal values and
 * the same fingerprint. Normalising never fails; malformed values pass through and validate.ts reports them.
 */
import { isIanaZone } from './wall-clock';
import { canonicalJson, fnv1a64 } from './fingerprint';
import { normalizeHtml } from './html';
import type {
  Attendee,
  CanonicalEvent,
  ErpLink,
  EventField,
  EventTiming,
  ModifiedOccurrence,
  OccurrenceFields,
  Person,
  Recurrence,
} from './model';

const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * `YYYY-MM-DDTHH:mm:ssZ` for any ISO instant with an offset (fractions truncated: Graph sends seven digits, Odoo
 * none). A value without an offset is not an instant and is returned unchanged, never guessed as UTC.
 */
export function normalizeInstant(value: string): string {
  const m = INSTANT.exec(value.trim());
  if (!m) return value;
  const ms = Date.parse(`${m[1]}${m[2] ?? ':00'}${m[4]}`);
  if (Number.isNaN(ms)) return value;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** An exception date: instants are normalised, dates are kept. */
function normalizeInstantOrDate(value: string): string {
  return value.length === 10 ? value : normalizeInstant(value);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareStrings);
}

function normalizeText(value: string): string {
  return value.normalize('NFC').trim();
}

function normalizeName(name: string | undefined): string | undefined {
  // Whitespace inside a name is collapsed: the quiet attendee block (rendered as HTML text) cannot keep it.
  const trimmed = name === undefined ? '' : normalizeText(name).replace(/\s+/g, ' ');
  return trimmed === '' ? undefined : trimmed;
}

/** E-mail addresses compare case-insensitively on both sides: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Instants in `YYYY-MM-DDTHH:mm:ssZ`, whatever offset or precision the side sent; dates as they are. */
export function normalizeTiming(timing: EventTiming): EventTiming {
  if (timing.kind === 'allDay') return { kind: 'allDay', startDate: timing.startDate, endDate: timing.endDate };
  return {
    kind: 'timed',
    start: normalizeInstant(timing.start),
    end: normalizeInstant(timing.end),
    timeZone: timing.timeZone.trim(),
  };
}

/** Attendees by lower-cased e-mail, sorted, one per address (the first listed wins). */
export function normalizeAttendees(attendees: readonly Attendee[]): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const a of attendees) {
    const email = normalizeEmail(a.email);
    if (byEmail.has(email)) continue;
    const name = normalizeName(a.name);
    byEmail.set(email, { email, ...(name === undefined ? {} : { name }), role: a.role, response: a.response });
  }
  return [...byEmail.values()].sort((x, y) => compareStrings(x.email, y.email));
}

/** An organizer keyed by lower-cased e-mail; a blank name is no name. */
export function normalizePerson(person: Person | null): Person | null {
  if (person === null) return null;
  const name = normalizeName(person.name);
  return { email: normalizeEmail(person.email), ...(name === undefined ? {} : { name }) };
}

/** Categories are a set: trimmed, blanks dropped, duplicates removed, sorted by code unit (locale-free, deterministic). */
export function normalizeCategories(categories: readonly string[]): string[] {
  return sortedUnique(categories.map(normalizeText).filter((c) => c !== ''));
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * The two-letter weekday of the series' first start: in `timeZone` for a timed start (Intl is ECMAScript, not
 * I/O), the date itself for an all-day one. Undefined when the start or zone cannot be read.
 */
function startWeekday(start: EventTiming | undefined, timeZone: string): string | undefined {
  if (start === undefined) return undefined;
  if (start.kind === 'allDay') {
    const ms = Date.parse(`${start.startDate}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : WEEKDAYS[new Date(ms).getUTCDay()];
  }
  const ms = Date.parse(normalizeInstant(start.start));
  if (Number.isNaN(ms) || !isIanaZone(timeZone)) return undefined;
  const short = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(new Date(ms));
  return short.slice(0, 2).toUpperCase();
}

/**
 * An RRULE in comparison form: `RRULE:` prefix dropped, parts upper-cased and sorted, defaults dropped
 * (`INTERVAL=1`; `WKST=MO`, and any WKST where it cannot matter: outside WEEKLY with INTERVAL>1), and a WEEKLY
 * rule without BYDAY given the weekday of `start` (RFC 5545 takes it from DTSTART), so Odoo's and Graph's
 * spellings of the same series are one rule. Without `start`, BYDAY is left as written.
 */
export function normalizeRrule(rrule: string, start?: EventTiming, timeZone = 'UTC'): string {
  const body = rrule.trim().replace(/^RRULE:/i, '');
  const parts = new Map<string, string>(); // name -> value ('' for a malformed part without one)
  for (const raw of body.split(';')) {
    const part = raw.trim().toUpperCase();
    if (part === '') continue;
    const at = part.indexOf('=');
    parts.set(at < 0 ? part : part.slice(0, at), at < 0 ? '' : part.slice(at + 1));
  }
  if (parts.get('INTERVAL') === '1') parts.delete('INTERVAL');
  const weekly = parts.get('FREQ') === 'WEEKLY';
  if (parts.get('WKST') === 'MO' || !weekly || !parts.has('INTERVAL')) parts.delete('WKST');
  if (weekly && !parts.has('BYDAY')) {
    const day = startWeekday(start, timeZone);
    if (day !== undefined) parts.set('BYDAY', day);
  }
  return [...parts]
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`))
    .sort(compareStrings)
    .join(';');
}

export function normalizeOccurrence(fields: OccurrenceFields): OccurrenceFields {
  return {
    title: normalizeText(fields.title),
    bodyHtml: normalizeHtml(fields.bodyHtml),
    timing: normalizeTiming(fields.timing),
    location: normalizeText(fields.location),
    attendees: normalizeAttendees(fields.attendees),
    showAs: fields.showAs,
    sensitivity: fields.sensitivity,
    categories: normalizeCategories(fields.categories),
    reminderMinutes: fields.reminderMinutes,
  };
}

/**
 * A series in comparison form: the rule normalised (against the series' first start, when given), exception dates
 * deduplicated and sorted, occurrences by original start.
 */
export function normalizeRecurrence(recurrence: Recurrence, start?: EventTiming): Recurrence;
export function normalizeRecurrence(recurrence: Recurrence | null, start?: EventTiming): Recurrence | null;
export function normalizeRecurrence(recurrence: Recurrence | null, start?: EventTiming): Recurrence | null {
  if (recurrence === null) return null;
  const modified: ModifiedOccurrence[] = recurrence.modified
    .map((m) => ({ originalStart: normalizeInstantOrDate(m.originalStart), event: normalizeOccurrence(m.event) }))
    .sort((x, y) => compareStrings(x.originalStart, y.originalStart));
  return {
    rrule: normalizeRrule(recurrence.rrule, start, recurrence.timeZone.trim()),
    timeZone: recurrence.timeZone.trim(),
    exDates: sortedUnique(recurrence.exDates.map(normalizeInstantOrDate)),
    modified,
  };
}

/** The link's display name is for the pane only and is not part of the comparison form. */
export function normalizeErpLink(link: ErpLink | null): ErpLink | null {
  return link === null ? null : { model: link.model.trim(), id: String(link.id).trim() };
}

/** The comparison form of a whole event. Idempotent: normalising a normal form changes nothing. */
export function normalizeEvent(event: CanonicalEvent): CanonicalEvent {
  return {
    ...normalizeOccurrence(event),
    organizer: normalizePerson(event.organizer),
    recurrence: normalizeRecurrence(event.recurrence, event.timing),
    erpLink: normalizeErpLink(event.erpLink),
  };
}

/** The comparison key of one field of an already normalised event. */
export function fieldKey(event: CanonicalEvent, field: EventField): string {
  return canonicalJson(event[field]);
}

/**
 * A stable fingerprint of the event's comparison form, or of only `fields` of it. The base stores it so a side
 * whose stamp moved can be checked cheaply.
 */
export function fingerprint(event: CanonicalEvent, fields?: readonly EventField[]): string {
  const normal = normalizeEvent(event);
  if (fields === undefined) return fnv1a64(canonicalJson(normal));
  const picked: Record<string, unknown> = {};
  for (const f of fields) picked[f] = normal[f];
  return fnv1a64(canonicalJson(picked));
}
