/**
 * Issue 13 Must 7: Exchange's recurrence rules, where they are not RFC 5545's (server/outlook/month-days.ts and
 * series.ts cite Microsoft's pages). A series made in Outlook (the Graph emulator, which expands it as Exchange
 * does) is loaded by the product: its canonical rule and start, expanded by the product, give the very dates
 * Exchange lists, and those are the dates Microsoft's rules give (written out here by hand).
 */
import { expandOccurrences, shapeOf } from '../../server/outlook/series';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, startOutlookHarness, type OutlookHarness } from './harness';

const ZONE = 'Europe/Berlin';
const window = { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2037-01-01T00:00:00Z') };

let h: OutlookHarness;
let token: string;
beforeAll(async () => {
  h = await startOutlookHarness();
  token = await h.emulator.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
});
afterAll(() => h.stop());

async function outlookSeries(start: string, pattern: Record<string, unknown>, count: number): Promise<string> {
  const made = await graphCall<{ id: string }>(h.emulator, token, 'POST', `/users/${ADELE_ID}/events`, {
    subject: `series from ${start}`,
    start: { dateTime: `${start}T09:00:00`, timeZone: ZONE },
    end: { dateTime: `${start}T10:00:00`, timeZone: ZONE },
    recurrence: { pattern, range: { type: 'numbered', startDate: start, numberOfOccurrences: count } },
  });
  if (made.status !== 201) throw new Error(`create: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id;
}

/** The dates (UTC; 09:00 Berlin is the same date) of the occurrences Exchange lists. */
async function exchangeDates(id: string): Promise<string[]> {
  const range = `startDateTime=${window.from.toISOString()}&endDateTime=${window.to.toISOString()}`;
  const listed = await graphCall<{ value: Array<{ start: { dateTime: string } }> }>(
    h.emulator,
    token,
    'GET',
    `/users/${ADELE_ID}/events/${id}/instances?${range}&$top=100`,
    undefined,
    { Prefer: 'outlook.timezone="UTC"' },
  );
  return listed.body.value.map((i) => i.start.dateTime.slice(0, 10)).sort();
}

describe("Exchange's recurrence rules, read by the product", () => {
  it.each([
    [
      'monthly on day 31: the last day of shorter months',
      '2030-01-31',
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 },
      'FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6',
      ['2030-01-31', '2030-02-28', '2030-03-31', '2030-04-30', '2030-05-31', '2030-06-30'],
    ],
    [
      'monthly on day 30 in a leap year: 29 February',
      '2032-01-30',
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 30 },
      'FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1;COUNT=4',
      ['2032-01-30', '2032-02-29', '2032-03-30', '2032-04-30'],
    ],
    [
      'yearly on 29 February: 28 February in other years',
      '2032-02-29',
      { type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 },
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=4',
      ['2032-02-29', '2033-02-28', '2034-02-28', '2035-02-28'],
    ],
    [
      // Microsoft's worked example: "the first Thursday of every other month starting August 29" falls in September.
      'first Thursday of every other month from 29 August: counted from September',
      '2030-08-29',
      { type: 'relativeMonthly', interval: 2, daysOfWeek: ['thursday'], index: 'first' },
      'FREQ=MONTHLY;INTERVAL=2;BYDAY=TH;BYSETPOS=1;COUNT=3',
      ['2030-09-05', '2030-11-07', '2031-01-02'],
    ],
  ])('%s', async (_name, start, pattern, rule, dates) => {
    const id = await outlookSeries(start, pattern, dates.length);
    expect(await exchangeDates(id)).toEqual(dates);
    const loaded = (await h.calendar.loadSeries([id], window)).get(id)?.event;
    if (!loaded?.ok) throw new Error(`not loaded: ${JSON.stringify(loaded)}`);
    expect(loaded.value.recurrence).toEqual({ rrule: rule, timeZone: ZONE, exDates: [], modified: [] });
    // The canonical series starts at its first occurrence, where RFC 5545 and Exchange count from the same month.
    expect(loaded.value.timing.kind === 'timed' && loaded.value.timing.start.slice(0, 10)).toBe(dates[0]);
    const shape = shapeOf(loaded.value);
    if (!shape.ok) throw new Error(shape.error.message);
    expect(expandOccurrences(shape.value, window).map((s) => s.slice(0, 10))).toEqual(dates);
  });

  it.each([
    ['FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=6', '2030-01-31T08:00:00Z', 31],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1;COUNT=4', '2032-01-30T08:00:00Z', 30],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;COUNT=4', '2032-02-29T08:00:00Z', 29],
  ])('when the product writes %s from %s, then Outlook repeats on day %i', async (rrule, startUtc, dayOfMonth) => {
    const event = {
      title: rrule,
      bodyHtml: '',
      timing: {
        kind: 'timed' as const,
        start: startUtc,
        end: startUtc.replace('T08', 'T09'),
        timeZone: ZONE,
      },
      location: '',
      attendees: [],
      organizer: null,
      showAs: 'busy' as const,
      sensitivity: 'normal' as const,
      categories: [],
      reminderMinutes: null,
      recurrence: { rrule, timeZone: ZONE, exDates: [], modified: [] },
      erpLink: null,
    };
    const [outcome] = await h.calendar.applyWrites([{ kind: 'create', key: rrule, mappingId: `m-${rrule}`, event }]);
    if (!outcome?.ok || outcome.kind === 'deleted') throw new Error(JSON.stringify(outcome));
    const master = await graphCall<{ recurrence: { pattern: { dayOfMonth: number } } }>(
      h.emulator,
      token,
      'GET',
      `/users/${ADELE_ID}/events/${outcome.id}`,
    );
    expect(master.body.recurrence.pattern.dayOfMonth).toBe(dayOfMonth);
    const loaded = (await h.calendar.loadSeries([outcome.id], window)).get(outcome.id)?.event;
    expect(loaded?.ok && loaded.value.recurrence?.rrule).toBe(rrule);
  });
});
