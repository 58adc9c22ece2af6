/** Pure recurrence expansion: every pattern and range type, in the recurrence zone, across DST changes. */
import type { EventRecord, PatternedRecurrence } from '../../../../sandbox/microsoft365/calendar/model';
import { expandSeries } from '../../../../sandbox/microsoft365/calendar/recurrence';
import { defaultFields } from '../../../../sandbox/microsoft365/calendar/event-input';

type Pattern = Partial<PatternedRecurrence['pattern']> & Pick<PatternedRecurrence['pattern'], 'type'>;
type Range = Partial<PatternedRecurrence['range']> & Pick<PatternedRecurrence['range'], 'type' | 'startDate'>;

function master(startUtc: string, endUtc: string, zone: string, pattern: Pattern, range: Range): EventRecord {
  const fields = defaultFields({ name: 'A', address: 'a@x' }, 0);
  fields.start = Date.parse(startUtc);
  fields.end = Date.parse(endUtc);
  fields.startTimeZone = zone;
  fields.endTimeZone = zone;
  fields.recurrence = {
    pattern: {
      interval: 1,
      month: 0,
      dayOfMonth: 0,
      daysOfWeek: [],
      firstDayOfWeek: 'sunday',
      index: 'first',
      ...pattern,
    },
    range: { endDate: '0001-01-01', numberOfOccurrences: 0, recurrenceTimeZone: zone, ...range },
  };
  return {
    key: 'k',
    userId: 'u',
    tenantId: 't',
    folderGeneration: 0,
    iCalUId: 'x',
    changeKey: 'c',
    createdDateTime: '',
    lastModifiedDateTime: '',
    type: 'seriesMaster',
    seriesMasterKey: null,
    originalStart: null,
    transactionId: null,
    fields,
    cancelledOccurrences: [],
    extendedProperties: {},
  };
}

const starts = (m: EventRecord, from: string, to: string) =>
  expandSeries(m, Date.parse(from), Date.parse(to)).map((s) => new Date(s.start).toISOString());

describe('recurrence expansion', () => {
  it('when a weekly 09:00 Berlin series crosses the DST change of 31 March, then it stays 09:00 local (08:00Z, then 07:00Z)', () => {
    const m = master(
      '2024-03-18T08:00:00Z',
      '2024-03-18T09:00:00Z',
      'W. Europe Standard Time',
      { type: 'weekly', daysOfWeek: ['monday'] },
      { type: 'noEnd', startDate: '2024-03-18' },
    );
    expect(starts(m, '2024-03-01T00:00:00Z', '2024-04-09T00:00:00Z')).toEqual([
      '2024-03-18T08:00:00.000Z',
      '2024-03-25T08:00:00.000Z',
      '2024-04-01T07:00:00.000Z',
      '2024-04-08T07:00:00.000Z',
    ]);
  });

  it('when a daily Pacific series crosses the November DST change, then the UTC hour moves from 16 to 17 and durations hold', () => {
    const m = master(
      '2024-11-01T16:00:00Z',
      '2024-11-01T16:30:00Z',
      'Pacific Standard Time',
      { type: 'daily', interval: 2 },
      { type: 'numbered', startDate: '2024-11-01', numberOfOccurrences: 4 },
    );
    const slots = expandSeries(m, Date.parse('2024-10-01T00:00:00Z'), Date.parse('2025-01-01T00:00:00Z'));
    expect(slots.map((s) => new Date(s.start).toISOString())).toEqual([
      '2024-11-01T16:00:00.000Z',
      '2024-11-03T17:00:00.000Z',
      '2024-11-05T17:00:00.000Z',
      '2024-11-07T17:00:00.000Z',
    ]);
    expect(slots.every((s) => s.end - s.start === 30 * 60_000)).toBe(true);
  });

  it('when the pattern is absoluteMonthly on day 15 with an endDate range, then it stops on the end date', () => {
    const m = master(
      '2024-01-15T10:00:00Z',
      '2024-01-15T11:00:00Z',
      'UTC',
      { type: 'absoluteMonthly', dayOfMonth: 15 },
      { type: 'endDate', startDate: '2024-01-15', endDate: '2024-04-15' },
    );
    expect(starts(m, '2023-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([
      '2024-01-15T10:00:00.000Z',
      '2024-02-15T10:00:00.000Z',
      '2024-03-15T10:00:00.000Z',
      '2024-04-15T10:00:00.000Z',
    ]);
  });

  it('when the pattern is relativeMonthly on the last Friday, then each month gives its last Friday', () => {
    const m = master(
      '2024-01-26T10:00:00Z',
      '2024-01-26T11:00:00Z',
      'UTC',
      { type: 'relativeMonthly', daysOfWeek: ['friday'], index: 'last' },
      { type: 'numbered', startDate: '2024-01-01', numberOfOccurrences: 3 },
    );
    expect(starts(m, '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toEqual([
      '2024-01-26T10:00:00.000Z',
      '2024-02-23T10:00:00.000Z',
      '2024-03-29T10:00:00.000Z',
    ]);
  });

  it('when the pattern is relativeMonthly on the second Tuesday every 2 months, then the interval and index apply', () => {
    const m = master(
      '2024-01-09T10:00:00Z',
      '2024-01-09T11:00:00Z',
      'UTC',
      { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' },
      { type: 'numbered', startDate: '2024-01-01', numberOfOccurrences: 3 },
    );
    expect(starts(m, '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toEqual([
      '2024-01-09T10:00:00.000Z',
      '2024-03-12T10:00:00.000Z',
      '2024-05-14T10:00:00.000Z',
    ]);
  });

  it('when the pattern is absoluteYearly (March 3) and relativeYearly (first Monday of September), then one a year', () => {
    const abs = master(
      '2024-03-03T10:00:00Z',
      '2024-03-03T11:00:00Z',
      'UTC',
      { type: 'absoluteYearly', month: 3, dayOfMonth: 3 },
      { type: 'numbered', startDate: '2024-03-03', numberOfOccurrences: 3 },
    );
    expect(starts(abs, '2024-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toEqual([
      '2024-03-03T10:00:00.000Z',
      '2025-03-03T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
    ]);
    const rel = master(
      '2024-09-02T10:00:00Z',
      '2024-09-02T11:00:00Z',
      'UTC',
      { type: 'relativeYearly', month: 9, daysOfWeek: ['monday'], index: 'first' },
      { type: 'endDate', startDate: '2024-09-01', endDate: '2026-12-31' },
    );
    expect(starts(rel, '2024-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toEqual([
      '2024-09-02T10:00:00.000Z',
      '2025-09-01T10:00:00.000Z',
      '2026-09-07T10:00:00.000Z',
    ]);
  });

  it('when a weekly series has several days, interval 2 and firstDayOfWeek monday, then weeks are counted from Monday', () => {
    const m = master(
      '2024-01-07T10:00:00Z',
      '2024-01-07T11:00:00Z',
      'UTC',
      { type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'wednesday'], firstDayOfWeek: 'monday' },
      { type: 'numbered', startDate: '2024-01-07', numberOfOccurrences: 4 },
    );
    expect(starts(m, '2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z')).toEqual([
      '2024-01-07T10:00:00.000Z',
      '2024-01-17T10:00:00.000Z',
      '2024-01-21T10:00:00.000Z',
      '2024-01-31T10:00:00.000Z',
    ]);
  });

  it('when a noEnd series is asked for a later window, then only occurrences overlapping that window come back', () => {
    const m = master(
      '2024-01-01T23:30:00Z',
      '2024-01-02T00:30:00Z',
      'UTC',
      { type: 'daily' },
      { type: 'noEnd', startDate: '2024-01-01' },
    );
    expect(starts(m, '2030-06-10T00:00:00Z', '2030-06-11T00:00:00Z')).toEqual([
      '2030-06-09T23:30:00.000Z',
      '2030-06-10T23:30:00.000Z',
    ]);
  });

  it('when the series is all-day in Tokyo, then every occurrence starts at Tokyo midnight', () => {
    const m = master(
      '2024-05-31T15:00:00Z',
      '2024-06-01T15:00:00Z',
      'Tokyo Standard Time',
      { type: 'daily' },
      { type: 'numbered', startDate: '2024-06-01', numberOfOccurrences: 2 },
    );
    m.fields.isAllDay = true;
    expect(starts(m, '2024-05-01T00:00:00Z', '2024-07-01T00:00:00Z')).toEqual([
      '2024-05-31T15:00:00.000Z',
      '2024-06-01T15:00:00.000Z',
    ]);
  });
});

/**
 * Exchange's own rules, from Microsoft's pages:
 * - DayOfMonth: "If for a particular month this value is larger than the number of days in the month, the last day of
 *   the month is assumed." https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/dayofmonth
 * - Worked examples: https://learn.microsoft.com/en-us/graph/outlook-schedule-recurring-events ("Because the value of
 *   startDate is after the first Thursday in August, the first occurrence of this series will be in September";
 *   "Because December 31, 2017, is on a Sunday, the last occurrence in this series will be on Monday, December 25").
 */
describe("Exchange's recurrence rules (not RFC 5545's)", () => {
  const days = (m: EventRecord, from: string, to: string, semantics?: 'exchange' | 'rfc5545') =>
    expandSeries(m, Date.parse(from), Date.parse(to), semantics).map((s) =>
      new Date(s.start).toISOString().slice(0, 10),
    );

  it('when a monthly series is on the 31st, then shorter months get their last day (RFC 5545 would skip them)', () => {
    const m = master(
      '2025-01-31T09:00:00Z',
      '2025-01-31T10:00:00Z',
      'UTC',
      { type: 'absoluteMonthly', dayOfMonth: 31 },
      { type: 'numbered', startDate: '2025-01-31', numberOfOccurrences: 4 },
    );
    expect(days(m, '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
    ]);
    expect(days(m, '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'rfc5545')).toEqual([
      '2025-01-31',
      '2025-03-31',
      '2025-05-31',
      '2025-07-31',
    ]);
  });

  it('when a monthly series is on the 30th, then February gets its 28th or, in a leap year, its 29th', () => {
    const m = master(
      '2027-12-30T09:00:00Z',
      '2027-12-30T10:00:00Z',
      'UTC',
      { type: 'absoluteMonthly', dayOfMonth: 30 },
      { type: 'endDate', startDate: '2027-12-30', endDate: '2028-03-31' },
    );
    expect(days(m, '2027-12-01T00:00:00Z', '2028-06-01T00:00:00Z')).toEqual([
      '2027-12-30',
      '2028-01-30',
      '2028-02-29',
      '2028-03-30',
    ]);
  });

  it('when a yearly series is on 29 February, then other years have it on 28 February', () => {
    const m = master(
      '2024-02-29T09:00:00Z',
      '2024-02-29T10:00:00Z',
      'UTC',
      { type: 'absoluteYearly', dayOfMonth: 29, month: 2 },
      { type: 'numbered', startDate: '2024-02-29', numberOfOccurrences: 5 },
    );
    expect(days(m, '2024-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
  });

  it("when the first Thursday of every other month starts 29 August 2017 (Microsoft's example), then it falls in September, November, January", () => {
    const m = master(
      '2017-08-29T14:00:00Z',
      '2017-08-29T15:00:00Z',
      'UTC',
      { type: 'relativeMonthly', interval: 2, daysOfWeek: ['thursday'], index: 'first' },
      { type: 'noEnd', startDate: '2017-08-29' },
    );
    expect(days(m, '2017-08-01T00:00:00Z', '2018-02-01T00:00:00Z')).toEqual(['2017-09-07', '2017-11-02', '2018-01-04']);
    // RFC 5545 counts the interval from August: October, December.
    expect(days(m, '2017-08-01T00:00:00Z', '2018-02-01T00:00:00Z', 'rfc5545')).toEqual(['2017-10-05', '2017-12-07']);
  });

  it("when every Monday runs from 4 September to 31 December 2017 (Microsoft's example), then the last one is 25 December", () => {
    const m = master(
      '2017-09-04T13:00:00Z',
      '2017-09-04T13:30:00Z',
      'UTC',
      { type: 'weekly', daysOfWeek: ['monday'] },
      { type: 'endDate', startDate: '2017-09-04', endDate: '2017-12-31' },
    );
    const all = days(m, '2017-09-01T00:00:00Z', '2018-02-01T00:00:00Z');
    expect(all[0]).toBe('2017-09-04');
    expect(all.at(-1)).toBe('2017-12-25');
    expect(all).toHaveLength(17);
  });
});
