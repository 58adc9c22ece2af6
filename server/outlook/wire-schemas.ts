/**
 * Graph's answers parsed where they come in (zod, loose objects: Graph adds fields). Structure is checked; values of
 * Graph's enumerations are only checked to be strings, since Graph adds members ("unknownFutureValue") and the
 * mappers already treat a value they do not know. `parseGraph` turns a wrong shape into an OutlookError naming the
 * call and the field. These schemas are the one definition of what we read: wire-types.ts derives its types from them.
 */
import { z } from 'zod';
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
import { OutlookError } from './errors';

/** A member of one of Graph's enumerations: any string (see the module comment). */
const member = <T extends string>() => z.custom<T>((value) => typeof value === 'string', 'expected a string');
const maybe = <T extends z.ZodType>(schema: T) => schema.nullish();

/** `{dateTime: "2025-03-30T01:00:00.0000000", timeZone: "UTC"}`: a wall-clock reading in `timeZone`, no offset. */
export const DateTimeZoneSchema = z.looseObject({ dateTime: z.string(), timeZone: z.string() });
const EmailAddress = z.looseObject({ name: maybe(z.string()), address: maybe(z.string()) });
export const AttendeeSchema = z.looseObject({
  type: maybe(member<AttendeeType>()),
  status: maybe(z.looseObject({ response: maybe(member<ResponseType>()), time: maybe(z.string()) })),
  emailAddress: maybe(EmailAddress),
});
export const RecurrencePatternSchema = z.looseObject({
  type: member<RecurrencePatternType>(),
  interval: z.number(),
  month: z.number().optional(),
  dayOfMonth: z.number().optional(),
  daysOfWeek: z.array(member<DayOfWeek>()).optional(),
  firstDayOfWeek: member<DayOfWeek>().optional(),
  index: member<WeekIndex>().optional(),
});
export const PatternedRecurrenceSchema = z.looseObject({
  pattern: RecurrencePatternSchema,
  range: z.looseObject({
    type: member<RecurrenceRangeType>(),
    startDate: z.string(),
    endDate: maybe(z.string()),
    numberOfOccurrences: z.number().optional(),
    recurrenceTimeZone: maybe(z.string()),
  }),
});
export const ExtendedPropertySchema = z.looseObject({ id: z.string(), value: z.string() });

/**
 * An event as Graph returns it (every field optional: `$select`, delta and @removed items omit some). A field of the
 * wrong shape fails the page, naming it: read as absent it could untrack the event or empty its attendees on the
 * other side. An item without an id reads as id '' and the mappers name it unmappable (Microsoft's own published
 * delta page carries such a placeholder item; before, it read as id undefined).
 */
export const GraphEventSchema = z.looseObject({
  id: z.string().catch(''),
  '@odata.etag': z.string().optional(),
  '@removed': z.looseObject({ reason: z.string() }).optional(),
  changeKey: z.string().optional(),
  iCalUId: z.string().optional(),
  transactionId: maybe(z.string()),
  createdDateTime: z.string().optional(),
  lastModifiedDateTime: z.string().optional(),
  type: member<EventType>().optional(),
  seriesMasterId: maybe(z.string()),
  /** Occurrences and exceptions: the start the occurrence had in the pattern (an ISO instant with offset or Z). */
  originalStart: maybe(z.string()),
  originalStartTimeZone: maybe(z.string()),
  originalEndTimeZone: maybe(z.string()),
  subject: maybe(z.string()),
  body: maybe(z.looseObject({ contentType: maybe(z.enum(['text', 'html'])), content: maybe(z.string()) })).catch(
    undefined,
  ),
  start: maybe(DateTimeZoneSchema),
  end: maybe(DateTimeZoneSchema),
  isAllDay: maybe(z.boolean()),
  isCancelled: maybe(z.boolean()),
  location: maybe(z.looseObject({ displayName: maybe(z.string()) })),
  attendees: maybe(z.array(AttendeeSchema)),
  organizer: maybe(z.looseObject({ emailAddress: maybe(EmailAddress) })),
  showAs: maybe(member<FreeBusyStatus>()),
  sensitivity: maybe(member<Sensitivity>()),
  categories: maybe(z.array(z.string())),
  reminderMinutesBeforeStart: maybe(z.number()),
  isReminderOn: maybe(z.boolean()),
  recurrence: maybe(PatternedRecurrenceSchema),
  singleValueExtendedProperties: maybe(z.array(ExtendedPropertySchema)),
});

/** One page of a collection or delta round of `item`s. */
export function graphPageSchema<T>(item: z.ZodType<T>) {
  return z.looseObject({
    /** Absent on some empty pages: read as none. */
    value: z.array(item).optional(),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
  });
}

/** One sub-response of a `$batch` answer. */
export const BatchResponseSchema = z.looseObject({
  id: z.string(),
  status: z.number(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});

export const GraphBatchAnswerSchema = z.looseObject({ responses: z.array(BatchResponseSchema).optional() });

/** What a create's or update's 2xx answer carries that the writer keeps (Graph answers the whole event). */
export const WrittenEventSchema = z.looseObject({
  id: z.string().optional(),
  changeKey: maybe(z.string()),
  iCalUId: maybe(z.string()),
});

export const GraphSubscriptionSchema = z.looseObject({
  id: z.string(),
  resource: z.string(),
  changeType: z.string(),
  clientState: maybe(z.string()),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: maybe(z.string()),
  expirationDateTime: z.string(),
});

/**
 * `answer` parsed, or an OutlookError 'transient' naming `what` and the field: a wrong shape is most often a
 * proxy's or a passing fault, and the engine retries a transient failure later without losing anything.
 */
export function parseGraph<T>(schema: z.ZodType<T>, answer: unknown, what: string): T {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : 'answer';
  throw new OutlookError('transient', `${what}: Graph answered with an unexpected ${field}: ${issue?.message ?? ''}`, {
    status: 0,
    graphCode: null,
    requestId: null,
    body: { issues: parsed.error.issues.slice(0, 5) },
  });
}
