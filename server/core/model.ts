/**
 * The canonical calendar event: the one shape both sides of a sync are converted to and from.
 * Pure types, no behaviour; normalisation and diffing live beside it in server/core.
 */

/** A UTC instant, ISO 8601 with seconds and `Z`: `2025-03-30T01:00:00Z`. */
export type UtcInstant = string;
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * When an event happens. Timed events keep the instant in UTC plus the IANA zone they were made in, so a
 * wall-clock meeting stays put across DST. All-day events are dates, end exclusive (a one-day event on the 5th
 * ends on the 6th), whatever either side stores.
 */
export type EventTiming =
  | { kind: 'timed'; start: UtcInstant; end: UtcInstant; timeZone: string }
  | { kind: 'allDay'; startDate: IsoDate; endDate: IsoDate };

/** How an attendee is invited; `resource` is a room or equipment. */
export type AttendeeRole = 'required' | 'optional' | 'resource';
/** An attendee's answer as both sides can express it; `none` is "not answered yet". */
export type AttendeeResponse = 'none' | 'organizer' | 'tentative' | 'accepted' | 'declined';

/** One invited person or resource, identified by e-mail on both sides. */
export interface Attendee {
  /** Lower-cased e-mail address: the identity of an attendee on both sides. */
  email: string;
  name?: string;
  role: AttendeeRole;
  response: AttendeeResponse;
}

/** A person without a role, such as the organizer. */
export interface Person {
  email: string;
  name?: string;
}

/** How the time shows on a free/busy view (Graph `showAs`; Odoo holds only free and busy). */
export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
/** Who may see the details (Graph `sensitivity`; Odoo `privacy`). */
export type Sensitivity = 'normal' | 'personal' | 'private' | 'confidential';

/** The business record an event belongs to in the ERP (a customer, a sale order, a CRM lead...). */
export interface ErpLink {
  model: string;
  id: string;
  /** Display name, for the pane; not compared when diffing. */
  name?: string;
}

/** A changed occurrence of a series, keyed by the start it would have had. */
export interface ModifiedOccurrence {
  /** Original start: a UTC instant for timed series, a date for all-day series. */
  originalStart: UtcInstant | IsoDate;
  event: OccurrenceFields;
}

/**
 * A recurring series. The rule is RFC 5545 (`FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250630T000000Z`, without the
 * `RRULE:` prefix), evaluated in `timeZone` from the series' first start. No occurrence cap: occurrences are
 * computed, never stored.
 */
export interface Recurrence {
  rrule: string;
  timeZone: string;
  /** Original starts of cancelled occurrences. */
  exDates: Array<UtcInstant | IsoDate>;
  modified: ModifiedOccurrence[];
}

/** The fields one occurrence can override. */
export interface OccurrenceFields {
  title: string;
  bodyHtml: string;
  timing: EventTiming;
  location: string;
  attendees: Attendee[];
  showAs: ShowAs;
  sensitivity: Sensitivity;
  categories: string[];
  reminderMinutes: number | null;
}

/** A whole event: an occurrence's fields plus what only a series or a pairing has. */
export interface CanonicalEvent extends OccurrenceFields {
  organizer: Person | null;
  recurrence: Recurrence | null;
  erpLink: ErpLink | null;
}

/** The fields reconciliation compares and merges one by one. */
export type EventField = keyof CanonicalEvent;

/** The fields a single occurrence of a series carries of its own (the rest belong to the series). */
export const OCCURRENCE_FIELDS: readonly (keyof OccurrenceFields)[] = [
  'title',
  'bodyHtml',
  'timing',
  'location',
  'attendees',
  'showAs',
  'sensitivity',
  'categories',
  'reminderMinutes',
];

/** Whether an event field is one an occurrence carries of its own. */
export function isOccurrenceField(field: EventField): field is keyof OccurrenceFields {
  return (OCCURRENCE_FIELDS as readonly EventField[]).includes(field); // Cast: safe widening, the list is of event fields
}

/** Every compared field, in the fixed order diffs and plans list fields in. */
export const EVENT_FIELDS: readonly EventField[] = [
  'title',
  'bodyHtml',
  'timing',
  'location',
  'attendees',
  'organizer',
  'showAs',
  'sensitivity',
  'categories',
  'reminderMinutes',
  'recurrence',
  'erpLink',
];
