/**
 * The calendar emulator's stored shapes: one mailbox per directory user, events as records (single instances,
 * series masters, exceptions). Occurrences are never stored: they are expanded from their master on demand.
 */

export interface EmailAddress {
  name: string;
  address: string;
}

export interface ResponseStatus {
  response: 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';
  time: string;
}

export interface Attendee {
  type: 'required' | 'optional' | 'resource';
  status: ResponseStatus;
  emailAddress: EmailAddress;
}

export interface EventLocation {
  displayName: string;
  locationType: string;
  uniqueId?: string;
  uniqueIdType: string;
  locationUri?: string;
  address?: Record<string, string>;
  coordinates?: Record<string, number>;
}

export type PatternType =
  'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';
export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

export interface PatternedRecurrence {
  pattern: {
    type: PatternType;
    interval: number;
    month: number;
    dayOfMonth: number;
    daysOfWeek: DayOfWeek[];
    firstDayOfWeek: DayOfWeek;
    index: WeekIndex;
  };
  range: {
    type: 'endDate' | 'noEnd' | 'numbered';
    startDate: string;
    endDate: string;
    recurrenceTimeZone: string;
    numberOfOccurrences: number;
  };
}

/** The event properties a person or app can set (times as UTC epoch ms, zones as Windows names). */
export interface EventFields {
  subject: string;
  bodyHtml: string;
  start: number;
  end: number;
  startTimeZone: string;
  endTimeZone: string;
  isAllDay: boolean;
  location: EventLocation;
  locations: EventLocation[];
  attendees: Attendee[];
  organizer: EmailAddress;
  isOrganizer: boolean;
  responseStatus: ResponseStatus;
  showAs: string;
  sensitivity: string;
  importance: string;
  categories: string[];
  isCancelled: boolean;
  isDraft: boolean;
  responseRequested: boolean;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  hideAttendees: boolean;
  allowNewTimeProposals: boolean;
  recurrence: PatternedRecurrence | null;
}

export type StoredType = 'singleInstance' | 'seriesMaster' | 'exception';
export type InstanceType = StoredType | 'occurrence';

/** One stored event. `key` never changes (the immutable id); `folderGeneration` changes on every move. */
export interface EventRecord {
  key: string;
  userId: string;
  tenantId: string;
  folderGeneration: number;
  iCalUId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  type: StoredType;
  seriesMasterKey: string | null;
  /** UTC ms of the occurrence this exception replaces. */
  originalStart: number | null;
  transactionId: string | null;
  fields: EventFields;
  /** Occurrences and exceptions: the IANA zone their series expands in (dates of `occurrenceId`). */
  seriesTimeZone?: string;
  /** Master only: originalStart (UTC ms) of cancelled occurrences. */
  cancelledOccurrences: number[];
  /** Keyed by the normalized property id (type and GUID lower-cased, name as given). */
  extendedProperties: Record<string, { id: string; value: string }>;
}

/** A calendar entry as listed: a stored record or an occurrence expanded from its master. */
export interface EventInstance {
  record: EventRecord;
  type: InstanceType;
}

export interface MasterCategory {
  id: string;
  displayName: string;
  color: string;
}

export interface Mailbox {
  userId: string;
  tenantId: string;
  events: Record<string, EventRecord>;
  masterCategories: MasterCategory[];
}

/** How series expand: Exchange's documented rules (default) or plain RFC 5545 (what `rrule` alone does). */
export type RecurrenceSemantics = 'exchange' | 'rfc5545';

/** Behaviours Microsoft leaves unconfirmed, switchable at run time through the control routes. */
export interface CalendarOptions {
  /** Recurrence expansion rules (see recurrence.ts); 'rfc5545' only to compare with what RFC 5545 would give. */
  recurrenceSemantics: RecurrenceSemantics;
  /** Status for a stale If-Match on PATCH/DELETE (documented 412; one source says 409). */
  staleEtagStatus: 412 | 409;
  /** A POST replaying an existing transactionId: answer with the first event, or create a duplicate. */
  transactionIdReplay: 'returnExisting' | 'createDuplicate';
  /** Delta rounds repeat their first item on the last page (Graph says an item may appear more than once). */
  deltaRepeatItem: boolean;
  /** Delta page size when no `Prefer: odata.maxpagesize` is sent. */
  deltaDefaultPageSize: number;
}

export const DEFAULT_OPTIONS: CalendarOptions = {
  recurrenceSemantics: 'exchange',
  staleEtagStatus: 412,
  transactionIdReplay: 'returnExisting',
  deltaRepeatItem: false,
  deltaDefaultPageSize: 50,
};
