/**
 * The Graph platform in front of every route: authentication errors, throttling per app per mailbox (concurrency
 * and rate window), injected faults (status, timeout, commit-then-lose-the-response), latency and the request log.
 */
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { fixture, graphCall, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;
let adele: string;

beforeAll(async () => {
  emulator = await startEmulator();
  adele = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(async () => {
  await emulator.control.call('POST', '/reset');
});

type ErrorBody = { error: { code: string; message: string; innerError: Record<string, string> } };

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('authentication', () => {
  it('when no token is sent, then 401 InvalidAuthenticationToken in the documented error shape', async () => {
    const res = await graphCall<ErrorBody>(emulator, null, 'GET', '/me/events', undefined, {
      'client-request-id': 'abc-123',
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    expect(keysOf(res.body.error)).toEqual(keysOf(fixture<ErrorBody>('error-response-example.json').error));
    expect(res.body.error.innerError).toMatchObject({
      'client-request-id': 'abc-123',
      'request-id': res.headers.get('request-id'),
    });
    expect(res.body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('when the Graph token has expired on the emulator clock, then 401', async () => {
    await emulator.control.advanceClock(3601);
    const res = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('when the add-in token (audience = the add-in) is sent to Graph, then 401 Invalid audience', async () => {
    const addin = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const res = await graphCall<ErrorBody>(emulator, addin, 'GET', '/me/events');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Invalid audience.');
  });
});

describe('throttling per app per mailbox', () => {
  it('when 5 requests for one mailbox run at once, then exactly one gets 429 ApplicationThrottled with Retry-After', async () => {
    await emulator.control.updateSettings({ latencyMs: 400 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events')),
    );
    const throttled = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(throttled).toHaveLength(1);
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled[0]!.body.error.code).toBe('ApplicationThrottled');
    expect(throttled[0]!.body.error.message).toBe('Application is over its MailboxConcurrency limit.');
    expect(keysOf(throttled[0]!.body)).toEqual(keysOf(fixture('throttling-429-error.json')));
    // What the budget saw: five wanted to run at once (the refused one counted), so a test can tell how far over.
    const appId = emulator.context.requestLog.list()[0]!.appId!;
    const adeleId = emulator.context.directory.findUser('adele@contoso.example')!.id;
    expect(emulator.context.throttle.observed(appId, adeleId)).toEqual({ peakConcurrency: 5, refused: 1 });
    expect(emulator.context.throttle.peakConcurrency()).toBe(5);
  });

  it('when the mailbox is another person, then it has its own budget', async () => {
    await emulator.control.updateSettings({ latencyMs: 300, throttleConcurrency: 1 });
    const app = await emulator.control.mintGraphToken({ roles: ['Calendars.ReadWrite'] });
    const [a, b] = await Promise.all([
      graphCall(emulator, app, 'GET', '/users/adele@contoso.example/events'),
      graphCall(emulator, app, 'GET', '/users/megan@contoso.example/events'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  // Microsoft's pages disagree whether the Outlook limits are per app per mailbox or per app
  // (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits): throttleScope 'app' is the
  // stricter reading, one budget for the app across mailboxes.
  it('when throttleScope is app, then two mailboxes share one budget and the second request is throttled', async () => {
    await emulator.control.updateSettings({ latencyMs: 300, throttleConcurrency: 1, throttleScope: 'app' });
    const app = await emulator.control.mintGraphToken({ roles: ['Calendars.ReadWrite'] });
    const results = await Promise.all([
      graphCall<ErrorBody>(emulator, app, 'GET', '/users/adele@contoso.example/events'),
      graphCall<ErrorBody>(emulator, app, 'GET', '/users/megan@contoso.example/events'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 429]);
    expect(results.find((r) => r.status === 429)!.body.error.code).toBe('ApplicationThrottled');
    await emulator.control.updateSettings({ throttleScope: 'appPerMailbox' });
    const apart = await Promise.all([
      graphCall(emulator, app, 'GET', '/users/adele@contoso.example/events'),
      graphCall(emulator, app, 'GET', '/users/megan@contoso.example/events'),
    ]);
    expect(apart.map((r) => r.status)).toEqual([200, 200]);
  });

  it('when the rate window is used up, then 429 until the window moves on', async () => {
    await emulator.control.updateSettings({ throttleWindowRequests: 3, throttleWindowSeconds: 600 });
    for (let i = 0; i < 3; i += 1) expect((await graphCall(emulator, adele, 'GET', '/me/events')).status).toBe(200);
    const refused = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe('Application is over its MailboxRequestRate limit.');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(590);
    await emulator.control.advanceClock(601);
    const token = await emulator.control.mintGraphToken({ user: 'adele@contoso.example' });
    expect((await graphCall(emulator, token, 'GET', '/me/events')).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('when a 503 with Retry-After is set for the next 2 matching requests, then exactly those fail', async () => {
    await emulator.control.addFault({
      kind: 'status',
      status: 503,
      retryAfterSeconds: 7,
      method: 'GET',
      path: '^/me/events$',
      count: 2,
    });
    const other = await graphCall(
      emulator,
      adele,
      'GET',
      '/me/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-01-02T00:00:00Z',
    );
    expect(other.status).toBe(200);
    const first = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    const second = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    const third = await graphCall(emulator, adele, 'GET', '/me/events');
    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.error.code).toBe('serviceNotAvailable');
    expect((await emulator.control.faults())[0]).toMatchObject({ fired: 2, remaining: 0 });
  });

  it.each([
    [429, 'TooManyRequests'],
    [504, 'GatewayTimeout'],
  ])('when a %i is injected, then Graph answers it with code %s', async (status, code) => {
    await emulator.control.addFault({ kind: 'status', status, retryAfterSeconds: 1 });
    const res = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('when a timeout is injected, then the request is held until the client gives up, and logged as unanswered', async () => {
    await emulator.control.addFault({ kind: 'timeout', path: '^/me/events$' });
    const outcome = await fetch(`${emulator.graphBaseUrl}/me/events`, {
      headers: { authorization: `Bearer ${adele}` },
      signal: AbortSignal.timeout(300),
    }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe('TimeoutError');
    await waitFor(async () => (await emulator.control.requests()).some((r) => r.status === 0));
  });

  it('when a timeout with holdMs is injected, then the request is held that long and answered 504 GatewayTimeout', async () => {
    await emulator.control.addFault({ kind: 'timeout', path: '^/me/events$', holdMs: 400 });
    const started = Date.now();
    const held = await graphCall<ErrorBody>(emulator, adele, 'GET', '/me/events');
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(held.status).toBe(504);
    expect(held.body.error.code).toBe('GatewayTimeout');
    expect((await graphCall(emulator, adele, 'GET', '/me/events')).status).toBe(200);
  });

  it('when the response is lost after commit, then the client sees a broken connection but the event exists', async () => {
    await emulator.control.addFault({ kind: 'lose-response', method: 'POST', path: '^/me/events$' });
    const event = {
      subject: 'Lost answer',
      start: { dateTime: '2026-03-02T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-03-02T10:00:00', timeZone: 'UTC' },
    };
    await expect(graphCall(emulator, adele, 'POST', '/me/events', event)).rejects.toThrow();
    const list = await graphCall<{ value: Array<{ subject: string }> }>(emulator, adele, 'GET', '/me/events');
    expect(list.body.value.map((e) => e.subject)).toContain('Lost answer');
    const logged = (await emulator.control.requests()).find((r) => r.method === 'POST');
    expect(logged).toMatchObject({ status: 201, lost: true });
  });
});

describe('request log', () => {
  it('when requests are made, then counts are kept by method, route template and status', async () => {
    await graphCall(emulator, adele, 'GET', '/me/events');
    await graphCall(emulator, adele, 'GET', '/me/events');
    await graphCall(emulator, adele, 'GET', '/users/adele@contoso.example/events/AAMkNotThere');
    await graphCall(emulator, null, 'GET', '/me/events');
    const counts = await emulator.control.requestCounts();
    expect(counts['GET /v1.0/me/events 200']).toBe(2);
    expect(counts['GET /v1.0/me/events 401']).toBe(1);
    expect(counts['GET /v1.0/users/{id}/events/{id} 404']).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
