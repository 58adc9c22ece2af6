/**
 * Shape equality with Microsoft's published examples (test/fixtures/graph, see SOURCES.md): the requests are
 * replayed against the emulator and the responses must have the same property names and JSON types, key for key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalendarHarness } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fixture(name: string): Json {
  return JSON.parse(readFileSync(join(__dirname, '../../../fixtures/graph', name), 'utf8')) as Json;
}

/** Property names and JSON types, recursively; arrays by their first element. */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Json)
        .sort()
        .map((k) => [k, shape((value as Json)[k])]),
    );
  }
  return typeof value;
}

function only(value: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([k]) => keys.includes(k)));
}

const RESOURCE_KEYS = Object.keys(fixture('event-resource-json-representation.json'));
/** Newer than the resource page we hold: shown in event-get-response.json (hideAttendees) / the v1.0 event page (isDraft). */
const NEWER_KEYS = ['hideAttendees', 'isDraft', '@odata.etag', '@odata.context'];
/** Published example quirks, not properties: navigation annotations and the recurring example's `OnlineMeeting: null`. */
const NOT_PROPERTIES = ['calendar@odata.associationLink', 'calendar@odata.navigationLink', 'OnlineMeeting'];

function expectSameShape(example: Json, ours: Json): void {
  const exampleKeys = Object.keys(example).filter((k) => !NOT_PROPERTIES.includes(k));
  expect(shape(only(ours, exampleKeys))).toEqual(shape(only(example, exampleKeys)));
  const extra = Object.keys(ours).filter((k) => !exampleKeys.includes(k));
  expect(extra.filter((k) => !RESOURCE_KEYS.includes(k) && !NEWER_KEYS.includes(k))).toEqual([]);
}

const PST = { Prefer: 'outlook.timezone="Pacific Standard Time"' };

describe('published example shapes', () => {
  it('when the create-event example is replayed, then the 201 body matches user-post-events-response-201.json', async () => {
    const res = await h.raw<Json>(h.adele, 'POST', '/me/events', fixture('user-post-events-request.json'), PST);
    const example = fixture('user-post-events-response-201.json');
    expect(res.status).toBe(201);
    expectSameShape(example, res.body);
    expect(res.body.start).toEqual({ dateTime: '2017-04-15T12:00:00.0000000', timeZone: 'Pacific Standard Time' });
    for (const k of [
      'originalStartTimeZone',
      'type',
      'showAs',
      'responseStatus',
      'recurrence',
      'location',
      'importance',
    ]) {
      expect([k, res.body[k]]).toEqual([k, example[k]]);
    }
  });

  it('when the multiple-locations example is replayed, then the body matches its published response', async () => {
    const res = await h.raw<Json>(
      h.adele,
      'POST',
      '/me/events',
      fixture('user-post-events-multiple-locations-request.json'),
      PST,
    );
    const example = fixture('user-post-events-multiple-locations-response-201.json');
    expectSameShape(example, res.body);
    expect(res.body.locations.map((l: Json) => l.displayName)).toEqual(
      example.locations.map((l: Json) => l.displayName),
    );
    expect(res.body.location.displayName).toBe(example.location.displayName);
  });

  it('when the recurring example is replayed, then the seriesMaster matches, recurrence value for value', async () => {
    const res = await h.raw<Json>(
      h.adele,
      'POST',
      '/me/events',
      fixture('user-post-events-recurring-request.json'),
      PST,
    );
    const example = fixture('user-post-events-recurring-seriesmaster-response-201.json');
    expectSameShape(example, res.body);
    expect(res.body.recurrence).toEqual(example.recurrence);
  });

  it('when an event is read with the example $select, then the keys are exactly those of event-get-response.json', async () => {
    const created = await h.adele.api('/me/events').post(fixture('user-post-events-request.json'));
    const select = 'subject,body,bodyPreview,organizer,attendees,start,end,location,hideAttendees';
    const res = await h.raw<Json>(h.adele, 'GET', `/me/events/${created.id}?$select=${select}`, undefined, PST);
    const example = fixture('event-get-response.json');
    const exampleKeys = Object.keys(example).filter((k) => !NOT_PROPERTIES.includes(k));
    expect(Object.keys(res.body).sort()).toEqual(exampleKeys.sort());
    expect(shape(res.body)).toEqual(shape(only(example, exampleKeys)));
  });

  it('when instances are listed with the example $select, then each item matches the published exception/occurrence items', async () => {
    const master = await h.adele.api('/me/events').post(fixture('user-post-events-recurring-request.json'));
    const window = { startDateTime: '2017-09-01T00:00:00Z', endDateTime: '2017-09-30T00:00:00Z' };
    const [first] = (await h.adele.api(`/me/events/${master.id}/instances`).query(window).get()).value as Json[];
    await h.adele.api(`/me/events/${first!.id}`).patch({ body: { contentType: 'text', content: 'Changed' } });
    const list = await h.adele
      .api(`/me/events/${master.id}/instances`)
      .query(window)
      .select('subject,bodyPreview,seriesMasterId,type,recurrence,start,end')
      .get();
    const example = fixture('event-list-instances-response-occurrences-exception.json');
    const exception = example.value.find((e: Json) => e.type === 'exception');
    const occurrence = example.value.find((e: Json) => e.type === 'occurrence');
    expect(shape(list.value.find((e: Json) => e.type === 'exception'))).toEqual(shape(exception));
    expect(shape(list.value.find((e: Json) => e.type === 'occurrence'))).toEqual(shape(occurrence));
  });

  it('when a delta round is read, then items and @removed entries have the published delta shapes', async () => {
    const created = await h.adele.api('/me/events').post({
      subject: 'Plan shopping list',
      start: { dateTime: '2016-12-09T20:30:00', timeZone: 'UTC' },
      end: { dateTime: '2016-12-09T22:00:00', timeZone: 'UTC' },
    });
    const first = await h.raw<Json>(
      h.adele,
      'GET',
      '/me/calendarView/delta?startdatetime=2016-12-01T00:00:00Z&enddatetime=2016-12-30T00:00:00Z',
    );
    const page = fixture('calendarview-delta-page1-nextlink.json');
    const item = first.body.value[0];
    const exampleItem = page.value[0];
    expect(shape(only(item, Object.keys(exampleItem)))).toEqual(shape(exampleItem));
    await h.adele.api(`/me/events/${created.id}`).delete();
    const next = await h.raw<Json>(h.adele, 'GET', first.body['@odata.deltaLink']);
    const removedExample = fixture('calendarview-delta-next-round-removed-deltalink.json').value[0];
    expect(shape(next.body.value[0])).toEqual(shape(removedExample));
    expect(Object.keys(next.body).sort()).toEqual(['@odata.context', '@odata.deltaLink', 'value']);
  });

  it('when the extended-property example is posted and expanded, then the property entry matches the published shape', async () => {
    const request = fixture('extended-property-post-event-request.json');
    const created = await h.adele.api('/me/events').post(request);
    const id = request.singleValueExtendedProperties[0].id as string;
    const res = await h.adele
      .api(`/me/events/${created.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${id}')`)
      .get();
    const example = fixture('extended-property-expand-response.json');
    expect(shape(res.singleValueExtendedProperties)).toEqual(shape(example.singleValueExtendedProperties));
    expect(res.singleValueExtendedProperties).toEqual([{ id, value: 'Food' }]);
  });
});
