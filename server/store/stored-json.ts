/**
 * What the JSON columns hold, as zod schemas: a value read back from the database is parsed, never cast, so a row
 * written by another version (or by hand) fails loudly with its column's name instead of travelling on mistyped.
 * Each schema is tied to its type (z.ZodType<T>), so the compiler keeps the two in step. Objects are loose: keys
 * the schema does not name are kept as stored, so reading a row never changes what the engine compares.
 */
import { z } from 'zod';
import type {
  Attendee,
  CanonicalEvent,
  ErpLink,
  EventField,
  EventTiming,
  IntendedWrite,
  ModifiedOccurrence,
  OccurrenceFields,
  Person,
  Recurrence,
  WriteIntent,
} from '../core';
import { EVENT_FIELDS } from '../core';
import type { ConflictChoice, ConflictResolution } from './types';

const timing: z.ZodType<EventTiming> = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('timed'), start: z.string(), end: z.string(), timeZone: z.string() }),
  z.looseObject({ kind: z.literal('allDay'), startDate: z.string(), endDate: z.string() }),
]);

const attendee: z.ZodType<Attendee> = z.looseObject({
  email: z.string(),
  name: z.string().optional(),
  role: z.enum(['required', 'optional', 'resource']),
  response: z.enum(['none', 'organizer', 'tentative', 'accepted', 'declined']),
});

const person: z.ZodType<Person> = z.looseObject({ email: z.string(), name: z.string().optional() });

const erpLink: z.ZodType<ErpLink> = z.looseObject({ model: z.string(), id: z.string(), name: z.string().optional() });

const occurrenceShape = {
  title: z.string(),
  bodyHtml: z.string(),
  timing,
  location: z.string(),
  attendees: z.array(attendee),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']),
  sensitivity: z.enum(['normal', 'personal', 'private', 'confidential']),
  categories: z.array(z.string()),
  reminderMinutes: z.number().nullable(),
};

const occurrence: z.ZodType<OccurrenceFields> = z.looseObject(occurrenceShape);

const modified: z.ZodType<ModifiedOccurrence> = z.looseObject({ originalStart: z.string(), event: occurrence });

const recurrence: z.ZodType<Recurrence> = z.looseObject({
  rrule: z.string(),
  timeZone: z.string(),
  exDates: z.array(z.string()),
  modified: z.array(modified),
});

export const storedEvent: z.ZodType<CanonicalEvent> = z.looseObject({
  ...occurrenceShape,
  organizer: person.nullable(),
  recurrence: recurrence.nullable(),
  erpLink: erpLink.nullable(),
});

// Cast: z.enum wants a non-empty tuple; EVENT_FIELDS is a non-empty constant list.
const eventField = z.enum(EVENT_FIELDS as [EventField, ...EventField[]]);

const intendedWrite: z.ZodType<IntendedWrite> = z.discriminatedUnion('op', [
  z.looseObject({ op: z.literal('create') }),
  z.looseObject({ op: z.literal('update'), fields: z.array(eventField) }),
  z.looseObject({ op: z.literal('delete') }),
]);

export const storedIntent: z.ZodType<WriteIntent> = z.looseObject({
  runId: z.string(),
  at: z.string(),
  result: storedEvent.nullable(),
  writes: z.looseObject({ outlook: intendedWrite.optional(), erp: intendedWrite.optional() }),
  stamps: z.looseObject({ outlook: z.string().nullable(), erp: z.string().nullable() }),
});

const choice: z.ZodType<ConflictChoice> = z.enum(['outlook', 'erp']);

export const storedResolution: z.ZodType<ConflictResolution> = z.looseObject({
  choices: z.record(z.string(), choice),
  conflict: z.unknown(),
  chosenAt: z.string(),
});

/** A tenant's policy as stored: an object whose parts the engine's policy schema checks (policyOf). */
export const storedPolicy: z.ZodType<Record<string, unknown>> = z.record(z.string(), z.unknown());

export const storedFieldNames: z.ZodType<string[]> = z.array(z.string());

/** Free-form JSON (audit before/after, run summaries, condition details): any JSON value, read as unknown. */
export const storedAnything: z.ZodType<unknown> = z.unknown();
