/**
 * Canonical event -> Graph POST/PATCH body (pure): the only place an outbound event payload is built. Times are
 * written as wall readings in the event's IANA zone (Graph accepts IANA names), so DST is Exchange's to keep.
 * The organizer is not writable through Graph and is never sent; marks are added by the batch writer.
 */
import type { CanonicalEvent, EventField, EventTiming, OccurrenceFields } from '../core';
import { writeMarks } from './extended-properties';
import { mapped, mappingError, type Mapped } from './mapping-result';
import { rruleToGraphRecurrence } from './rrule-to-recurrence';
import { formatGraphDateTime, isIanaZone, parseDate, parseInstant, utcToWall } from './time-zones';
import type { GraphDateTimeZone, GraphEventWrite } from './wire-types';

export interface FromCanonicalOptions {
  /** Zone for all-day events that carry none (a single all-day event): the mailbox's zone; default UTC. */
  allDayTimeZone?: string;
}

interface GraphTiming {
  start: GraphDateTimeZone;
  end: GraphDateTimeZone;
  isAllDay: boolean;
}

function zoneOrUtc(zone: string | undefined): string {
  return zone && isIanaZone(zone) ? zone : 'UTC';
}

/** Graph start/end for a canonical timing: wall readings in the zone, midnights for all-day events. */
export function toGraphTiming(timing: EventTiming, allDayZone: string | undefined): Mapped<GraphTiming> {
  if (timing.kind === 'allDay') {
    const start = parseDate(timing.startDate);
    const end = parseDate(timing.endDate);
    if (start === undefined || end === undefined || end <= start) {
      return mappingError('invalid_event', `All-day dates ${timing.startDate}..${timing.endDate} are not a range.`);
    }
    const timeZone = zoneOrUtc(allDayZone);
    return mapped({
      start: { dateTime: formatGraphDateTime(start), timeZone },
      end: { dateTime: formatGraphDateTime(end), timeZone },
      isAllDay: true,
    });
  }
  const start = parseInstant(timing.start);
  const end = parseInstant(timing.end);
  if (start === undefined || end === undefined || end < start) {
    return mappingError('invalid_event', `Times ${timing.start}..${timing.end} are not a range.`);
  }
  const timeZone = zoneOrUtc(timing.timeZone);
  return mapped({
    start: { dateTime: formatGraphDateTime(utcToWall(start, timeZone)), timeZone },
    end: { dateTime: formatGraphDateTime(utcToWall(end, timeZone)), timeZone },
    isAllDay: false,
  });
}

function recurrenceWrite(event: CanonicalEvent): Mapped<GraphEventWrite['recurrence']> {
  if (!event.recurrence) return mapped(null);
  const zone = zoneOrUtc(event.recurrence.timeZone);
  const timing = event.timing;
  const startWall = timing.kind === 'allDay' ? parseDate(timing.startDate) : parseInstant(timing.start);
  if (startWall === undefined) return mappingError('invalid_event', 'The series has no readable start.');
  const wall = timing.kind === 'allDay' ? startWall : utcToWall(startWall, zone);
  return rruleToGraphRecurrence(event.recurrence.rrule, { startWall: wall, zone, allDay: timing.kind === 'allDay' });
}

type FieldWriter = (event: CanonicalEvent, body: GraphEventWrite, options: FromCanonicalOptions) => Mapped<null>;

const OK: Mapped<null> = mapped(null);

/** Occurrence fields shared by events and exceptions, one writer per canonical field. */
const OCCURRENCE_WRITERS: Record<
  keyof OccurrenceFields,
  (f: OccurrenceFields, body: GraphEventWrite, zone: string | undefined) => Mapped<null>
> = {
  title: (f, body) => ((body.subject = f.title), OK),
  bodyHtml: (f, body) => ((body.body = { contentType: 'html', content: f.bodyHtml }), OK),
  timing: (f, body, zone) => {
    const timing = toGraphTiming(f.timing, zone);
    if (!timing.ok) return timing;
    Object.assign(body, timing.value);
    return OK;
  },
  location: (f, body) => ((body.location = { displayName: f.location }), OK),
  attendees: (f, body) => {
    body.attendees = f.attendees.map((a) => ({
      type: a.role,
      emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) },
    }));
    return OK;
  },
  showAs: (f, body) => ((body.showAs = f.showAs), OK),
  sensitivity: (f, body) => ((body.sensitivity = f.sensitivity), OK),
  categories: (f, body) => ((body.categories = [...f.categories]), OK),
  reminderMinutes: (f, body) => {
    body.isReminderOn = f.reminderMinutes !== null;
    if (f.reminderMinutes !== null) body.reminderMinutesBeforeStart = f.reminderMinutes;
    return OK;
  },
};

/**
 * The PATCH body for one occurrence of a series (which makes it an exception): only `which` of its fields. All-day
 * times are written in `seriesZone`, timed ones in the occurrence's own zone.
 */
export function toGraphOccurrenceWrite(
  fields: OccurrenceFields,
  which: readonly (keyof OccurrenceFields)[],
  seriesZone: string | undefined,
): Mapped<GraphEventWrite> {
  const body: GraphEventWrite = {};
  for (const field of which) {
    const result = OCCURRENCE_WRITERS[field](fields, body, seriesZone);
    if (!result.ok) return result;
  }
  return mapped(body);
}

function allDayZone(event: CanonicalEvent, options: FromCanonicalOptions): string | undefined {
  return event.recurrence?.timeZone ?? options.allDayTimeZone;
}

const WRITERS: Record<EventField, FieldWriter> = {
  // Cast: fromEntries over OCCURRENCE_WRITERS keeps its keys, the occurrence fields.
  ...(Object.fromEntries(
    Object.entries(OCCURRENCE_WRITERS).map(([field, write]) => [
      field,
      (event: CanonicalEvent, body: GraphEventWrite, options: FromCanonicalOptions) =>
        write(event, body, allDayZone(event, options)),
    ]),
  ) as Record<keyof OccurrenceFields, FieldWriter>),
  // Graph sets the organizer to the mailbox owner; it cannot be written.
  organizer: () => OK,
  recurrence: (event, body) => {
    const recurrence = recurrenceWrite(event);
    if (!recurrence.ok) return recurrence;
    body.recurrence = recurrence.value;
    return OK;
  },
  erpLink: (event, body) => {
    body.singleValueExtendedProperties = [
      ...(body.singleValueExtendedProperties ?? []),
      ...writeMarks({ erpLink: event.erpLink }),
    ];
    return OK;
  },
};

/**
 * The POST body for a new event (every field) or the PATCH body for `fields` only. A series' range starts on its
 * first date, so a timing change on a series also rewrites its recurrence.
 */
export function toGraphEventWrite(
  event: CanonicalEvent,
  fields: readonly EventField[] | 'all' = 'all',
  options: FromCanonicalOptions = {},
): Mapped<GraphEventWrite> {
  // Cast: Object.keys types keys as string; WRITERS is a Record<EventField, ...>.
  const wanted = new Set<EventField>(fields === 'all' ? (Object.keys(WRITERS) as EventField[]) : fields);
  if (wanted.has('timing') && event.recurrence) wanted.add('recurrence');
  if (fields === 'all' && !event.recurrence) wanted.delete('recurrence');
  const body: GraphEventWrite = {};
  for (const field of wanted) {
    const result = WRITERS[field](event, body, options);
    if (!result.ok) return result;
  }
  return mapped(body);
}
