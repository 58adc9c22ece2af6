/**
 * Microsoft's published Graph *requests* (and the two published pages test/outlook/published-payloads.test.ts does
 * not read), replayed against the product without the emulator: what the product writes for the same intent must
 * be what Microsoft documents. An event request is read as Graph would hand the event back (a recurring one as the
 * series master Graph answers with) and written again by the product's only outbound mapper; every field the
 * product writes must equal the published one (enum case aside: Graph takes enums in any case on input). The
 * `$batch` dependsOn requests go through the product's batch runner and must reach the server as published; the
 * subscription requests are compared with the product's subscription POST. Every payload read is counted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeBatch } from '../../server/outlook/batch';
import { createGraphClient, GraphTransport } from '../../server/outlook/client';
import { GraphEventSchema } from '../../server/outlook/wire-schemas';
import { PROPERTY_IDS, readMarks, writeMarks } from '../../server/outlook/extended-properties';
import { toGraphEventWrite } from '../../server/outlook/from-canonical';
import { paginate } from '../../server/outlook/paginate';
import { createSubscription } from '../../server/outlook/subscriptions';
import { ianaFromGraphZone } from '../../server/outlook/time-zones';
import { toCanonicalEvent } from '../../server/outlook/to-canonical';
import type { GraphEvent, GraphEventWrite } from '../../server/outlook/wire-types';
import { ReplayServer } from './replay-server';

const FIXTURES = join(__dirname, '..', 'fixtures', 'graph');
const replayed = new Set<string>();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function published<T = Json>(name: string): T {
  replayed.add(name);
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

let server: ReplayServer;
let transport: GraphTransport;
beforeAll(async () => {
  server = await ReplayServer.start();
  const client = createGraphClient({ baseUrl: server.origin, getAccessToken: async () => 'token', mailbox: 'me' });
  transport = new GraphTransport(client);
});
afterEach(() => server.clear());
afterAll(async () => {
  await server.stop();
  // With the payloads published-payloads.test.ts replays (named there), the count the closing note quotes.
  const all = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  const source = readFileSync(join(__dirname, 'published-payloads.test.ts'), 'utf8');
  const there = new Set([...source.matchAll(/'([\w.-]+\.json)'/g)].map((m) => m[1]!));
  const both = new Set([...there, ...replayed]);
  process.stdout.write(
    `published Graph payloads replayed against the product: ${both.size} of ${all.length} ` +
      `(${replayed.size} read here); not replayed: ${all.filter((f) => !both.has(f)).join(', ')}\n`,
  );
});

const lower = (value: unknown) => JSON.parse(JSON.stringify(value).toLowerCase()) as unknown;

/**
 * The product's POST body for the event a published request describes, read back as Graph answers it: with an id
 * and type, and day names in lower case (the request capitalizes them, as Graph accepts on input; Graph answers
 * "monday": user-post-events-recurring-seriesmaster-response-201.json).
 */
function productWrite(request: Json, type: 'singleInstance' | 'seriesMaster' = 'singleInstance'): GraphEventWrite {
  const answered = JSON.parse(
    JSON.stringify(request).replace(/"([A-Z][a-z]+day)"/g, (_m, d: string) => `"${d.toLowerCase()}"`),
  ) as Json;
  const event = toCanonicalEvent({ ...answered, id: 'AAMk-published', type } as GraphEvent);
  if (!event.ok) throw new Error(`the product cannot read the published request: ${event.error.message}`);
  const write = toGraphEventWrite(event.value);
  if (!write.ok) throw new Error(`the product cannot write it: ${write.error.message}`);
  return write.value;
}

/** Same wall reading, same zone (the product writes IANA names; Graph accepts them as it does Windows names). */
function expectSameTime(written: { dateTime: string; timeZone: string }, request: Json) {
  expect(written.dateTime.slice(0, 19)).toBe(String(request.dateTime).slice(0, 19));
  expect(written.timeZone).toBe(ianaFromGraphZone(request.timeZone));
}

describe('event requests as Microsoft publishes them', () => {
  it.each([
    'user-post-events-request.json',
    'user-post-events-multiple-locations-request.json',
    'extended-property-post-event-request.json',
  ])('when the product writes the event of %s, then each field it writes is the published one', (name) => {
    const request = published<Json>(name);
    const body = productWrite(request);
    expect(body.subject).toBe(request.subject);
    expect(lower(body.body)).toEqual(lower(request.body));
    expectSameTime(body.start!, request.start);
    expectSameTime(body.end!, request.end);
    expect(body.location).toEqual({ displayName: request.location?.displayName ?? '' });
    expect(lower(body.attendees)).toEqual(lower(request.attendees));
    // Microsoft's property id shape ("String {guid} Name X", a string value) is the product's too.
    const shape = /^String \{[0-9a-f-]{36}\} Name \w+$/i;
    for (const property of request.singleValueExtendedProperties ?? []) expect(property.id).toMatch(shape);
    for (const mark of writeMarks({ erpSync: true, mappingId: 'm-1', erpLink: { model: 'crm.lead', id: '7' } })) {
      expect(mark.id).toMatch(shape);
      expect(typeof mark.value).toBe('string');
    }
  });

  it('when the product writes the weekly series of the published recurring request, then pattern and range are the published ones', () => {
    const request = published<Json>('user-post-events-recurring-request.json');
    const body = productWrite(request, 'seriesMaster');
    expect(body.subject).toBe(request.subject);
    expectSameTime(body.start!, request.start);
    expectSameTime(body.end!, request.end);
    expect(lower(body.recurrence!.pattern)).toMatchObject(lower(request.recurrence.pattern) as Json);
    expect(body.recurrence!.range).toMatchObject(request.recurrence.range);
  });

  it('when the product updates the categories of the published update request, then its PATCH carries them as published', () => {
    const request = published<Json>('event-update-request.json');
    const event = toCanonicalEvent({
      ...published<Json>('event-get-response.json'),
      categories: request.categories,
    } as GraphEvent);
    if (!event.ok) throw new Error(event.error.message);
    const patch = toGraphEventWrite(event.value, ['categories', 'reminderMinutes']);
    expect(patch.ok && patch.value).toEqual({
      categories: request.categories,
      isReminderOn: true,
      reminderMinutesBeforeStart: event.value.reminderMinutes,
    });
  });

  it("when an event carries another application's extended property (the published expand answer), then the product reads no mark from it", () => {
    const answer = published<Json>('extended-property-expand-response.json');
    const marks = readMarks(answer.singleValueExtendedProperties);
    expect(marks).toMatchObject({ erpSync: null, mappingId: null, erpLink: null, addin: null });
    expect(answer.singleValueExtendedProperties.map((p: Json) => p.id)).not.toContain(PROPERTY_IDS.erpSync);
  });
});

describe('a delta page with placeholder values as Microsoft publishes it', () => {
  it('when the published /events/delta page is read, then its nextLink is followed as given and its placeholder item is named, never thrown on', async () => {
    const page = server.local(published<Json>('event-delta-api-response-nextlink.json'));
    const next = new URL(page['@odata.nextLink'] as string);
    server.on('GET', '/me/calendarView/delta', { status: 200, body: page });
    server.on('GET', next.pathname.replace('/v1.0', '') + decodeURIComponent(next.search), {
      status: 200,
      body: { value: [], '@odata.deltaLink': `${server.origin}/v1.0/me/calendarView/delta?$deltatoken=end` },
    });
    const round = paginate(transport, '/me/calendarView/delta', GraphEventSchema);
    const items: GraphEvent[] = [];
    for await (const item of round) items.push(item);
    expect(items).toHaveLength(1);
    expect(server.seen.map((s) => s.status)).toEqual([200, 200]);
    const mapped = toCanonicalEvent(items[0]!);
    expect(mapped.ok ? 'mapped' : mapped.error.message.length > 0).toBe(true);
  });
});

describe('$batch dependsOn requests as Microsoft publishes them', () => {
  it.each(['batch-dependson-request.json', 'batch-dependson-request-legacy.json'])(
    'when the product runs the requests of %s, then they reach Graph with the published ids, order and dependsOn',
    async (name) => {
      const { requests } = published<Json>(name);
      server.on('POST', '/$batch', {
        status: 200,
        body: { responses: (requests as Json[]).map((r) => ({ id: r.id, status: 200, body: {} })) },
      });
      const answers = await executeBatch(transport, requests, { sleep: async () => {} });
      const sent = (server.bodies[0] as Json).requests as Json[];
      expect(sent.map(({ id, method, url, dependsOn }) => ({ id, method, url, dependsOn }))).toEqual(
        (requests as Json[]).map(({ id, method, url, dependsOn }) => ({ id, method, url, dependsOn })),
      );
      expect([...answers.keys()]).toEqual((requests as Json[]).map((r) => r.id));
    },
  );
});

describe('subscription requests as Microsoft publishes them', () => {
  it.each(['subscription-create-request.json', 'subscription-create-lifecycle-page-request.json'])(
    'when the product subscribes with the values of %s, then its POST has the published fields, for events',
    async (name) => {
      const request = published<Json>(name);
      server.on('POST', '/subscriptions', {
        status: 201,
        body: { id: 'sub-1', ...request, resource: '/users/adele/events' },
      });
      await createSubscription(transport, '/users/adele', {
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl ?? request.notificationUrl,
        clientState: request.clientState,
        expirationDateTime: new Date(request.expirationDateTime),
      });
      const sent = server.bodies[0] as Json;
      // The published fields, less the deprecated latestSupportedTlsVersion; lifecycleNotificationUrl always.
      const documented = new Set([...Object.keys(request), 'lifecycleNotificationUrl']);
      documented.delete('latestSupportedTlsVersion');
      expect(new Set(Object.keys(sent))).toEqual(documented);
      expect(sent).toMatchObject({ notificationUrl: request.notificationUrl, clientState: request.clientState });
      expect(new Date(sent.expirationDateTime).getTime()).toBe(new Date(request.expirationDateTime).getTime());
      // The events form of the published resource and change types (the pages' examples are for messages).
      expect(sent.resource).toBe('/users/adele/events');
      for (const type of String(sent.changeType).split(',')) expect(['created', 'updated', 'deleted']).toContain(type);
    },
  );
});
