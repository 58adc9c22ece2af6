import fc from 'fast-check';
import type { CanonicalEvent, EventTiming } from '../../server/core/model';
import { PROPERTY_IDS } from '../../server/outlook/extended-properties';
import { toGraphEventWrite } from '../../server/outlook/from-canonical';
import { toCanonicalEvent } from '../../server/outlook/to-canonical';
import { parseGraphDateTime, utcToWall, wallToUtc } from '../../server/outlook/time-zones';
import type { GraphEvent, GraphEventWrite } from '../../server/outlook/wire-types';
import { asGraphReturns } from './graph-echo';

const base: CanonicalEvent = {
  title: 'Kick-off',
  bodyHtml: '<p>Agenda</p>',
  timing: { kind: 'timed', start: '2025-03-30T07:00:00Z', end: '2025-03-30T08:00:00Z', timeZone: 'Europe/Berlin' },
  location: 'Room 1',
  attendees: [],
  showAs: 'busy',
  sensitivity: 'normal',
  categories: [],
  reminderMinutes: 15,
  organizer: { email: 'adele@contoso.example', name: 'Adele Vance' },
  recurrence: null,
  erpLink: null,
};

function roundTrip(event: CanonicalEvent): CanonicalEvent {
  const write = toGraphEventWrite(event);
  if (!write.ok) throw new Error(write.error.message);
  const read = toCanonicalEvent(asGraphReturns(write.value) as GraphEvent);
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

describe('Graph event <-> canonical event', () => {
  it.each<[string, EventTiming, string, string]>([
    ['Berlin, the Sunday DST starts', base.timing, '2025-03-30T09:00:00.0000000', '2025-03-30T10:00:00.0000000'],
    [
      'Berlin, the day before DST',
      { kind: 'timed', start: '2025-03-29T08:00:00Z', end: '2025-03-29T09:00:00Z', timeZone: 'Europe/Berlin' },
      '2025-03-29T09:00:00.0000000',
      '2025-03-29T10:00:00.0000000',
    ],
    [
      'New York, across fall-back',
      { kind: 'timed', start: '2025-11-02T05:30:00Z', end: '2025-11-02T07:30:00Z', timeZone: 'America/New_York' },
      '2025-11-02T01:30:00.0000000',
      '2025-11-02T02:30:00.0000000',
    ],
  ])(
    'when a timed event in %s is written, then Graph gets wall times in its IANA zone and reads back the same instants',
    (_n, timing, start, end) => {
      const event = { ...base, timing };
      const write = toGraphEventWrite(event);
      expect(write.ok && write.value.start).toEqual({
        dateTime: start,
        timeZone: (timing as { timeZone: string }).timeZone,
      });
      expect(write.ok && write.value.end?.dateTime).toBe(end);
      expect(roundTrip(event)).toEqual(event);
    },
  );

  it('when Graph returns UTC times and a Windows zone, then the canonical event has UTC instants in the IANA zone', () => {
    const graph: GraphEvent = {
      id: 'x',
      subject: 'Review',
      start: { dateTime: '2025-07-01T07:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2025-07-01T07:30:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'W. Europe Standard Time',
    };
    const read = toCanonicalEvent(graph as GraphEvent);
    expect(read.ok && read.value.timing).toEqual({
      kind: 'timed',
      start: '2025-07-01T07:00:00Z',
      end: '2025-07-01T07:30:00Z',
      timeZone: 'Europe/Berlin',
    });
    const custom = toCanonicalEvent({ ...graph, originalStartTimeZone: 'tzone://Microsoft/Custom' });
    expect(custom.ok && custom.value.timing).toEqual(expect.objectContaining({ timeZone: 'UTC' }));
  });

  it('when an all-day event spans three days, then Graph gets midnights in the zone with an exclusive end', () => {
    const event: CanonicalEvent = {
      ...base,
      timing: { kind: 'allDay', startDate: '2025-12-24', endDate: '2025-12-27' },
    };
    const write = toGraphEventWrite(event, 'all', { allDayTimeZone: 'America/New_York' });
    expect(write.ok && write.value).toEqual(
      expect.objectContaining({
        isAllDay: true,
        start: { dateTime: '2025-12-24T00:00:00.0000000', timeZone: 'America/New_York' },
        end: { dateTime: '2025-12-27T00:00:00.0000000', timeZone: 'America/New_York' },
      }),
    );
    expect(roundTrip(event)).toEqual(event);
  });

  it('when the body is HTML with unicode and attendees answered, then all of it survives and responses map', () => {
    const event: CanonicalEvent = {
      ...base,
      title: 'Réunion 会議 🚀',
      bodyHtml: '<div dir="rtl">مرحبا &amp; <b>straße</b></div>',
      location: 'Zürich — Raum ✓',
      categories: ['ERP', 'Kunden'],
      attendees: [
        { email: 'megan@contoso.example', name: 'Megan Bowen', role: 'required', response: 'none' },
        { email: 'room1@contoso.example', role: 'resource', response: 'none' },
      ],
      sensitivity: 'private',
      showAs: 'tentative',
    };
    expect(roundTrip(event)).toEqual(event);
    const graph = asGraphReturns(
      toGraphEventWrite(event).ok ? (toGraphEventWrite(event) as { value: GraphEventWrite }).value : {},
      {
        attendees: [
          {
            type: 'optional',
            status: { response: 'tentativelyAccepted' },
            emailAddress: { address: 'A@X.example', name: 'A' },
          },
          { type: 'required', status: { response: 'notResponded' }, emailAddress: { address: 'b@x.example' } },
          { type: 'required', status: { response: 'declined' }, emailAddress: { address: 'c@x.example' } },
          { type: 'required', status: { response: 'organizer' }, emailAddress: { address: 'd@x.example' } },
          { type: 'required', status: { response: 'accepted' }, emailAddress: { address: '' } },
        ],
      },
    );
    const read = toCanonicalEvent(graph as GraphEvent);
    expect(read.ok && read.value.attendees).toEqual([
      { email: 'a@x.example', name: 'A', role: 'optional', response: 'tentative' },
      { email: 'b@x.example', role: 'required', response: 'none' },
      { email: 'c@x.example', role: 'required', response: 'declined' },
      { email: 'd@x.example', role: 'required', response: 'organizer' },
    ]);
    expect(read.ok && read.value.organizer).toEqual({ email: 'adele@contoso.example', name: 'Adele Vance' });
  });

  it('when the reminder is off, then Graph gets isReminderOn false and it reads back as null', () => {
    const event = { ...base, reminderMinutes: null };
    const write = toGraphEventWrite(event);
    expect(write.ok && write.value.isReminderOn).toBe(false);
    expect(write.ok && 'reminderMinutesBeforeStart' in write.value).toBe(false);
    expect(roundTrip(event).reminderMinutes).toBeNull();
    expect(roundTrip({ ...base, reminderMinutes: 0 }).reminderMinutes).toBe(0);
  });

  it('when the event links an ERP record, then the link travels in our extended property', () => {
    const event = { ...base, erpLink: { model: 'res.partner', id: '42', name: 'Azure Interior' } };
    const write = toGraphEventWrite(event);
    expect(write.ok && write.value.singleValueExtendedProperties).toEqual([
      { id: PROPERTY_IDS.erpLink, value: JSON.stringify(event.erpLink) },
    ]);
    expect(roundTrip(event)).toEqual(event);
  });

  it('when only some fields are patched, then the body holds exactly those', () => {
    const write = toGraphEventWrite(base, ['title', 'reminderMinutes']);
    expect(write.ok && write.value).toEqual({
      subject: 'Kick-off',
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
    });
  });

  it.each([
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU;UNTIL=20250630T215959Z'],
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;COUNT=6'],
    ['FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=30'],
    ['FREQ=DAILY;INTERVAL=2'],
  ])('when a series with rule %s is written and read, then the rule and zone are unchanged', (rrule) => {
    const event: CanonicalEvent = {
      ...base,
      recurrence: { rrule, timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    };
    expect(roundTrip(event)).toEqual(event);
  });

  it('when a series timing is patched, then its recurrence is rewritten with the new start date', () => {
    const event: CanonicalEvent = {
      ...base,
      recurrence: { rrule: 'FREQ=DAILY', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    };
    const write = toGraphEventWrite(event, ['timing']);
    expect(write.ok && write.value.recurrence?.range).toEqual(
      expect.objectContaining({ type: 'noEnd', startDate: '2025-03-30', recurrenceTimeZone: 'Europe/Berlin' }),
    );
  });

  it('when the rule cannot be expressed in Outlook, then writing fails as a value', () => {
    const event: CanonicalEvent = {
      ...base,
      recurrence: { rrule: 'FREQ=HOURLY', timeZone: 'UTC', exDates: [], modified: [] },
    };
    const write = toGraphEventWrite(event);
    expect(write.ok || write.error.kind).toBe('unsupported_recurrence');
  });

  it('when Graph sends no start, then reading fails as a value', () => {
    const read = toCanonicalEvent({ id: 'x', subject: 's' });
    expect(read.ok || read.error.kind).toBe('invalid_event');
  });

  it('when any timed event in Berlin or New York is written and read, then it comes back equal (property)', () => {
    const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata');
    // Minutes across 2024-2026, so every DST transition of both zones is in range.
    const minute = fc.integer({ min: 28_401_120, max: 29_453_760 });
    fc.assert(
      fc.property(
        zone,
        minute,
        fc.integer({ min: 0, max: 600 }),
        fc.string(),
        (timeZone, startMinute, length, title) => {
          const start = new Date(startMinute * 60_000).toISOString().slice(0, 19) + 'Z';
          const end = new Date((startMinute + length) * 60_000).toISOString().slice(0, 19) + 'Z';
          const event: CanonicalEvent = { ...base, title, timing: { kind: 'timed', start, end, timeZone } };
          const back = roundTrip(event);
          const repeated = (instant: string): boolean =>
            wallToUtc(utcToWall(Date.parse(instant), timeZone), timeZone) !== Date.parse(instant);
          if (repeated(start) || repeated(end)) {
            // The second pass of a fall-back hour: a wall reading cannot tell it from the first; the clock time holds.
            const wallOf = (t: EventTiming, key: 'start' | 'end'): number =>
              utcToWall(Date.parse((t as { start: string; end: string })[key]), timeZone);
            expect(wallOf(back.timing, 'start')).toBe(wallOf(event.timing, 'start'));
            expect(wallOf(back.timing, 'end')).toBe(wallOf(event.timing, 'end'));
          } else {
            expect(back).toEqual(event);
          }
          // The wall reading Graph gets is what a clock in that zone shows at that instant.
          const write = toGraphEventWrite(event);
          expect(write.ok && parseGraphDateTime(write.value.start!.dateTime)).toBe(
            utcToWall(Date.parse(start), timeZone),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
