/** Canonical events written through the adapter and read back from the emulator: every pattern, all-day, content. */
import type { CanonicalEvent } from '../../server/core/model';
import type { OutlookCalendar, WriteOutcome } from '../../server/outlook';
import { berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

const window = { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2031-01-01T00:00:00Z') };

let h: OutlookHarness;
let calendar: OutlookCalendar;
beforeAll(async () => {
  h = await startOutlookHarness();
  calendar = h.make({ allDayTimeZone: 'America/New_York', deltaPageSize: 50 });
});
afterAll(() => h.stop());

function idOf(outcome: WriteOutcome | undefined): string {
  if (!outcome?.ok || outcome.kind === 'deleted') throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
  return outcome.id;
}

const series = (rrule: string, start = '2030-03-04T08:00:00Z', zone = 'Europe/Berlin'): CanonicalEvent =>
  berlinEvent(rrule, start, { recurrence: { rrule, timeZone: zone, exDates: [], modified: [] } });

describe('round trips through the emulator', () => {
  it.each([
    ['FREQ=DAILY;INTERVAL=2;COUNT=10'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU;UNTIL=20300630T215959Z'],
    ['FREQ=MONTHLY;BYMONTHDAY=4'],
    ['FREQ=MONTHLY;INTERVAL=2;BYDAY=MO;BYSETPOS=1;COUNT=6'],
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1'],
    ['FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=4'],
    ['FREQ=YEARLY;BYMONTH=3;BYDAY=MO;BYSETPOS=1;COUNT=3'],
  ])('when a series with %s is created, then loading it gives back the same rule, zone and start', async (rrule) => {
    const event = series(rrule);
    const id = idOf(
      (await calendar.applyWrites([{ kind: 'create', key: rrule, mappingId: `map-${rrule}`, event }]))[0],
    );
    const loaded = (await calendar.loadSeries([id], window)).get(id)?.event;
    expect(loaded?.ok).toBe(true);
    if (!loaded?.ok) return;
    expect(loaded.value.recurrence).toEqual({ rrule, timeZone: 'Europe/Berlin', exDates: [], modified: [] });
    expect(loaded.value.timing).toEqual(event.timing);
  });

  it('when a New York series crosses DST, then its occurrences stay at 09:00 local and none is reported cancelled', async () => {
    const event = series('FREQ=WEEKLY;BYDAY=SA;COUNT=4', '2030-03-02T14:00:00Z', 'America/New_York');
    event.timing = {
      kind: 'timed',
      start: '2030-03-02T14:00:00Z',
      end: '2030-03-02T15:00:00Z',
      timeZone: 'America/New_York',
    };
    const id = idOf((await calendar.applyWrites([{ kind: 'create', key: 'ny', mappingId: 'map-ny', event }]))[0]);
    const loaded = (await calendar.loadSeries([id], window)).get(id)?.event;
    expect(loaded?.ok && loaded.value.recurrence).toEqual({
      rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4',
      timeZone: 'America/New_York',
      exDates: [],
      modified: [],
    });
    const round = await calendar.readChanges({ window });
    const starts = round.items.filter((i) => i.seriesMasterId === id).map((i) => i.originalStart?.slice(0, 16));
    // EDT starts 10 March 2030: 09:00 is 14:00Z before and 13:00Z after.
    expect(starts).toEqual(['2030-03-02T14:00', '2030-03-09T14:00', '2030-03-16T13:00', '2030-03-23T13:00']);
  });

  it('when an all-day series is created, then it loads with a DATE UNTIL and an exDate for a cancelled day', async () => {
    const event: CanonicalEvent = {
      ...berlinEvent('Holiday rota', '2030-05-06T00:00:00Z'),
      timing: { kind: 'allDay', startDate: '2030-05-06', endDate: '2030-05-07' },
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20300527',
        timeZone: 'Europe/Berlin',
        exDates: [],
        modified: [],
      },
    };
    const id = idOf((await calendar.applyWrites([{ kind: 'create', key: 'ad', mappingId: 'map-ad', event }]))[0]);
    const round = await calendar.readChanges({ window });
    const second = round.items.find(
      (i) =>
        i.seriesMasterId === id &&
        i.event.ok &&
        i.event.value.timing.kind === 'allDay' &&
        i.event.value.timing.startDate === '2030-05-13',
    );
    expect(second).toBeDefined();
    await calendar.applyWrites([{ kind: 'delete', key: 'x', eventId: second!.id }]);
    const loaded = (await calendar.loadSeries([id], window)).get(id)?.event;
    expect(loaded?.ok && loaded.value).toEqual(
      expect.objectContaining({
        timing: event.timing,
        recurrence: {
          rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20300527',
          timeZone: 'Europe/Berlin',
          exDates: ['2030-05-13'],
          modified: [],
        },
      }),
    );
  });

  it('when a multi-day all-day event with HTML, unicode, attendees and no reminder is created, then it reads back the same', async () => {
    const event: CanonicalEvent = {
      ...berlinEvent('Messe 展示会 🚀', '2030-06-01T00:00:00Z'),
      timing: { kind: 'allDay', startDate: '2030-06-01', endDate: '2030-06-04' },
      bodyHtml: '<div dir="rtl">مرحبا &amp; <b>straße</b></div>',
      location: 'Köln — Halle 7',
      attendees: [
        { email: 'megan@contoso.example', name: 'Megan Bowen', role: 'required', response: 'none' },
        { email: 'alex@contoso.example', name: 'Alex Wilber', role: 'optional', response: 'none' },
      ],
      categories: ['Kunden'],
      showAs: 'oof',
      sensitivity: 'private',
      reminderMinutes: null,
      erpLink: { model: 'crm.lead', id: '77', name: 'Messe lead' },
    };
    const id = idOf((await calendar.applyWrites([{ kind: 'create', key: 'm', mappingId: 'map-m', event }]))[0]);
    const [read] = (await calendar.getEvents([id])).values();
    expect(read?.event.ok).toBe(true);
    if (!read?.event.ok) return;
    const { organizer, bodyHtml, ...rest } = read.event.value;
    expect(organizer?.email).toBe('adele@contoso.example');
    expect(bodyHtml).toContain(event.bodyHtml);
    const { organizer: _o, bodyHtml: _b, ...want } = event;
    expect(rest).toEqual(want);
  });
});
