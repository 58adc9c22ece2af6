/**
 * Microsoft Graph v1.0 shapes the Outlook adapter reads and writes (calendar events, delta pages, $batch,
 * subscriptions). What we read is defined once, by the zod schemas of wire-schemas.ts; these are their types. What we
 * write (event and $batch request bodies) has no schema and is declared here from the same parts.
 * These types stay inside server/outlook: nothing outside imports them.
 */
import type { z } from 'zod';
import type { AttendeeType, FreeBusyStatus, Sensitivity } from '@microsoft/microsoft-graph-types';
import type {
  AttendeeSchema,
  BatchResponseSchema,
  DateTimeZoneSchema,
  ExtendedPropertySchema,
  GraphEventSchema,
  GraphSubscriptionSchema,
  PatternedRecurrenceSchema,
  RecurrencePatternSchema,
} from './wire-schemas';

export type { DayOfWeek, WeekIndex, RecurrencePatternType } from '@microsoft/microsoft-graph-types';

/** Keys other than an index signature (a record such as `headers` has none and is kept whole). */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: 0 };

/**
 * What a loose schema reads, without its `[key: string]: unknown`: the schemas keep fields Graph adds, but code sees
 * only the fields we declared, so a misspelt field stays a compile error.
 */
export type Known<T> = T extends readonly (infer Item)[]
  ? Known<Item>[]
  : T extends object
    ? [NamedKeys<T>] extends [never]
      ? T
      : { [K in keyof T as string extends K ? never : K]: Known<T[K]> }
    : T;

type Read<Schema extends z.ZodType> = Known<z.output<Schema>>;

export type GraphDateTimeZone = Read<typeof DateTimeZoneSchema>;
export type GraphAttendee = Read<typeof AttendeeSchema>;
export type GraphRecurrencePattern = Read<typeof RecurrencePatternSchema>;
export type GraphPatternedRecurrence = Read<typeof PatternedRecurrenceSchema>;
export type GraphExtendedProperty = Read<typeof ExtendedPropertySchema>;
/** An event as Graph returns it (every field optional: `$select`, delta and @removed items omit some). */
export type GraphEvent = Read<typeof GraphEventSchema>;
export type GraphBatchResponse = Read<typeof BatchResponseSchema>;
export type GraphSubscription = Read<typeof GraphSubscriptionSchema>;

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

export interface GraphBatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, e.g. `/users/{id}/events`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}
