/**
 * Graph event -> canonical event (pure). Times are read as Graph sends them without `Prefer: outlook.timezone`
 * (UTC wall readings) and the canonical zone comes from `originalStartTimeZone`. A series master's exceptions
 * and cancelled occurrences are added by series.ts, which sees the instances.
 */
import type { Attendee, AttendeeResponse, CanonicalEvent, EventTiming, OccurrenceFields, Person } from '../core';
import { effectiveErpLink, readMarks } from './extended-properties';
import { mapped, mappingError, type Mapped } from './mapping-result';
import { graphRecurrenceToRrule } from './recurrence-to-rrule';
import { formatUtcInstant, ianaFromGraphZone, parseDate, parseGraphDateTime, wallToUtc } from './time-zones';
import type { GraphAttendee, GraphDateTimeZone, GraphEvent } from './wire-types';

const RESPONSES: Record<string, AttendeeResponse> = {
  none: 'none',
  notResponded: 'none',
  organizer: 'organizer',
  tentativelyAccepted: 'tentative',
  accepted: 'accepted',
  declined: 'declined',
};

export interface ToCanonicalOptions {
  /** The add-in's manifest id, to read its custom properties (erpLink) when the event was read with them. */
  addinManifestId?: string;
}

function instant(value: GraphDateTimeZone, name: string): Mapped<number> {
  const wall = parseGraphDateTime(value.dateTime);
  if (wall === undefined)
    return mappingError('invalid_event', `${name}.dateTime "${value.dateTime}" is not a date-time.`);
  return mapped(wallToUtc(wall, ianaFromGraphZone(value.timeZone)));
}

/** The event's canonical timing: UTC instants in the creation zone, or all-day dates (end exclusive). */
export function toTiming(event: GraphEvent): Mapped<EventTiming> {
  // Typed as present, but a payload may lack them (Microsoft's own resource example has none): report, never throw.
  if (typeof event.start?.dateTime !== 'string' || typeof event.end?.dateTime !== 'string') {
    return mappingError('invalid_event', 'The event has no start or end date-time.');
  }
  if (event.isAllDay) {
    const startDate = event.start.dateTime.slice(0, 10);
    const endDate = event.end.dateTime.slice(0, 10);
    if (parseDate(startDate) === undefined || parseDate(endDate) === undefined) {
      return mappingError('invalid_event', 'The all-day event has unreadable dates.');
    }
    return mapped({ kind: 'allDay', startDate, endDate });
  }
  const start = instant(event.start, 'start');
  if (!start.ok) return start;
  const end = instant(event.end, 'end');
  if (!end.ok) return end;
  const timeZone = ianaFromGraphZone(event.originalStartTimeZone ?? event.start.timeZone);
  return mapped({ kind: 'timed', start: formatUtcInstant(start.value), end: formatUtcInstant(end.value), timeZone });
}

function toAttendee(attendee: GraphAttendee): Attendee | null {
  const email = attendee.emailAddress?.address?.trim().toLowerCase();
  if (!email) return null;
  const name = attendee.emailAddress?.name?.trim();
  return {
    email,
    ...(name ? { name } : {}),
    role: attendee.type === 'optional' || attendee.type === 'resource' ? attendee.type : 'required',
    response: RESPONSES[attendee.status?.response ?? 'none'] ?? 'none',
  };
}

function toPerson(address: { name?: string | null; address?: string | null } | null | undefined): Person | null {
  const email = address?.address?.trim().toLowerCase();
  if (!email) return null;
  const name = address?.name?.trim();
  return { email, ...(name ? { name } : {}) };
}

/** HTML as Graph gives it; a text body (someone asked for text) is escaped into HTML. */
function bodyHtml(event: GraphEvent): string {
  const content = event.body?.content ?? '';
  if (event.body?.contentType !== 'text') return content;
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/\r?\n/g, '<br>');
}

/** The fields one occurrence (or a single event) carries. */
export function toOccurrenceFields(event: GraphEvent): Mapped<OccurrenceFields> {
  const timing = toTiming(event);
  if (!timing.ok) return timing;
  return mapped({
    title: event.subject ?? '',
    bodyHtml: bodyHtml(event),
    timing: timing.value,
    location: event.location?.displayName ?? '',
    attendees: (event.attendees ?? []).map(toAttendee).filter((a): a is Attendee => a !== null),
    showAs: event.showAs ?? 'busy',
    sensitivity: event.sensitivity ?? 'normal',
    categories: [...(event.categories ?? [])],
    reminderMinutes: event.isReminderOn === false ? null : (event.reminderMinutesBeforeStart ?? 15),
  });
}

/**
 * A single event, an occurrence, an exception, or a series master (then with its rule, but no exDates or
 * modified occurrences: series.ts adds those from the instances).
 */
export function toCanonicalEvent(event: GraphEvent, options: ToCanonicalOptions = {}): Mapped<CanonicalEvent> {
  const fields = toOccurrenceFields(event);
  if (!fields.ok) return fields;
  let recurrence: CanonicalEvent['recurrence'] = null;
  if (event.type === 'seriesMaster' && event.recurrence) {
    const timeZone = ianaFromGraphZone(event.recurrence.range.recurrenceTimeZone || event.originalStartTimeZone);
    const rrule = graphRecurrenceToRrule(event.recurrence, { allDay: event.isAllDay === true, zone: timeZone });
    if (!rrule.ok) return rrule;
    recurrence = { rrule: rrule.value, timeZone, exDates: [], modified: [] };
  }
  const marks = readMarks(event.singleValueExtendedProperties, options.addinManifestId);
  return mapped({
    ...fields.value,
    organizer: toPerson(event.organizer?.emailAddress),
    recurrence,
    erpLink: effectiveErpLink(marks),
  });
}
