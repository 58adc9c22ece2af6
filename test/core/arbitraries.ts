/**
 * fast-check arbitraries for canonical events, exported for any suite that needs realistic calendar data: timed
 * events in IANA zones around DST transitions, all-day multi-day events, series with exception dates and modified
 * occurrences, HTML and unicode bodies, attendees. Generates well-formed events only (validateEvent passes).
 */
import fc from 'fast-check';
import type {
  Attendee,
  CanonicalEvent,
  EventField,
  EventTiming,
  OccurrenceFields,
  Recurrence,
  Sensitivity,
  ShowAs,
} from '../../server/core';
import { EVENT_FIELDS } from '../../server/core';

export const ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC',
] as const;

/** Instants at which some zone above changes its offset (2025), to put events across the jump. */
export const DST_TRANSITIONS = [
  '2025-03-30T01:00:00Z',
  '2025-10-26T01:00:00Z',
  '2025-03-09T07:00:00Z',
  '2025-11-02T06:00:00Z',
  '2025-04-05T16:00:00Z',
  '2025-10-04T16:00:00Z',
  '2025-04-05T14:00:00Z',
  '2025-09-27T14:00:00Z',
] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A start near a DST transition (within three hours, quarter-hour steps) or anywhere in 2024-2026. */
export const startInstantArb: fc.Arbitrary<number> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...DST_TRANSITIONS), fc.integer({ min: -12, max: 12 }))
    .map(([t, q]) => Date.parse(t) + q * 15 * MINUTE),
  fc.integer({ min: 0, max: 3 * 365 * 96 }).map((q) => Date.parse('2024-01-01T00:00:00Z') + q * 15 * MINUTE),
);

export const timedArb: fc.Arbitrary<EventTiming> = fc
  .record({
    start: startInstantArb,
    minutes: fc.integer({ min: 0, max: 48 * 4 }).map((q) => q * 15),
    zone: fc.constantFrom(...ZONES),
  })
  .map(({ start, minutes, zone }) => ({
    kind: 'timed',
    start: iso(start),
    end: iso(start + minutes * MINUTE),
    timeZone: zone,
  }));

/** All-day, one to fourteen days, end exclusive. */
export const allDayArb: fc.Arbitrary<EventTiming> = fc
  .record({ day: fc.integer({ min: 0, max: 3 * 365 }), days: fc.integer({ min: 1, max: 14 }) })
  .map(({ day, days }) => {
    const start = Date.parse('2024-01-01T00:00:00Z') + day * DAY;
    return { kind: 'allDay', startDate: date(start), endDate: date(start + days * DAY) };
  });

export const timingArb: fc.Arbitrary<EventTiming> = fc.oneof(timedArb, allDayArb);

const localPart = fc.stringMatching(/^[a-z][a-z0-9._-]{0,10}$/);
const domain = fc.constantFrom('example.com', 'acme.de', 'kunde.at', 'firm.co.uk');
export const emailArb: fc.Arbitrary<string> = fc.tuple(localPart, domain).map(([l, d]) => `${l}@${d}`);

/** Display names with unicode, but none blank (a blank name is no name). */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('Ann Lee', 'Jürgen Groß', '田中 太郎', 'Zoë <Z> & Co', "O'Brien, Seán", 'Ольга'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
);

export const attendeeArb: fc.Arbitrary<Attendee> = fc.record(
  {
    email: emailArb,
    name: nameArb,
    role: fc.constantFrom('required', 'optional', 'resource'),
    response: fc.constantFrom('none', 'tentative', 'accepted', 'declined'),
  },
  { requiredKeys: ['email', 'role', 'response'] },
);

export const attendeesArb: fc.Arbitrary<Attendee[]> = fc.uniqueArray(attendeeArb, {
  maxLength: 5,
  selector: (a) => a.email,
});

const textArb = fc.string({ unit: 'grapheme', maxLength: 40 });

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Bodies as sides send them: bare, in a paragraph, with markup, in a full Exchange-style document. */
export const bodyHtmlArb: fc.Arbitrary<string> = fc.oneof(
  textArb.map((t) => escape(t)),
  textArb.map((t) => `<p>${escape(t)}</p>`),
  fc.tuple(textArb, textArb).map(([a, b]) => `<div><b>${escape(a)}</b><br>${escape(b)}</div>`),
  textArb.map((t) => `<html><head><meta charset="utf-8"></head><body><div>${escape(t)}</div></body></html>`),
);

export const showAsArb: fc.Arbitrary<ShowAs> = fc.constantFrom(
  'free',
  'tentative',
  'busy',
  'oof',
  'workingElsewhere',
  'unknown',
);
export const sensitivityArb: fc.Arbitrary<Sensitivity> = fc.constantFrom(
  'normal',
  'personal',
  'private',
  'confidential',
);
export const categoriesArb: fc.Arbitrary<string[]> = fc.uniqueArray(
  fc.constantFrom('Customer', 'Internal', 'Travel', 'Grün', '請求'),
  {
    maxLength: 3,
  },
);

function occurrenceArb(timing: fc.Arbitrary<EventTiming>): fc.Arbitrary<OccurrenceFields> {
  return fc.record({
    title: textArb,
    bodyHtml: bodyHtmlArb,
    timing,
    location: textArb,
    attendees: attendeesArb,
    showAs: showAsArb,
    sensitivity: sensitivityArb,
    categories: categoriesArb,
    reminderMinutes: fc.option(fc.integer({ min: 0, max: 2880 }), { nil: null }),
  });
}

/** A series for `timing`: a rule, cancelled occurrences and moved ones, keyed by their original starts. */
export function recurrenceArb(timing: EventTiming): fc.Arbitrary<Recurrence> {
  const first = timing.kind === 'timed' ? Date.parse(timing.start) : Date.parse(`${timing.startDate}T00:00:00Z`);
  const zone = timing.kind === 'timed' ? timing.timeZone : 'UTC';
  const originalStart = (n: number) => (timing.kind === 'timed' ? iso(first + n * 7 * DAY) : date(first + n * 7 * DAY));
  const rrule = fc.constantFrom(
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;INTERVAL=2;COUNT=10',
    'FREQ=DAILY;UNTIL=20261231T000000Z',
    'FREQ=MONTHLY;BYMONTHDAY=15',
  );
  const modified = fc
    .uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 2 })
    .chain((ns) =>
      fc.tuple(
        ...ns.map((n) =>
          occurrenceArb(fc.constant(timing)).map((event) => ({ originalStart: originalStart(n), event })),
        ),
      ),
    );
  return fc.record({
    rrule,
    timeZone: fc.constant(zone),
    exDates: fc.uniqueArray(fc.integer({ min: 21, max: 40 }), { maxLength: 3 }).map((ns) => ns.map(originalStart)),
    modified,
  });
}

/** A whole canonical event; about one in four is a series. */
export const eventArb: fc.Arbitrary<CanonicalEvent> = timingArb.chain((timing) =>
  fc
    .record({
      occurrence: occurrenceArb(fc.constant(timing)),
      organizer: fc.option(fc.record({ email: emailArb, name: nameArb }, { requiredKeys: ['email'] }), { nil: null }),
      recurrence: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: recurrenceArb(timing) },
      ),
      erpLink: fc.option(
        fc.record({
          model: fc.constantFrom('res.partner', 'sale.order', 'crm.lead'),
          id: fc.integer({ min: 1, max: 9999 }).map(String),
        }),
        {
          nil: null,
        },
      ),
    })
    .map(({ occurrence, organizer, recurrence, erpLink }) => ({ ...occurrence, organizer, recurrence, erpLink })),
);

/** A non-empty set of fields, in EVENT_FIELDS order. */
export const fieldsArb: fc.Arbitrary<EventField[]> = fc
  .subarray([...EVENT_FIELDS], { minLength: 1 })
  .map((fs) => EVENT_FIELDS.filter((f) => fs.includes(f)));

/**
 * `base` with each of `fields` replaced by a value from `other`; fields where `other` happens to agree stay
 * unchanged, so callers compare against diffFields rather than assume every field moved.
 */
export function withFieldsFrom(
  base: CanonicalEvent,
  other: CanonicalEvent,
  fields: readonly EventField[],
): CanonicalEvent {
  const out: Record<string, unknown> = { ...base };
  for (const f of fields) out[f] = other[f];
  return out as unknown as CanonicalEvent;
}
