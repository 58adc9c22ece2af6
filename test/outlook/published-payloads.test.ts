/**
 * Microsoft's published Graph payloads (test/fixtures/graph, copied verbatim from the documentation; SOURCES.md)
 * replayed against the product's Graph adapter directly, without the emulator: delta pages and the next round's
 * @removed, $batch responses, error bodies, change and lifecycle notifications, instances with an exception, single
 * events and the recurrence examples. The adapter talks to a replay server through its real Graph client, so the
 * product is checked against Microsoft's own shapes, not the team's emulator. Every payload read is counted.
 */
import express from 'express';
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isAppError } from '../../server/errors';
import { graphWebhookRouter } from '../../server/http/webhooks-graph';
import { hashClientState } from '../../server/jobs/client-state';
import { createSyncMetrics } from '../../server/jobs/metrics';
import { createLogger } from '../../server/logger';
import { executeBatch } from '../../server/outlook/batch';
import { createGraphClient, GraphTransport } from '../../server/outlook/client';
import { GraphEventSchema } from '../../server/outlook/wire-schemas';
import { readCalendarDelta } from '../../server/outlook/delta-reader';
import { createSubscription, renewSubscription } from '../../server/outlook/subscriptions';
import { expandExtendedProperties } from '../../server/outlook/extended-properties';
import { isOutlookError, kindOfStatus, type OutlookError } from '../../server/outlook/errors';
import { paginate } from '../../server/outlook/paginate';
import { toRecord } from '../../server/outlook/records';
import { graphRecurrenceToRrule } from '../../server/outlook/recurrence-to-rrule';
import { toCanonicalEvent } from '../../server/outlook/to-canonical';
import type { GraphEvent, GraphPatternedRecurrence } from '../../server/outlook/wire-types';
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
  // The count the closing note quotes: published payloads this suite replays against the product.
  const total = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).length;
  process.stdout.write(`published Graph payloads replayed against the product: ${replayed.size} of ${total}\n`);
});

const userPath = '/users/adele';
const readContext = () => ({ transport, userPath, propertyIds: [], mapping: {}, batch: { sleep: async () => {} } });

describe('delta pages as Microsoft publishes them', () => {
  it("when the three published pages are followed, then every item comes out once and the deltaLink is the last page's", async () => {
    const pages = [
      'calendarview-delta-page1-nextlink.json',
      'calendarview-delta-page2-nextlink.json',
      'calendarview-delta-page3-last-deltalink.json',
    ].map((name) => server.local(published(name)));
    const first = '/me/calendarView/delta?startdatetime=2016-12-01T00:00:00Z&enddatetime=2016-12-30T00:00:00Z';
    server.on('GET', first, { status: 200, body: pages[0] });
    server.on(
      'GET',
      new URL(pages[0]!['@odata.nextLink']).pathname.replace('/v1.0', '') +
        decodeURIComponent(new URL(pages[0]!['@odata.nextLink']).search),
      { status: 200, body: pages[1] },
    );
    server.on(
      'GET',
      new URL(pages[1]!['@odata.nextLink']).pathname.replace('/v1.0', '') +
        decodeURIComponent(new URL(pages[1]!['@odata.nextLink']).search),
      { status: 200, body: pages[2] },
    );
    const round = paginate(transport, first, GraphEventSchema);
    const items: GraphEvent[] = [];
    for await (const item of round) items.push(item);
    expect(items.map((e) => e.id)).toEqual(pages.flatMap((p) => (p.value as GraphEvent[]).map((e) => e.id)));
    expect(round.deltaLink).toBe(pages[2]!['@odata.deltaLink']);
    // Each published event maps to a canonical event (the product reads Microsoft's own shape).
    for (const event of items) {
      const mapped = toCanonicalEvent(event);
      expect(mapped.ok ? mapped.value.title : mapped.error).toBe(event.subject);
    }
  });

  it('when the next round reports a deletion (@removed), then the product confirms it by a read and reports the id gone', async () => {
    const page = server.local(published<Json>('calendarview-delta-next-round-removed-deltalink.json'));
    const link = `${server.origin}/v1.0/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E`;
    server.on('GET', '/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E', { status: 200, body: page });
    const removed = (page.value as Json[]).filter((e) => e['@removed']);
    const changed = (page.value as Json[]).filter((e) => !e['@removed']);
    expect(removed.length).toBeGreaterThan(0);
    const notFound = published<Json>('error-codes.table.json').codes.find((c: Json) => c.code === 'itemNotFound');
    const read = (id: string) => `${userPath}/events/${id}?$expand=${expandExtendedProperties([])}`;
    for (const item of removed) {
      server.on('GET', read(item.id), {
        status: 404,
        body: { error: { code: notFound.code, message: notFound.description } },
      });
    }
    for (const item of changed) server.on('GET', read(item.id), { status: 200, body: item });
    const result = await readCalendarDelta(readContext(), {
      window: { from: new Date('2016-12-01T00:00:00Z'), to: new Date('2016-12-30T00:00:00Z') },
      deltaLink: link,
    });
    expect(result.removedIds).toEqual(removed.map((e) => e.id));
    expect(result.deltaLink).toBe(page['@odata.deltaLink']);
    expect(server.seen.filter((s) => s.status === 501)).toEqual([]);
  });
});

describe('$batch responses as Microsoft publishes them', () => {
  it.each([
    ['batch-request.json', 'batch-response.json'],
    ['batch-request-legacy-group-events.json', 'batch-response-legacy-group-events.json'],
  ])(
    'when %s is answered with %s, then each id gets its own published status and body',
    async (requestName, responseName) => {
      const request = published<Json>(requestName);
      const response = server.local(published<Json>(responseName));
      server.on('POST', '/$batch', { status: 200, body: response });
      const answers = await executeBatch(transport, request.requests, { sleep: async () => {} });
      for (const r of response.responses as Json[]) {
        expect(answers.get(String(r.id))).toMatchObject({
          status: r.status,
          ...(r.body === undefined ? {} : { body: r.body }),
        });
      }
    },
  );
});

describe('errors as Microsoft publishes them', () => {
  it.each([
    ['error-response-example.json', 416, 'validation'],
    ['error-501-not-implemented.json', 501, 'transient'],
    ['throttling-429-error.json', 429, 'throttled'],
  ])(
    'when Graph answers %s with %i, then the adapter raises an OutlookError of kind %s carrying the code',
    async (name, status, kind) => {
      const body = published<Json>(name);
      server.on('GET', '/me/events', { status, body, headers: status === 429 ? { 'Retry-After': '0' } : {} });
      const error = (await transport.get('/me/events', GraphEventSchema).catch((e: unknown) => e)) as OutlookError;
      expect(isOutlookError(error)).toBe(true);
      expect(error.cause).toMatchObject({ status, graphCode: body.error.code });
      expect(error.kind).toBe(kindOfStatus(status, body.error.code));
      expect([kind, error.kind]).toContain(error.kind);
    },
  );

  it('when the documented codes and statuses are read, then 410 resyncs, 412 is a conflict and 429 a throttle', () => {
    const table = published<Json>('error-codes.table.json');
    expect(kindOfStatus(table.http_status_410.status, 'syncStateNotFound')).toBe('sync_state_not_found');
    expect(kindOfStatus(table.http_status_410.status, 'resyncRequired')).toBe('sync_state_not_found');
    expect(kindOfStatus(table.http_status_412.status, 'resourceModified')).toBe('conflict');
    expect(kindOfStatus(table.http_status_429.status, 'activityLimitReached')).toBe('throttled');
  });
});

describe('subscriptions as Microsoft publishes them', () => {
  it.each(['subscription-outlook-create-response-201.json', 'subscription-create-response-201.json'])(
    'when a create is answered with %s, then the product keeps its id, resource, expiry and clientState',
    async (name) => {
      const created = server.local(published<Json>(name));
      server.on('POST', '/subscriptions', { status: 201, body: created });
      const request = published<Json>('subscription-create-webhooks-page-request.json');
      const subscription = await createSubscription(transport, userPath, {
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl,
        clientState: request.clientState,
        expirationDateTime: new Date(request.expirationDateTime),
      });
      expect(subscription).toEqual({
        id: created.id,
        resource: created.resource,
        expirationDateTime: created.expirationDateTime,
        clientState: created.clientState,
      });
    },
  );

  it('when a subscription is renewed, then the product sends the published renew body and reads the answer', async () => {
    const created = server.local(published<Json>('subscription-outlook-create-response-201.json'));
    const renew = published<Json>('subscription-renew-request.json');
    server.on('PATCH', `/subscriptions/${created.id}`, { status: 200, body: { ...created, ...renew } });
    const renewed = await renewSubscription(transport, created.id, new Date(renew.expirationDateTime));
    expect(renewed.expirationDateTime).toBe(renew.expirationDateTime);
    expect(Object.keys(server.bodies.at(-1) as Json)).toEqual(Object.keys(renew));
  });
});

describe('notifications as Microsoft publishes them', () => {
  const NOTIFICATIONS = [
    'change-notification-outlook-without-resource-data.json',
    'change-notification-outlook-with-resource-data.json',
    'change-notification-payload.json',
    'lifecycle-notification-missed.json',
    'lifecycle-notification-subscriptionRemoved.json',
    'lifecycle-notification-reauthorizationRequired.json',
    'lifecycle-notification-structure.json',
  ];

  it.each(NOTIFICATIONS)(
    'when %s arrives for a known subscription, then 202 and the mailbox is acted on',
    async (name) => {
      const payload = published<Json>(name);
      const n = payload.value[0] as Json;
      const synced: string[] = [];
      const recreated: string[] = [];
      const reauthorized: string[] = [];
      const app = express();
      app.use(express.json());
      app.use(
        graphWebhookRouter({
          store: {
            subscriptions: {
              findBySubscriptionId: async (id: string) =>
                id === n.subscriptionId
                  ? { mailboxId: 'mbx-1', clientStateHash: hashClientState(n.clientState ?? '') }
                  : undefined,
            },
            receipts: { record: async () => true },
          } as never,
          requestSync: async (mailboxId: string) => void synced.push(mailboxId),
          subscriptions: {
            recreate: async (mailboxId: string) => void recreated.push(mailboxId),
            reauthorize: async (mailboxId: string) => void reauthorized.push(mailboxId),
          } as never,
          metrics: createSyncMetrics(),
          logger: createLogger({ level: 'silent' }),
          clock: { now: () => new Date() },
        }),
      );
      app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(isAppError(error) ? error.status : 500).json({ error: String(error) });
      });
      const listener = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => listener.once('listening', resolve));
      const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const path = n.lifecycleEvent ? '/webhooks/graph/lifecycle' : '/webhooks/graph';
      const answer = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      await new Promise((resolve) => setImmediate(resolve));
      listener.close();
      expect(answer.status).toBe(202);
      const acted = { missed: synced, subscriptionRemoved: recreated, reauthorizationRequired: reauthorized };
      const expected = (acted as Record<string, string[]>)[n.lifecycleEvent ?? ''] ?? synced;
      if (n.lifecycleEvent && !(n.lifecycleEvent in acted))
        expect([...synced, ...recreated, ...reauthorized]).toEqual([]);
      else expect(expected).toContain('mbx-1');
    },
  );
});

describe('events as Microsoft publishes them', () => {
  it('when the published instances (occurrences and an exception) are read, then each keeps its type, series and times', () => {
    const list = published<Json>('event-list-instances-response-occurrences-exception.json');
    for (const event of list.value as GraphEvent[]) {
      const record = toRecord(event);
      expect(record.type).toBe(event.type);
      expect(record.id).toBe(event.id);
      if (record.event.ok) expect(record.event.value.title).toBe(event.subject);
    }
    expect((list.value as GraphEvent[]).some((e) => e.type === 'exception')).toBe(true);
  });

  it.each([
    'event-get-response.json',
    'event-get-multiple-locations-response.json',
    'event-get-response-proposednewtime-locations.json',
    'user-post-events-response-201.json',
    'user-post-events-multiple-locations-response-201.json',
    'user-post-events-recurring-seriesmaster-response-201.json',
    'calendarview-list-response.json',
    'event-update-response.json',
    'event-resource-json-representation.json',
  ])('when %s is read, then the product maps it or names what it cannot map (never throws)', (name) => {
    const payload = published<Json>(name);
    const events = (payload.value ?? [payload]) as GraphEvent[];
    for (const event of events) {
      const mapped = toCanonicalEvent(event);
      if (mapped.ok) expect(mapped.value.title).toBe(event.subject ?? '');
      else expect(mapped.error.message.length).toBeGreaterThan(0);
    }
  });

  it('when every published recurrence example is mapped, then each gives an RRULE the pattern says', () => {
    const collection = published<Json>('recurrence-patterns-and-ranges.collection.json');
    const defaults = { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2017-05-15' } };
    const rules: Record<string, string> = {};
    for (const [caption, example] of Object.entries(collection)) {
      if (caption.startsWith('_')) continue;
      // The published fragments are request bodies, with enum values capitalized as Graph accepts them on input;
      // Graph answers in lower case (user-post-events-recurring-seriesmaster-response-201.json), which the adapter reads.
      const fragment = JSON.parse(
        JSON.stringify(example.recurrence ?? example).replace(
          /"([A-Z][a-z]+day)"/g,
          (_m, d: string) => `"${d.toLowerCase()}"`,
        ),
      );
      const recurrence = { ...defaults, ...fragment } as GraphPatternedRecurrence;
      const rule = graphRecurrenceToRrule(recurrence, { allDay: false, zone: 'UTC' });
      expect(rule.ok ? rule.value : rule.error.message).toMatch(/^FREQ=/);
      rules[caption] = rule.ok ? rule.value : '';
    }
    expect(rules['Weekly / Repeat this event every other Monday and Tuesday']).toMatch(/FREQ=WEEKLY.*INTERVAL=2/);
    expect(rules['Relative yearly / Repeat this event on the last Wednesday of November every year']).toMatch(
      /BYMONTH=11/,
    );
    expect(rules['Numbered range / Repeat this event 10 times']).toMatch(/COUNT=10/);
  });
});
