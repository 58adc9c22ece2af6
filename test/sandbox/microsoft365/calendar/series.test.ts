/** Recurring series over HTTPS: instances, modified and cancelled occurrences, crossing boundaries, calendarView. */
import { CalendarHarness } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function weeklySeries(subject: string): Promise<Ev> {
  return h.adele.api('/me/events').post({
    subject,
    start: { dateTime: '2031-01-06T09:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2031-01-06T09:30:00', timeZone: 'W. Europe Standard Time' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['Monday'] },
      range: { type: 'numbered', startDate: '2031-01-06', numberOfOccurrences: 4 },
    },
  });
}

const window = { startDateTime: '2031-01-01T00:00:00Z', endDateTime: '2031-02-28T00:00:00Z' };

describe('recurring series', () => {
  it('when a weekly series is created, then it is a seriesMaster with the full recurrence Graph echoes', async () => {
    const master = await weeklySeries('Weekly');
    expect(master.type).toBe('seriesMaster');
    expect(master.recurrence).toEqual({
      pattern: {
        type: 'weekly',
        interval: 1,
        month: 0,
        dayOfMonth: 0,
        daysOfWeek: ['monday'],
        firstDayOfWeek: 'sunday',
        index: 'first',
      },
      range: {
        type: 'numbered',
        startDate: '2031-01-06',
        endDate: '0001-01-01',
        recurrenceTimeZone: 'W. Europe Standard Time',
        numberOfOccurrences: 4,
      },
    });
    expect(master.originalStartTimeZone).toBe('W. Europe Standard Time');
  });

  it('when instances are listed, then four occurrences with the master id, distinct iCalUIds and no recurrence', async () => {
    const master = await weeklySeries('Instances');
    const list = await h.adele.api(`/me/events/${master.id}/instances`).query(window).get();
    expect(list.value.map((e: Ev) => e.start.dateTime)).toEqual([
      '2031-01-06T08:00:00.0000000',
      '2031-01-13T08:00:00.0000000',
      '2031-01-20T08:00:00.0000000',
      '2031-01-27T08:00:00.0000000',
    ]);
    expect(
      list.value.every((e: Ev) => e.type === 'occurrence' && e.seriesMasterId === master.id && e.recurrence === null),
    ).toBe(true);
    expect(new Set(list.value.map((e: Ev) => e.iCalUId)).size).toBe(4);
    expect(list.value[0].originalStart).toBe('2031-01-06T08:00:00Z');
    const one = await h.adele.api(`/me/events/${list.value[1].id}`).get();
    expect(one.type).toBe('occurrence');
  });

  it('when an occurrence is patched, then it becomes an exception; cancelled occurrences (DELETE, /cancel) disappear', async () => {
    const master = await weeklySeries('Mixed');
    const [first, second, third] = (await h.adele.api(`/me/events/${master.id}/instances`).query(window).get())
      .value as Ev[];
    const moved = await h.adele.api(`/me/events/${first!.id}`).patch({
      subject: 'Moved',
      start: { dateTime: '2031-01-07T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-07T10:30:00', timeZone: 'UTC' },
    });
    expect(moved.type).toBe('exception');
    expect(moved.id).toBe(first!.id);
    await h.adele.api(`/me/events/${second!.id}`).delete();
    await h.adele.api(`/me/events/${third!.id}/cancel`).post({ comment: 'no' });
    const after = (await h.adele.api(`/me/events/${master.id}/instances`).query(window).get()).value as Ev[];
    expect(after.map((e) => [e.type, e.subject, e.start.dateTime])).toEqual([
      ['exception', 'Moved', '2031-01-07T10:00:00.0000000'],
      ['occurrence', 'Mixed', '2031-01-27T08:00:00.0000000'],
    ]);
    expect((await h.raw(h.adele, 'GET', `/me/events/${second!.id}`)).status).toBe(404);
    const view = (await h.adele.api('/me/calendarView').query(window).top(50).get()).value as Ev[];
    const mine = view.filter((e) => e.seriesMasterId === master.id);
    expect(mine).toHaveLength(2);
    expect(view.some((e) => e.type === 'seriesMaster')).toBe(false);
  });

  it('when an occurrence moves onto the day of its neighbour, then 400 ErrorOccurrenceCrossingBoundary', async () => {
    const master = await weeklySeries('Boundary');
    const [, second] = (await h.adele.api(`/me/events/${master.id}/instances`).query(window).get()).value as Ev[];
    const res = await h.raw(h.adele, 'PATCH', `/me/events/${second!.id}`, {
      start: { dateTime: '2031-01-20T12:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-20T12:30:00', timeZone: 'UTC' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'ErrorOccurrenceCrossingBoundary' } });
    const back = await h.raw(h.adele, 'PATCH', `/me/events/${second!.id}`, {
      start: { dateTime: '2031-01-06T12:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-06T12:30:00', timeZone: 'UTC' },
    });
    expect(back.body).toMatchObject({ error: { code: 'ErrorOccurrenceCrossingBoundary' } });
  });

  it('when the calendarView window is given, then single events overlapping it and occurrences are returned in order', async () => {
    const client = await h.client({ user: '5c1d2e3f-6a7b-4c8d-9e0f-1a2b3c4d5e03', scopes: ['Calendars.ReadWrite'] });
    await client.api('/me/events').post({
      subject: 'Daily',
      start: { dateTime: '2032-05-01T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2032-05-01T11:00:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'endDate', startDate: '2032-05-01', endDate: '2032-05-03' },
      },
    });
    await client.api('/me/events').post({
      subject: 'Overlap',
      start: { dateTime: '2032-05-01T23:00:00', timeZone: 'UTC' },
      end: { dateTime: '2032-05-02T01:00:00', timeZone: 'UTC' },
    });
    const view = await client
      .api('/me/calendarView')
      .query({ startDateTime: '2032-05-02T00:00:00Z', endDateTime: '2032-05-04T00:00:00Z' })
      .get();
    expect(view.value.map((e: Ev) => `${e.subject}@${e.start.dateTime.slice(0, 13)}`)).toEqual([
      'Overlap@2032-05-01T23',
      'Daily@2032-05-02T10',
      'Daily@2032-05-03T10',
    ]);
    const paged = await h.raw<Ev>(
      client,
      'GET',
      '/me/calendarView?startDateTime=2032-05-02T00:00:00Z&endDateTime=2032-05-04T00:00:00Z',
      undefined,
      {
        Prefer: 'odata.maxpagesize=2',
      },
    );
    expect(paged.body.value).toHaveLength(2);
    const rest = await h.raw<Ev>(client, 'GET', paged.body['@odata.nextLink'], undefined, {
      Prefer: 'odata.maxpagesize=2',
    });
    expect(rest.body.value.map((e: Ev) => e.start.dateTime.slice(0, 10))).toEqual(['2032-05-03']);
    const missing = await h.raw(client, 'GET', '/me/calendarView');
    expect(missing.status).toBe(400);
  });

  it('when each pattern type is posted, then Graph accepts it and instances follow it', async () => {
    const cases: [Ev, number][] = [
      [{ type: 'absoluteMonthly', interval: 1, dayOfMonth: 6 }, 2],
      [{ type: 'relativeMonthly', interval: 1, daysOfWeek: ['monday'], index: 'first' }, 2],
      [{ type: 'absoluteYearly', interval: 1, month: 1, dayOfMonth: 6 }, 1],
      [{ type: 'relativeYearly', interval: 1, month: 1, daysOfWeek: ['monday'], index: 'first' }, 1],
    ];
    for (const [pattern, expected] of cases) {
      const master = await h.adele.api('/me/events').post({
        subject: pattern.type,
        start: { dateTime: '2031-01-06T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2031-01-06T09:30:00', timeZone: 'UTC' },
        recurrence: { pattern, range: { type: 'noEnd', startDate: '2031-01-06' } },
      });
      const list = await h.adele.api(`/me/events/${master.id}/instances`).query(window).get();
      expect([pattern.type, list.value.length]).toEqual([pattern.type, expected]);
    }
    const bad = await h.raw(h.adele, 'POST', '/me/events', {
      subject: 'bad',
      start: { dateTime: '2031-01-06T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-01-06T09:30:00', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2031-01-06' } },
    });
    expect(bad.status).toBe(400);
  });
});
