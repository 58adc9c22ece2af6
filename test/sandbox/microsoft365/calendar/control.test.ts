/** Control routes: a person edits series and occurrences in Outlook; Graph sees it; problems are Graph-shaped. */
import { ALEX, ALEX_ID, CalendarHarness } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('control routes', () => {
  it('when a person creates a series and edits and deletes occurrences in Outlook, then Graph shows the result', async () => {
    const series = await h.control<Ev>('POST', `/mailboxes/${ALEX}/events`, {
      subject: 'Gym',
      start: { dateTime: '2038-03-01T18:00:00', timeZone: 'Romance Standard Time' },
      end: { dateTime: '2038-03-01T19:00:00', timeZone: 'Romance Standard Time' },
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2038-03-01', numberOfOccurrences: 3 },
      },
    });
    expect(series.folderId).not.toBe(series.id);
    const alex = await h.client({ user: ALEX_ID, scopes: ['Calendars.ReadWrite'] });
    const window = { startDateTime: '2038-02-28T00:00:00Z', endDateTime: '2038-03-05T00:00:00Z' };
    const [first, second] = (await alex.api(`/me/events/${series.id}/instances`).query(window).get()).value as Ev[];
    await h.control('PATCH', `/mailboxes/${ALEX}/events/${first!.id}`, { subject: 'Gym (legs)' });
    await h.control('DELETE', `/mailboxes/${ALEX}/events/${second!.id}`);
    const after = (await alex.api(`/me/events/${series.id}/instances`).query(window).get()).value as Ev[];
    expect(after.map((e) => [e.type, e.subject])).toEqual([
      ['exception', 'Gym (legs)'],
      ['occurrence', 'Gym'],
    ]);
    const raw = await h.control<{ value: Ev[] }>('GET', `/mailboxes/${ALEX_ID}/events`);
    expect(raw.value.map((e) => e.type).sort()).toEqual(['exception', 'seriesMaster']);
    expect(raw.value.find((e) => e.type === 'seriesMaster')!.start.dateTime).toBe('2038-03-01T17:00:00.0000000');
  });

  it('when a control call names an unknown mailbox or event, then a 404 with a Graph error body', async () => {
    await expect(h.control('GET', '/mailboxes/nobody@contoso.example/events')).rejects.toMatchObject({
      status: 404,
      body: { error: { code: 'ErrorInvalidUser' } },
    });
    await expect(h.control('GET', `/mailboxes/${ALEX}/events/AAMkAGnope-0=`)).rejects.toMatchObject({
      status: 404,
      body: { error: { code: 'ErrorItemNotFound' } },
    });
    await expect(h.control('PATCH', '/calendar-options', { staleEtagStatus: 500 })).rejects.toMatchObject({
      status: 400,
    });
  });
});
