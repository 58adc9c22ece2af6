/**
 * Reads a Graph event body (POST or PATCH) into stored fields, validating as Exchange does: enum values in any case,
 * start/end in a Windows or IANA zone, all-day midnights, at most 500 attendees. It does not decide side effects.
 */
import { badRequest } from './errors';
import { enumValue, isObject, type Json } from './json';
import type { Attendee, EmailAddress, EventFields, EventLocation } from './model';
import { parseRecurrence } from './recurrence-input';
import { parseWall, resolveIana, utcToWall, wallToUtc, windowsName } from './tz';

export const MAX_ATTENDEES = 500;
/** "The subject is limited to 255 characters." https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/subject */
export const MAX_SUBJECT = 255;
export const UNSET_TIME = '0001-01-01T00:00:00Z';
const DAY_MS = 86_400_000;

function text(value: unknown, property: string): string {
  if (typeof value !== 'string') throw badRequest(`Property '${property}' must be a string.`);
  return value;
}

function subject(value: unknown): string {
  const out = text(value, 'subject');
  if (out.length > MAX_SUBJECT) {
    throw badRequest(`The subject is limited to ${MAX_SUBJECT} characters; this one has ${out.length}.`);
  }
  return out;
}

function bool(value: unknown, property: string): boolean {
  if (typeof value !== 'boolean') throw badRequest(`Property '${property}' must be a boolean.`);
  return value;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const HTML_HEAD =
  '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n';

/** Exchange stores bodies as full HTML documents; text bodies are escaped into one. */
export function toStoredHtml(body: unknown): string {
  if (!isObject(body)) throw badRequest("Property 'body' must be an itemBody.");
  const contentType = enumValue(body.contentType ?? 'text', ['text', 'html'] as const, 'body.contentType');
  const content = body.content === undefined || body.content === null ? '' : text(body.content, 'body.content');
  if (content === '') return '';
  const inner = contentType === 'html' ? content : escapeHtml(content).replace(/\r?\n/g, '<br>\r\n');
  return /<html[\s>]/i.test(inner) ? inner : `${HTML_HEAD}<body>\r\n${inner}\r\n</body>\r\n</html>\r\n`;
}

export function emailAddress(value: unknown, property: string): EmailAddress {
  if (!isObject(value)) throw badRequest(`Property '${property}' must be an emailAddress.`);
  const address = text(value.address ?? '', `${property}.address`);
  const name = value.name === undefined || value.name === null ? address : text(value.name, `${property}.name`);
  return { name, address };
}

function attendees(value: unknown): Attendee[] {
  if (!Array.isArray(value)) throw badRequest("Property 'attendees' must be a collection.");
  if (value.length > MAX_ATTENDEES) throw badRequest(`An event can have at most ${MAX_ATTENDEES} attendees.`);
  return value.map((a, i): Attendee => {
    if (!isObject(a)) throw badRequest(`attendees[${i}] must be an attendee.`);
    const response = isObject(a.status) ? a.status.response : undefined;
    return {
      type: enumValue(a.type ?? 'required', ['required', 'optional', 'resource'] as const, 'attendees.type'),
      status: {
        response: response
          ? enumValue(
              response,
              ['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded'] as const,
              'attendees.status.response',
            )
          : 'none',
        time: UNSET_TIME,
      },
      emailAddress: emailAddress(a.emailAddress, `attendees[${i}].emailAddress`),
    };
  });
}

function locationType(value: unknown): string {
  return typeof value === 'string' && value ? value[0]!.toLowerCase() + value.slice(1) : 'default';
}

/** An entry of `locations`: only places with an address (or an explicit uniqueId) get a private uniqueId. */
function locationEntry(value: unknown, property: string): EventLocation {
  if (!isObject(value)) throw badRequest(`Property '${property}' must be a location.`);
  const displayName = text(value.displayName ?? '', `${property}.displayName`);
  const identified = isObject(value.address) || isObject(value.coordinates) || typeof value.uniqueId === 'string';
  const out: EventLocation = identified
    ? {
        displayName,
        locationType: locationType(value.locationType),
        uniqueId: typeof value.uniqueId === 'string' ? value.uniqueId : displayName,
        uniqueIdType: 'private',
      }
    : { displayName, locationType: locationType(value.locationType), uniqueIdType: 'unknown' };
  if (typeof value.locationUri === 'string') out.locationUri = value.locationUri;
  if (isObject(value.address)) out.address = value.address as Record<string, string>;
  if (isObject(value.coordinates)) out.coordinates = value.coordinates as Record<string, number>;
  return out;
}

/** The single `location`: Exchange gives it a private uniqueId equal to its name. */
function topLocation(entry: EventLocation): EventLocation {
  if (!entry.displayName) return { displayName: '', locationType: 'default', uniqueIdType: 'unknown' };
  const { displayName, locationType: type, address, coordinates } = entry;
  return {
    displayName,
    locationType: type,
    uniqueId: displayName,
    uniqueIdType: 'private',
    ...(address ? { address } : {}),
    ...(coordinates ? { coordinates } : {}),
  };
}

function dateTimeTimeZone(value: unknown, property: string): { utc: number; zone: string } {
  if (!isObject(value) || typeof value.dateTime !== 'string') {
    throw badRequest(`Property '${property}' must be a dateTimeTimeZone with a dateTime.`);
  }
  const zoneName = typeof value.timeZone === 'string' && value.timeZone ? value.timeZone : 'UTC';
  const iana = resolveIana(zoneName);
  if (!iana)
    throw badRequest(
      `A valid TimeZone value must be specified. '${zoneName}' is not one.`,
      'TimeZoneNotSupportedException',
    );
  const wall = parseWall(value.dateTime);
  if (wall === undefined) throw badRequest(`Cannot convert '${value.dateTime}' to a dateTime.`);
  return { utc: wallToUtc(wall, iana), zone: windowsName(zoneName) };
}

const SIMPLE_ENUMS = {
  showAs: ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'],
  sensitivity: ['normal', 'personal', 'private', 'confidential'],
  importance: ['low', 'normal', 'high'],
} as const;
const BOOLEANS = [
  'isCancelled',
  'isDraft',
  'responseRequested',
  'isReminderOn',
  'isAllDay',
  'hideAttendees',
  'allowNewTimeProposals',
] as const;

/** Applies the settable properties of `body` onto a copy of `base`. */
export function applyEventBody(base: EventFields, body: Json): EventFields {
  const f: EventFields = structuredClone(base);
  if ('subject' in body) f.subject = body.subject === null ? '' : subject(body.subject);
  if ('body' in body) f.bodyHtml = body.body === null ? '' : toStoredHtml(body.body);
  if (body.start !== undefined) ({ utc: f.start, zone: f.startTimeZone } = dateTimeTimeZone(body.start, 'start'));
  if (body.end !== undefined) ({ utc: f.end, zone: f.endTimeZone } = dateTimeTimeZone(body.end, 'end'));
  for (const key of BOOLEANS) if (body[key] !== undefined) f[key] = bool(body[key], key);
  for (const [key, allowed] of Object.entries(SIMPLE_ENUMS) as [keyof typeof SIMPLE_ENUMS, readonly string[]][]) {
    if (body[key] !== undefined) f[key] = enumValue(body[key], allowed, key);
  }
  if (body.reminderMinutesBeforeStart !== undefined) {
    if (!Number.isInteger(body.reminderMinutesBeforeStart))
      throw badRequest('reminderMinutesBeforeStart must be an integer.');
    f.reminderMinutesBeforeStart = body.reminderMinutesBeforeStart as number;
  }
  if (body.categories !== undefined) {
    if (!Array.isArray(body.categories)) throw badRequest("Property 'categories' must be a collection of strings.");
    f.categories = body.categories.map((c) => text(c, 'categories'));
  }
  if (body.attendees !== undefined) f.attendees = attendees(body.attendees);
  if (body.locations !== undefined) {
    if (!Array.isArray(body.locations)) throw badRequest("Property 'locations' must be a collection.");
    f.locations = body.locations.map((l, i) => locationEntry(l, `locations[${i}]`));
    const single = f.locations.length === 1 ? f.locations[0]! : undefined;
    const names = f.locations.map((l) => l.displayName).filter(Boolean);
    f.location = topLocation(
      single ?? { displayName: names.join('; '), locationType: 'default', uniqueIdType: 'unknown' },
    );
  }
  if (body.location !== undefined && body.locations === undefined) {
    // Setting `location` replaces `locations` with that one place.
    const entry = locationEntry(body.location ?? {}, 'location');
    f.location = topLocation(entry);
    f.locations = entry.displayName ? [entry] : [];
  }
  if (body.recurrence !== undefined) {
    f.recurrence = body.recurrence === null ? null : parseRecurrence(body.recurrence, f);
    if (f.recurrence) validateStartDate(f);
  }
  validateTimes(f);
  return f;
}

/**
 * "The value of startDate MUST correspond to the date value of the start property on the event resource"
 * (https://learn.microsoft.com/en-us/graph/outlook-schedule-recurring-events, "Recurrence ranges"); checked when a
 * recurrence is written, the start read in the recurrence's zone.
 */
function validateStartDate(f: EventFields): void {
  const range = f.recurrence!.range;
  const zone = resolveIana(range.recurrenceTimeZone) ?? resolveIana(f.startTimeZone) ?? 'UTC';
  const startDate = new Date(utcToWall(f.start, zone)).toISOString().slice(0, 10);
  if (range.startDate !== startDate) {
    throw badRequest(
      `recurrence.range.startDate '${range.startDate}' must be the date of the event's start (${startDate}).`,
      'ErrorInvalidRequest',
    );
  }
}

function validateTimes(f: EventFields): void {
  // What Graph answers for an end before the start (seen in microsoft-graph-docs issue 7919).
  if (f.end < f.start) throw badRequest('At least one property failed validation.', 'ErrorPropertyValidationFailure');
  if (!f.isAllDay) return;
  // "start and end time must be set to midnight and be in the same time zone" (isAllDay,
  // https://learn.microsoft.com/en-us/graph/api/resources/event)
  if (f.startTimeZone !== f.endTimeZone) {
    throw badRequest(
      `An all-day event must start and end in the same time zone (start '${f.startTimeZone}', end '${f.endTimeZone}').`,
      'ErrorInvalidRequest',
    );
  }
  const startWall = utcToWall(f.start, resolveIana(f.startTimeZone) ?? 'UTC');
  const endWall = utcToWall(f.end, resolveIana(f.endTimeZone) ?? 'UTC');
  if (startWall % DAY_MS !== 0 || endWall % DAY_MS !== 0 || endWall <= startWall) {
    throw badRequest(
      "Your request can't be completed. If an event is marked as all-day, the start and end time must be midnight, and the end must be at least one day after the start.",
      'ErrorInvalidRequest',
    );
  }
}

export function defaultFields(organizer: EmailAddress, now: number): EventFields {
  return {
    subject: '',
    bodyHtml: '',
    start: now,
    end: now + 30 * 60_000,
    startTimeZone: 'UTC',
    endTimeZone: 'UTC',
    isAllDay: false,
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown' },
    locations: [],
    attendees: [],
    organizer,
    isOrganizer: true,
    responseStatus: { response: 'organizer', time: UNSET_TIME },
    showAs: 'busy',
    sensitivity: 'normal',
    importance: 'normal',
    categories: [],
    isCancelled: false,
    isDraft: false,
    responseRequested: true,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hideAttendees: false,
    allowNewTimeProposals: true,
    recurrence: null,
  };
}
