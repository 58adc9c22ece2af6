/**
 * Microsoft Graph v1.0 shapes the Outlook adapter reads and writes (calendar events, delta pages, $batch,
 * subscriptions). Enumerations come from @microsoft/microsoft-graph-types; objects are narrowed to what we use.
 * These types stay inside server/outlook: nothing outside imports them.
 */
import type {
  AttendeeType,
  DayOfWeek,
  EventType,
  FreeBusyStatus,
  RecurrencePatternType,
  RecurrenceRangeType,
  ResponseType,
  Sensitivity,
  WeekIndex,
} from '@microsoft/microsoft-graph-types';

export type { DayOfWeek, WeekIndex, RecurrencePatternType };

/** `{dateTime: "2025-03-30T01:00:00.0000000", timeZone: "UTC"}`: a wall-clock reading in `timeZone`, no offset. */
export interface GraphDateTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface GraphEmailAddress {
  name?: string | null;
  address?: string | null;
}

export interface GraphAttendee {
  type?: AttendeeType | null;
  status?: { response?: ResponseType | null; time?: string | null } | null;
  emailAddress?: GraphEmailAddress | null;
}

export interface GraphRecurrencePattern {
  type: RecurrencePatternType;
  interval: number;
  month?: number;
  dayOfMonth?: number;
  daysOfWeek?: DayOfWeek[];
  firstDayOfWeek?: DayOfWeek;
  index?: WeekIndex;
}

export interface GraphRecurrenceRange {
  type: RecurrenceRangeType;
  startDate: string;
  endDate?: string | null;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string | null;
}

export interface GraphPatternedRecurrence {
  pattern: GraphRecurrencePattern;
  range: GraphRecurrenceRange;
}

export interface GraphExtendedProperty {
  id: string;
  value: string;
}

/** An event as Graph returns it (every field optional: `$select`, delta and @removed items omit some). */
export interface GraphEvent {
  id: string;
  '@odata.etag'?: string;
  '@removed'?: { reason: string };
  changeKey?: string;
  iCalUId?: string;
  transactionId?: string | null;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  type?: EventType;
  seriesMasterId?: string | null;
  /** Occurrences and exceptions: the start the occurrence had in the pattern (an ISO instant with offset or Z). */
  originalStart?: string | null;
  originalStartTimeZone?: string | null;
  originalEndTimeZone?: string | null;
  subject?: string | null;
  body?: { contentType?: 'text' | 'html' | null; content?: string | null } | null;
  start?: GraphDateTimeZone | null;
  end?: GraphDateTimeZone | null;
  isAllDay?: boolean | null;
  isCancelled?: boolean | null;
  location?: { displayName?: string | null } | null;
  attendees?: GraphAttendee[] | null;
  organizer?: { emailAddress?: GraphEmailAddress | null } | null;
  showAs?: FreeBusyStatus | null;
  sensitivity?: Sensitivity | null;
  categories?: string[] | null;
  reminderMinutesBeforeStart?: number | null;
  isReminderOn?: boolean | null;
  recurrence?: GraphPatternedRecurrence | null;
  singleValueExtendedProperties?: GraphExtendedProperty[] | null;
}

/** The writable part of an event: what POST and PATCH bodies carry. */
export interface GraphEventWrite {
  subject?: string;
  body?: { contentType: 'html'; content: string };
  start?: GraphDateTimeZone;
  end?: GraphDateTimeZone;
  isAllDay?: boolean;
  location?: { displayName: string };
  attendees?: Array<{ type: AttendeeType; emailAddress: { address: string; name?: string } }>;
  showAs?: FreeBusyStatus;
  sensitivity?: Sensitivity;
  categories?: string[];
  reminderMinutesBeforeStart?: number;
  isReminderOn?: boolean;
  recurrence?: GraphPatternedRecurrence | null;
  transactionId?: string;
  singleValueExtendedProperties?: GraphExtendedProperty[];
}

/** One page of a collection or delta response. */
export interface GraphPage<T> {
  /** Absent on some empty pages: read as none. */
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

export interface GraphBatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, e.g. `/users/{id}/events`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface GraphBatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  clientState?: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  expirationDateTime: string;
}
