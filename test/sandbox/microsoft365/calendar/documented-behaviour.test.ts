/**
 * Graph calendar behaviours an independent probe found missing (issue 16), each checked against the Microsoft page
 * it follows: delta's @removed for changes outside the window, the query options delta refuses, cancelledOccurrences
 * and occurrenceId, and the writes Graph refuses (all-day across zones, a recurrence startDate off the start date,
 * subjects over 255 characters).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { CalendarHarness, eventBody, MEGAN_ID } from './harness';

let h: CalendarHarness;
let megan: Client;
beforeAll(async () => {
  h = await CalendarHarness.start();
  megan = await h.client({ user: MEGAN_ID, scopes: ['Calendars.ReadWrite'] });
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function allPages(first: string): Promise<{ items: Ev[]; deltaLink: string }> {
  const items: Ev[] = [];
  let url = first;
  for (;;) {
    const res = await h.raw(megan, 'GET', url);
    expect(res.status).toBe(200);
    items.push(...(res.body.value as Ev[]));
    const next = res.body['@odata.nextLink'] as string | undefined;
    if (!next) return { items, deltaLink: res.body['@odata.deltaLink'] as string };
    url = next;
  }
}

const WINDOW = '/me/calendarView/delta?startDateTime=2034-01-01T00:00:00Z&endDateTime=2034-02-01T00:00:00Z';

// https://learn.microsoft.com/en-us/graph/api/event-delta ("Response"): a delta call may return under @removed
// "Events that are outside the date range and that have been added, deleted, or updated since the previous delta call."
describe('calendarView delta and the window', () => {
  it('when events outside the window are added, updated or deleted, then the next round reports each as @removed', async () => {
    const inside = await megan
      .api('/me/events')
      .post(eventBody('Inside', '2034-01-10T09:00:00', '2034-01-10T10:00:00'));
    const later = await megan.api('/me/events').post(eventBody('Later', '2034-03-10T09:00:00', '2034-03-10T10:00:00'));
    const doomed = await megan
      .api('/me/events')
      .post(eventBody('Doomed', '2034-04-10T09:00:00', '2034-04-10T10:00:00'));
    const first = await allPages(WINDOW);
    expect(first.items.map((e) => e.subject)).toEqual(['Inside']);

    const added = await megan.api('/me/events').post(eventBody('Added', '2034-05-10T09:00:00', '2034-05-10T10:00:00'));
    await megan.api(`/me/events/${later.id}`).patch({ subject: 'Later, renamed' });
    await megan.api(`/me/events/${doomed.id}`).delete();
    const next = await allPages(first.deltaLink);
    expect(next.items.every((e) => e['@removed']?.reason === 'deleted')).toBe(true);
    expect(next.items.map((e) => e.id).sort()).toEqual([added.id, later.id, doomed.id].sort());
    expect(next.items.some((e) => e.id === inside.id)).toBe(false);

    const quiet = await allPages(next.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it('when a series lies entirely outside the window and changes, then its master id comes back as @removed', async () => {
    const first = await allPages(WINDOW);
    const series = await megan.api('/me/events').post({
      ...eventBody('Outside series', '2034-06-01T09:00:00', '2034-06-01T10:00:00'),
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2034-06-01', numberOfOccurrences: 3 },
      },
    });
    const next = await allPages(first.deltaLink);
    expect(next.items).toEqual([
      { '@odata.type': '#microsoft.graph.event', id: series.id, '@removed': { reason: 'deleted' } },
    ]);
  });
});

// https://learn.microsoft.com/en-us/graph/api/event-delta ("OData query parameters"): "You cannot use $select";
// "There are other OData query parameters that the delta function for calendarView doesn't support: $expand,
// $filter, $orderby, and $search."
describe('calendarView delta refuses OData options', () => {
  it.each([
    ['$select', 'subject'],
    ['$filter', "subject eq 'x'"],
    ['$orderby', 'start/dateTime'],
    ['$expand', "singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name x')"],
    ['$search', '"lunch"'],
  ])('when %s is sent, then 400 and no round starts', async (name, value) => {
    const res = await h.raw(megan, 'GET', `${WINDOW}&${name}=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect((res.body as Ev).error.code).toBe('ErrorInvalidUrlQuery');
    expect((res.body as Ev).error.message).toContain(name);
  });
});

// https://learn.microsoft.com/en-us/graph/api/resources/event?view=graph-rest-beta: cancelledOccurrences "Contains
// occurrenceId property values of cancelled instances in a recurring series, if the event is the series master ...
// Returned only on $select in a Get operation which specifies the ID ... of a series master event"; occurrenceId is
// "OID.{seriesMasterId-value}.{occurrence-start-date}" in the recurrenceTimeZone, and "can identify any occurrence
// ... including an occurrence that has been modified or canceled".
describe('cancelledOccurrences and occurrenceId', () => {
  it('when two occurrences of a series are deleted, then the master lists them and OID ids name occurrences', async () => {
    const series = await megan.api('/me/events').post({
      subject: 'Daily in Berlin',
      start: { dateTime: '2034-01-05T23:30:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2034-01-06T00:00:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2034-01-05', numberOfOccurrences: 5 },
      },
    });
    const instances = (
      await megan
        .api(`/me/events/${series.id}/instances`)
        .query({ startDateTime: '2034-01-01T00:00:00Z', endDateTime: '2034-02-01T00:00:00Z' })
        .get()
    ).value as Ev[];
    await megan.api(`/me/events/${instances[1]!.id}`).delete();
    await megan.api(`/me/events/${instances[3]!.id}`).delete();

    const plain = await megan.api(`/me/events/${series.id}`).get();
    expect(plain.cancelledOccurrences).toBeUndefined();
    const selected = await megan.api(`/me/events/${series.id}`).select('subject,cancelledOccurrences').get();
    // Dates are Berlin dates (23:30 local is 22:30 UTC the same day).
    expect(selected.cancelledOccurrences).toEqual([`OID.${series.id}.2034-01-06`, `OID.${series.id}.2034-01-08`]);

    const third = await megan.api(`/me/events/OID.${series.id}.2034-01-07`).select('subject,occurrenceId,type').get();
    expect(third).toMatchObject({ subject: 'Daily in Berlin', type: 'occurrence' });
    expect(third.occurrenceId).toBe(`OID.${series.id}.2034-01-07`);
    const cancelled = await h.raw(megan, 'GET', `/me/events/OID.${series.id}.2034-01-06`);
    expect(cancelled.status).toBe(404);
  });
});

describe('writes Graph refuses', () => {
  // isAllDay: "start and end time must be set to midnight and be in the same time zone"
  // (https://learn.microsoft.com/en-us/graph/api/resources/event)
  it('when an all-day event starts and ends in different zones, then 400; the same zone by two names is fine', async () => {
    const refused = await h.raw(megan, 'POST', '/me/events', {
      subject: 'All day across zones',
      isAllDay: true,
      start: { dateTime: '2034-01-10T00:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2034-01-11T00:00:00', timeZone: 'UTC' },
    });
    expect(refused.status).toBe(400);
    expect((refused.body as Ev).error.message).toMatch(/same time zone/);
    const accepted = await h.raw(megan, 'POST', '/me/events', {
      subject: 'All day, one zone',
      isAllDay: true,
      start: { dateTime: '2034-01-10T00:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2034-01-11T00:00:00', timeZone: 'W. Europe Standard Time' },
    });
    expect(accepted.status).toBe(201);
  });

  // "The value of startDate MUST correspond to the date value of the start property on the event resource"
  // (https://learn.microsoft.com/en-us/graph/outlook-schedule-recurring-events, "Recurrence ranges")
  it("when a recurrence's startDate is not the event's start date, then 400; the matching date is accepted", async () => {
    const body = (startDate: string) => ({
      ...eventBody('Weekly', '2034-01-09T09:00:00', '2034-01-09T10:00:00'),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'noEnd', startDate },
      },
    });
    const refused = await h.raw(megan, 'POST', '/me/events', body('2034-01-02'));
    expect(refused.status).toBe(400);
    expect((refused.body as Ev).error.message).toMatch(/startDate/);
    expect((await h.raw(megan, 'POST', '/me/events', body('2034-01-09'))).status).toBe(201);
  });

  // "The subject is limited to 255 characters."
  // (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/subject)
  it('when a subject has 256 characters, then 400 on create and update; 255 are kept whole', async () => {
    const long = 'x'.repeat(256);
    const refused = await h.raw(
      megan,
      'POST',
      '/me/events',
      eventBody(long, '2034-01-12T09:00:00', '2034-01-12T10:00:00'),
    );
    expect(refused.status).toBe(400);
    const created = await megan
      .api('/me/events')
      .post(eventBody('x'.repeat(255), '2034-01-12T09:00:00', '2034-01-12T10:00:00'));
    expect(created.subject).toHaveLength(255);
    expect((await h.raw(megan, 'PATCH', `/me/events/${created.id}`, { subject: long })).status).toBe(400);
  });
});
