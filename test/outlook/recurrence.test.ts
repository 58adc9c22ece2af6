import { graphRecurrenceToRrule } from '../../server/outlook/recurrence-to-rrule';
import { rruleToGraphRecurrence } from '../../server/outlook/rrule-to-recurrence';
import type { GraphPatternedRecurrence } from '../../server/outlook/wire-types';

const BERLIN = 'Europe/Berlin';
// Series starting Monday 2025-03-03 at 09:00 Berlin wall time.
const start = { startWall: Date.parse('2025-03-03T09:00:00Z'), zone: BERLIN, allDay: false };
const range = (extra: Partial<GraphPatternedRecurrence['range']> = {}): GraphPatternedRecurrence['range'] => ({
  type: 'noEnd',
  startDate: '2025-03-03',
  recurrenceTimeZone: BERLIN,
  ...extra,
});

const cases: Array<[string, GraphPatternedRecurrence, string]> = [
  ['daily', { pattern: { type: 'daily', interval: 1 }, range: range() }, 'FREQ=DAILY'],
  ['daily every 3 days', { pattern: { type: 'daily', interval: 3 }, range: range() }, 'FREQ=DAILY;INTERVAL=3'],
  [
    'weekly on two days, week starting Sunday',
    {
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'sunday' },
      range: range(),
    },
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU',
  ],
  [
    'absoluteMonthly',
    { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }, range: range() },
    'FREQ=MONTHLY;BYMONTHDAY=15',
  ],
  // Exchange: a day past a month's end is its last day (month-days.ts); the rule says so exactly.
  [
    'absoluteMonthly on day 31',
    { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, range: range() },
    'FREQ=MONTHLY;BYMONTHDAY=-1',
  ],
  [
    'absoluteMonthly on day 30 every other month',
    { pattern: { type: 'absoluteMonthly', interval: 2, dayOfMonth: 30 }, range: range() },
    'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=28,29,30;BYSETPOS=-1',
  ],
  [
    'absoluteMonthly on day 29',
    { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 29 }, range: range() },
    'FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1',
  ],
  [
    'absoluteYearly on 29 February',
    { pattern: { type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, range: range() },
    'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1',
  ],
  [
    'absoluteYearly on 30 April (every April has it)',
    { pattern: { type: 'absoluteYearly', interval: 1, month: 4, dayOfMonth: 30 }, range: range() },
    'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30',
  ],
  [
    'relativeMonthly last Friday',
    { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, range: range() },
    'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1',
  ],
  [
    'relativeMonthly second weekday set',
    {
      pattern: { type: 'relativeMonthly', interval: 3, daysOfWeek: ['monday', 'tuesday'], index: 'second' },
      range: range(),
    },
    'FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU;BYSETPOS=2',
  ],
  [
    'absoluteYearly',
    { pattern: { type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 3 }, range: range() },
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3',
  ],
  [
    'relativeYearly first Monday of March',
    {
      pattern: { type: 'relativeYearly', interval: 1, month: 3, daysOfWeek: ['monday'], index: 'first' },
      range: range(),
    },
    'FREQ=YEARLY;BYMONTH=3;BYDAY=MO;BYSETPOS=1',
  ],
  [
    'numbered range',
    { pattern: { type: 'daily', interval: 1 }, range: range({ type: 'numbered', numberOfOccurrences: 10 }) },
    'FREQ=DAILY;COUNT=10',
  ],
  [
    // endDate 2025-03-31 ends at 23:59:59 Berlin (CEST since 30 March) = 21:59:59Z.
    'endDate range across DST',
    { pattern: { type: 'daily', interval: 1 }, range: range({ type: 'endDate', endDate: '2025-03-31' }) },
    'FREQ=DAILY;UNTIL=20250331T215959Z',
  ],
];

describe('recurrence mapping', () => {
  it("when Graph spells days, the week start and the index with capitals (as Microsoft's pages do), then they are read as the same rule", () => {
    // Microsoft's recurrencePattern examples write "Monday"; the wire enum is case-insensitive.
    const capitalised = {
      pattern: {
        type: 'relativeMonthly',
        interval: 2,
        daysOfWeek: ['Monday', 'Wednesday'],
        index: 'Last',
        firstDayOfWeek: 'Sunday',
      },
      range: range(),
    } as unknown as GraphPatternedRecurrence;
    expect(graphRecurrenceToRrule(capitalised, { zone: BERLIN, allDay: false })).toEqual({
      ok: true,
      value: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,WE;BYSETPOS=-1',
    });
    const weekly = {
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['Monday'], firstDayOfWeek: 'Monday' },
      range: range(),
    } as unknown as GraphPatternedRecurrence;
    expect(graphRecurrenceToRrule(weekly, { zone: BERLIN, allDay: false })).toEqual({
      ok: true,
      value: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
    });
  });

  it.each(cases)(
    'when Graph has a %s pattern, then the rule is canonical and maps back to the same recurrence',
    (_name, graph, rule) => {
      const read = graphRecurrenceToRrule(graph, { zone: BERLIN, allDay: false });
      expect(read).toEqual({ ok: true, value: rule });
      const written = rruleToGraphRecurrence(rule, start);
      expect(written.ok).toBe(true);
      if (!written.ok) return;
      expect(written.value.pattern).toEqual(expect.objectContaining(graph.pattern));
      expect(written.value.range).toEqual(expect.objectContaining(graph.range));
    },
  );

  it('when an all-day series ends on a date, then UNTIL is a DATE and maps back to that date', () => {
    const graph: GraphPatternedRecurrence = {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
      range: range({ type: 'endDate', endDate: '2025-06-30' }),
    };
    expect(graphRecurrenceToRrule(graph, { zone: BERLIN, allDay: true })).toEqual({
      ok: true,
      value: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630',
    });
    const back = rruleToGraphRecurrence('FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630', {
      startWall: Date.parse('2025-03-03T00:00:00Z'),
      zone: BERLIN,
      allDay: true,
    });
    expect(back.ok && back.value.range).toEqual(expect.objectContaining({ type: 'endDate', endDate: '2025-06-30' }));
  });

  it.each([
    // UNTIL at 00:00Z on 30 June is 02:00 Berlin: before the 09:00 occurrence, so the last one is on the 29th.
    ['FREQ=DAILY;UNTIL=20250630T000000Z', '2025-06-29'],
    ['FREQ=DAILY;UNTIL=20250630T070000Z', '2025-06-30'],
    ['FREQ=DAILY;UNTIL=20250630', '2025-06-30'],
  ])('when the rule is %s, then the Graph endDate is %s', (rule, endDate) => {
    const result = rruleToGraphRecurrence(rule, start);
    expect(result.ok && result.value.range.endDate).toBe(endDate);
  });

  it.each([
    ['FREQ=MONTHLY;BYMONTHDAY=27,28,29,30,31;BYSETPOS=-1', 31],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1', 30],
    ['FREQ=MONTHLY;BYMONTHDAY=28;BYSETPOS=-1', 28],
    ['FREQ=MONTHLY;BYMONTHDAY=28', 28],
  ])('when the rule %s says a last day the month has, then Outlook repeats on day %s', (rule, dayOfMonth) => {
    const result = rruleToGraphRecurrence(rule, start);
    expect(result.ok && result.value.pattern).toEqual(expect.objectContaining({ type: 'absoluteMonthly', dayOfMonth }));
  });

  it.each([
    ['FREQ=WEEKLY', { type: 'weekly', daysOfWeek: ['monday'], firstDayOfWeek: 'monday' }],
    ['FREQ=MONTHLY', { type: 'absoluteMonthly', dayOfMonth: 3 }],
    ['FREQ=YEARLY', { type: 'absoluteYearly', month: 3, dayOfMonth: 3 }],
    ['FREQ=MONTHLY;BYDAY=2TU', { type: 'relativeMonthly', daysOfWeek: ['tuesday'], index: 'second' }],
    [
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=-1TH',
      { type: 'relativeYearly', month: 11, daysOfWeek: ['thursday'], index: 'last' },
    ],
  ])('when the rule %s leaves parts to the start, then Graph gets them explicitly', (rule, pattern) => {
    const result = rruleToGraphRecurrence(rule, start);
    expect(result.ok && result.value.pattern).toEqual(expect.objectContaining(pattern));
  });

  it.each([
    ['FREQ=HOURLY', 'unsupported_recurrence'],
    ['FREQ=DAILY;BYHOUR=9,17', 'unsupported_recurrence'],
    ['FREQ=WEEKLY;BYDAY=MO;BYMONTH=3', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYMONTHDAY=-2', 'unsupported_recurrence'],
    // RFC 5545 skips the months without the day; Exchange would use their last day (month-days.ts).
    ['FREQ=MONTHLY;BYMONTHDAY=31', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYMONTHDAY=29', 'unsupported_recurrence'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYMONTHDAY=29,30,31;BYSETPOS=-1', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=1', 'unsupported_recurrence'],
    ['FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31', 'invalid_recurrence'],
    ['FREQ=MONTHLY;BYDAY=1MO,3MO', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5', 'unsupported_recurrence'],
    ['FREQ=MONTHLY;BYDAY=MO', 'unsupported_recurrence'],
    ['FREQ=YEARLY;BYDAY=1MO', 'unsupported_recurrence'],
    ['FREQ=YEARLY;BYWEEKNO=20', 'unsupported_recurrence'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20250630T000000Z', 'invalid_recurrence'],
    ['FREQ=DAILY;UNTIL=20250101T000000Z', 'invalid_recurrence'],
    ['FREQ=DAILY;INTERVAL=0', 'invalid_recurrence'],
    ['INTERVAL=2', 'invalid_recurrence'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'invalid_recurrence'],
  ])('when the rule is %s, then the mapping fails with %s', (rule, kind) => {
    const result = rruleToGraphRecurrence(rule, start);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });

  it('when Graph sends an unknown pattern type, then reading fails as a value', () => {
    const graph = { pattern: { type: 'hourly', interval: 1 }, range: range() } as unknown as GraphPatternedRecurrence;
    const result = graphRecurrenceToRrule(graph, { zone: BERLIN, allDay: false });
    expect(result.ok || result.error.kind).toBe('unsupported_recurrence');
  });
});
