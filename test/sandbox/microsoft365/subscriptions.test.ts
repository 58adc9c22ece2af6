/**
 * Change-notification subscriptions: the validation handshake against a real HTTPS receiver, field checks,
 * notifications for events created through the calendar routes (with clientState), drops, lifecycle events,
 * renewal, expiry and deletion.
 */
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { fixture, graphCall, startEmulator } from './helpers';
import { WebhookReceiver } from './webhook-receiver';

let emulator: Microsoft365Emulator;
let receiver: WebhookReceiver;
let adele: string;

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await WebhookReceiver.start();
  adele = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
});
afterAll(async () => {
  await emulator.stop();
  await receiver.stop();
});
afterEach(async () => {
  receiver.validation = 'echo';
  receiver.received.length = 0;
  await emulator.control.call('POST', '/reset');
});

type Sub = Record<string, unknown> & { id: string; expirationDateTime: string };
type ErrorBody = { error: { code: string; message: string } };

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** As the product does: immutable ids everywhere (Prefer: IdType="ImmutableId" on subscriptions and events). */
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };

function subscribe(overrides: Record<string, unknown> = {}, token = adele) {
  return graphCall<Sub & ErrorBody>(
    emulator,
    token,
    'POST',
    '/subscriptions',
    {
      changeType: 'created,updated,deleted',
      notificationUrl: `${receiver.baseUrl}/api/notifications`,
      lifecycleNotificationUrl: `${receiver.baseUrl}/api/lifecycle`,
      resource: '/me/events',
      expirationDateTime: inMinutes(60),
      clientState: 'secret-client-state',
      ...overrides,
    },
    IMMUTABLE,
  );
}

async function createEvent(subject: string) {
  const res = await graphCall<{ id: string; '@odata.etag': string }>(
    emulator,
    adele,
    'POST',
    '/me/events',
    {
      subject,
      start: { dateTime: '2026-05-04T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-04T10:00:00', timeZone: 'UTC' },
    },
    IMMUTABLE,
  );
  expect(res.status).toBe(201);
  return res.body;
}

describe('creating subscriptions', () => {
  it('when the receiver echoes the validation token, then 201 with the documented subscription fields', async () => {
    const res = await subscribe();
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      Object.keys(fixture('subscription-outlook-create-response-201.json')).sort(),
    );
    expect(res.body).toMatchObject({ resource: '/me/events', clientState: 'secret-client-state', creatorId: ADELE_ID });
  });

  it('when the receiver answers the wrong token, then 400 InvalidRequest and nothing is stored', async () => {
    receiver.validation = 'wrong';
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'InvalidRequest',
      message: expect.stringMatching(/validation request failed/),
    });
    expect((await graphCall<{ value: unknown[] }>(emulator, adele, 'GET', '/subscriptions')).body.value).toHaveLength(
      0,
    );
  });

  // "respond ... with a 200 OK status code, content type text/plain, body includes the URL-decoded validation token"
  // https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks ("Notification endpoint validation")
  it('when the receiver echoes the token as application/json, then 400 and nothing is stored', async () => {
    receiver.validation = 'json';
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'InvalidRequest', message: expect.stringMatching(/text\/plain/) });
    expect((await graphCall<{ value: unknown[] }>(emulator, adele, 'GET', '/subscriptions')).body.value).toHaveLength(
      0,
    );
  });

  it('when the receiver is slower than the validation timeout, then 400', async () => {
    await emulator.control.updateSettings({ validationTimeoutMs: 200 });
    receiver.validation = { delayMs: 600 };
    const res = await subscribe();
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/timeout/);
  });

  it.each([
    ['expiration beyond the maximum lifetime', { expirationDateTime: inMinutes(4231) }, /4230 minutes/],
    ['expiration in the past', { expirationDateTime: inMinutes(-1) }, /future/],
    ['clientState over 128 characters', { clientState: 'x'.repeat(129) }, /clientState/],
    ['an http notification URL', { notificationUrl: 'http://localhost:1/x' }, /https/],
    ['an unknown change type', { changeType: 'created,moved' }, /changeType/],
    ['a resource that is not events', { resource: '/me/messages' }, /not supported/],
  ])('when the request has %s, then 400', async (_name, overrides, message) => {
    const res = await subscribe(overrides);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('when a delegated caller subscribes to someone else mailbox, then 403', async () => {
    const res = await subscribe({ resource: '/users/megan@contoso.example/events' });
    expect(res.status).toBe(403);
  });

  it('when an app-only caller with Calendars.ReadWrite subscribes to /users/{id}/events, then 201', async () => {
    const app = await emulator.control.mintGraphToken({ roles: ['Calendars.ReadWrite'] });
    const res = await subscribe({ resource: `/users/${ADELE_ID}/events` }, app);
    expect(res.status).toBe(201);
  });
});

describe('notifications', () => {
  it('when an event is created through the calendar routes, then the receiver gets a notification with clientState', async () => {
    const sub = (await subscribe()).body;
    const event = await createEvent('Notify me');
    await receiver.waitFor(1);
    const [notification] = receiver.received[0]!.body.value;
    expect(receiver.received[0]!.path).toBe('/api/notifications');
    expect(notification).toMatchObject({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      changeType: 'created',
      clientState: 'secret-client-state',
      tenantId: CONTOSO_TENANT_ID,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: event.id, '@odata.etag': event['@odata.etag'] },
    });
    const documented = fixture<{ value: Array<Record<string, unknown>> }>(
      'change-notification-outlook-without-resource-data.json',
    ).value[0]!;
    expect(Object.keys(notification!).sort()).toEqual(Object.keys(documented).sort());
  });

  it('when notifications are set to be dropped, then the next one is lost and the one after arrives', async () => {
    await subscribe();
    await emulator.control.call('POST', '/subscriptions/drop', { count: 1 });
    const lost = await createEvent('Lost');
    const kept = await createEvent('Kept');
    await receiver.waitFor(1);
    await emulator.context.notifications.idle();
    const ids = receiver.received.map((r) => (r.body.value[0]!.resourceData as { id: string }).id);
    expect(ids).toEqual([kept.id]);
    const log = await emulator.control.call<{ deliveries: Array<{ eventId: string; outcome: string }> }>(
      'GET',
      '/notifications',
    );
    expect(log.deliveries.find((d) => d.eventId === lost.id)?.outcome).toBe('dropped');
  });

  it('when notifications are set to be delivered twice, then the next one arrives twice, identical, and the one after once', async () => {
    await subscribe();
    await emulator.control.call('POST', '/subscriptions/duplicate', { count: 1 });
    const twice = await createEvent('Twice');
    await receiver.waitFor(2);
    const once = await createEvent('Once');
    await receiver.waitFor(3);
    await emulator.context.notifications.idle();
    const ids = receiver.received.map((r) => (r.body.value[0]!.resourceData as { id: string }).id);
    expect(ids).toEqual([twice.id, twice.id, once.id]);
    expect(receiver.received[0]!.body).toEqual(receiver.received[1]!.body);
    const log = await emulator.control.call<{ deliveries: Array<{ eventId: string; duplicate?: boolean }> }>(
      'GET',
      '/notifications',
    );
    expect(
      log.deliveries
        .filter((d) => d.eventId === twice.id)
        .map((d) => d.duplicate ?? false)
        .sort(),
    ).toEqual([false, true]);
  });

  it.each(['reauthorizationRequired', 'missed', 'subscriptionRemoved'])(
    'when a %s lifecycle event is fired, then the lifecycle URL gets it in the documented shape',
    async (event) => {
      const sub = (await subscribe()).body;
      const res = await emulator.control.call<{ status: number }>('POST', `/subscriptions/${sub.id}/lifecycle`, {
        event,
      });
      expect(res.status).toBe(202);
      const received = receiver.received.find((r) => r.path === '/api/lifecycle')!.body.value[0]!;
      expect(received).toMatchObject({
        lifecycleEvent: event,
        subscriptionId: sub.id,
        clientState: 'secret-client-state',
      });
      const documented = fixture<{ value: Array<Record<string, unknown>> }>(`lifecycle-notification-${event}.json`)
        .value[0]!;
      expect(Object.keys(received).sort()).toEqual(Object.keys(documented).sort());
      const after = await graphCall(emulator, adele, 'GET', `/subscriptions/${sub.id}`);
      expect(after.status).toBe(event === 'subscriptionRemoved' ? 404 : 200);
    },
  );
});

describe('renewal, expiry, deletion', () => {
  it('when a subscription is renewed with PATCH, then its expiration moves and GET shows it', async () => {
    const sub = (await subscribe()).body;
    const renewed = await graphCall<Sub>(emulator, adele, 'PATCH', `/subscriptions/${sub.id}`, {
      expirationDateTime: inMinutes(4000),
    });
    expect(renewed.status).toBe(200);
    expect(new Date(renewed.body.expirationDateTime).getTime()).toBeGreaterThan(
      new Date(sub.expirationDateTime).getTime(),
    );
  });

  it('when a subscription expires on the emulator clock, then it is 404 and delivers nothing', async () => {
    const sub = (await subscribe({ expirationDateTime: inMinutes(5) })).body;
    await emulator.control.advanceClock(6 * 60);
    const token = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
    expect((await graphCall(emulator, token, 'GET', `/subscriptions/${sub.id}`)).status).toBe(404);
    await graphCall(emulator, token, 'POST', '/me/events', {
      subject: 'After expiry',
      start: { dateTime: '2026-05-05T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-05T10:00:00', timeZone: 'UTC' },
    });
    await emulator.context.notifications.idle();
    expect(receiver.received).toHaveLength(0);
  });

  it('when a subscription is deleted, then 204 and then 404', async () => {
    const sub = (await subscribe()).body;
    expect((await graphCall(emulator, adele, 'DELETE', `/subscriptions/${sub.id}`)).status).toBe(204);
    expect((await graphCall(emulator, adele, 'GET', `/subscriptions/${sub.id}`)).status).toBe(404);
  });
});
