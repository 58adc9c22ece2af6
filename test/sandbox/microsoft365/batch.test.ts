/**
 * `POST /v1.0/$batch`: limits, duplicate ids, dependsOn with 424, per-request status (429 inside a batch), at most 4
 * in parallel (a batch of 6 slow requests is not throttled), replays of Microsoft's published batch examples, and
 * what each sub-request still goes through in-process: faults, the token's lifetime, links built from its URL.
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

interface BatchRequest {
  id: string;
  method: string;
  url: string;
  dependsOn?: string[];
  body?: unknown;
  headers?: Record<string, string>;
}
interface BatchResponse {
  responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> }>;
}
type ErrorBody = { error: { code: string; message: string } };

const batch = (requests: BatchRequest[]) =>
  graphCall<BatchResponse & ErrorBody>(emulator, adele, 'POST', '/$batch', { requests });
const get = (id: string, url = '/me/events'): BatchRequest => ({ id, method: 'GET', url });
const byId = (res: BatchResponse) => new Map(res.responses.map((r) => [r.id, r]));

describe('$batch', () => {
  it('when a batch has 21 requests, then the whole batch is refused with 400', async () => {
    const res = await batch(Array.from({ length: 21 }, (_, i) => get(String(i + 1))));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('when ids repeat, then 400', async () => {
    const res = await batch([get('1'), get('1')]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/duplicate id '1'/);
  });

  // Ids are "Not case-sensitive. Must be unique in the batch, otherwise, the batch request fails with a 400 error
  // code." https://learn.microsoft.com/en-us/graph/json-batching ("Creating a batch request")
  it('when two ids differ only in case, then 400; a dependsOn naming an id in other case still resolves', async () => {
    const twins = await batch([get('a'), get('A')]);
    expect(twins.status).toBe(400);
    expect(twins.body.error.message).toMatch(/duplicate id 'A'/);
    const chained = await batch([get('first'), { ...get('second'), dependsOn: ['FIRST'] }]);
    expect(chained.status).toBe(200);
    expect(chained.body.responses.map((r) => [r.id, r.status])).toEqual([
      ['first', 200],
      ['second', 200],
    ]);
  });

  it('when dependsOn forms a cycle or names an unknown id, then 400', async () => {
    expect(
      (
        await batch([
          { ...get('1'), dependsOn: ['2'] },
          { ...get('2'), dependsOn: ['1'] },
        ])
      ).status,
    ).toBe(400);
    expect((await batch([{ ...get('1'), dependsOn: ['9'] }])).status).toBe(400);
  });

  it('when a body is sent without Content-Type, then 400 as Graph does', async () => {
    const res = await batch([{ id: '1', method: 'POST', url: '/me/events', body: { subject: 'x' } }]);
    expect(res.status).toBe(400);
  });

  it('when requests succeed and fail independently, then each carries its own status, headers and body', async () => {
    const create = {
      id: '1',
      method: 'POST',
      url: '/me/events',
      headers: { 'Content-Type': 'application/json' },
      body: {
        subject: 'From batch',
        start: { dateTime: '2026-04-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-04-01T10:00:00', timeZone: 'UTC' },
      },
    };
    const res = await batch([create, get('2', '/me/events/AAMkDoesNotExist'), get('3', 'me/events')]);
    expect(res.status).toBe(200);
    const responses = byId(res.body);
    expect(responses.get('1')).toMatchObject({ status: 201, body: { subject: 'From batch' } });
    expect(responses.get('1')!.headers['content-type']).toMatch(/application\/json/);
    expect(responses.get('2')!.status).toBe(404);
    expect((responses.get('2')!.body as ErrorBody).error.code).toBeTruthy();
    expect(responses.get('3')!.status).toBe(200);
  });

  it('when Microsoft dependsOn example (1 -> 2 -> 4 -> 3) is replayed with a failing first request, then its dependents get 424', async () => {
    const example = fixture<{ requests: BatchRequest[] }>('batch-dependson-request.json');
    const requests = example.requests.map((r) => ({
      ...r,
      url: r.id === '1' ? '/me/events/AAMkMissing' : '/me/events',
    }));
    const res = await batch(requests);
    const responses = byId(res.body);
    expect(responses.get('1')!.status).toBe(404);
    for (const id of ['2', '4', '3']) {
      expect(responses.get(id)!.status).toBe(424);
      expect((responses.get(id)!.body as ErrorBody).error.code).toBe('FailedDependency');
    }
    const counts = await emulator.control.requestCounts();
    expect(counts['GET /v1.0/me/events 200']).toBeUndefined(); // dependents were never sent
  });

  it('when a batch runs, then the totals count each sub-request as Graph does and the envelope as one round trip', async () => {
    const before = await emulator.control.call<{ http: number; counted: number; batches: number }>(
      'GET',
      '/requests/totals',
    );
    const res = await batch([
      { id: '1', method: 'GET', url: '/me/events' },
      { id: '2', method: 'GET', url: '/me/events' },
      { id: '3', method: 'GET', url: '/me/events' },
    ]);
    expect(res.body.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const after = await emulator.control.call<{ http: number; counted: number; batches: number }>(
      'GET',
      '/requests/totals',
    );
    expect({
      http: after.http - before.http,
      counted: after.counted - before.counted,
      batches: after.batches - before.batches,
    }).toEqual({ http: 1, counted: 3, batches: 1 });
  });

  it('when the same dependsOn chain succeeds, then every request runs, in dependency order', async () => {
    const example = fixture<{ requests: BatchRequest[] }>('batch-dependson-request.json');
    const res = await batch(example.requests.map((r) => ({ ...r, url: '/me/events' })));
    expect(res.body.responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(res.body.responses.map((r) => r.id)).toEqual(['1', '2', '4', '3']);
  });

  it('when Microsoft example batch is replayed, then every request gets its own answer in the documented response shape', async () => {
    const example = fixture<{ requests: BatchRequest[] }>('batch-request.json');
    const res = await batch(example.requests);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4', '5']);
    const documented = fixture<BatchResponse>('batch-response.json').responses[1]!;
    for (const response of res.body.responses) {
      expect(Object.keys(response).sort()).toEqual(Object.keys(documented).sort());
      expect(response.status).toBeGreaterThanOrEqual(400); // the emulator serves calendars only
      expect(Object.keys((response.body as ErrorBody).error)).toEqual(
        expect.arrayContaining(['code', 'message', 'innerError']),
      );
    }
  });

  it('when one sub-request is throttled, then the 429 and its Retry-After are reported for that request only', async () => {
    await emulator.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      path: '^/me/events$',
      count: 1,
    });
    const res = await batch([get('1'), get('2'), get('3')]);
    const statuses = res.body.responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    expect(res.body.responses.find((r) => r.status === 429)!.headers['retry-after']).toBe('3');
  });

  it('when a batch holds 6 slow requests for one mailbox, then at most 4 run at once and none is throttled', async () => {
    await emulator.control.updateSettings({ latencyMs: 150 });
    const res = await batch(Array.from({ length: 6 }, (_, i) => get(String(i + 1))));
    expect(res.body.responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const logged = (await emulator.control.requests()).filter((r) => r.batched);
    expect(logged).toHaveLength(6);
  });

  // The latency model charges each request Outlook runs, so each sub-request; the envelope is the one round trip that
  // replaces theirs ("can save the application significant network latency",
  // https://learn.microsoft.com/en-us/graph/json-batching), and Graph sends the Outlook service up to four of its
  // requests at a time (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits).
  it('when latency is L, then a batch of 4 answers after one L, not two, and a batch of 5 after two', async () => {
    const latency = 500;
    await emulator.control.updateSettings({ latencyMs: latency });
    const timed = async (n: number) => {
      const started = performance.now();
      const res = await batch(Array.from({ length: n }, (_, i) => get(String(i + 1))));
      expect(res.body.responses.map((r) => r.status)).toEqual(Array.from({ length: n }, () => 200));
      return performance.now() - started;
    };
    const four = await timed(4);
    const five = await timed(5);
    expect(four).toBeGreaterThanOrEqual(latency);
    expect(four).toBeLessThan(1.8 * latency);
    expect(five).toBeGreaterThanOrEqual(2 * latency);
  });

  it('when the client of a batch with held sub-requests goes away, then the held ones end with it and the mailbox has its 4 slots again', async () => {
    await emulator.control.addFault({ kind: 'timeout', path: '^/me/events$', count: 3 });
    const outcome = await fetch(`${emulator.graphBaseUrl}/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adele}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [get('1'), get('2'), get('3')] }),
      signal: AbortSignal.timeout(300),
    }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe('TimeoutError');
    await waitFor(async () => (await emulator.control.requests()).filter((r) => r.batched).length === 3);

    const four = await Promise.all(Array.from({ length: 4 }, () => graphCall(emulator, adele, 'GET', '/me/events')));

    expect(four.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});

describe('$batch sub-requests run in-process through the platform', () => {
  const create = (id: string, subject: string): BatchRequest => ({
    id,
    method: 'POST',
    url: '/me/events',
    headers: { 'Content-Type': 'application/json' },
    body: {
      subject,
      start: { dateTime: '2026-04-01T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-04-01T10:00:00', timeZone: 'UTC' },
    },
  });

  it('when a sub-request loses its response after commit, then it answers 504 GatewayTimeout, the event exists and the log says lost', async () => {
    await emulator.control.addFault({ kind: 'lose-response', method: 'POST', path: '^/me/events$', count: 1 });
    const res = await batch([create('1', 'Lost answer'), get('2')]);
    expect(res.status).toBe(200);
    const responses = byId(res.body);
    expect(responses.get('1')!.status).toBe(504);
    expect((responses.get('1')!.body as ErrorBody).error.code).toBe('GatewayTimeout');
    expect(responses.get('2')!.status).toBe(200);
    const list = await graphCall<{ value: Array<{ subject: string }> }>(emulator, adele, 'GET', '/me/events');
    expect(list.body.value.map((e) => e.subject)).toContain('Lost answer');
    const logged = (await emulator.control.requests()).filter((r) => r.method === 'POST' && r.batched);
    expect(logged).toEqual([expect.objectContaining({ status: 201, lost: true, batched: true })]);
  });

  it('when the token expires while a batch runs, then the sub-requests that start after it get 401', async () => {
    await emulator.control.updateSettings({ latencyMs: 600 });
    const pending = batch([get('1'), { ...get('2'), dependsOn: ['1'] }]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // sub-request 1 is past authentication, 2 not started
    await emulator.control.advanceClock(3601);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 200],
      ['2', 401],
    ]);
    expect((byId(res.body).get('2')!.body as ErrorBody).error.code).toBe('InvalidAuthenticationToken');
  });

  it("when a sub-request carries an Authorization header of its own, then the envelope's token authenticates it", async () => {
    const res = await batch([{ ...get('1'), headers: { Authorization: 'Bearer not-a-token' } }]);
    expect(res.body.responses.map((r) => r.status)).toEqual([200]);
  });

  it("when a batch of 20 runs, then the envelope's token signature is verified once, not once per sub-request", async () => {
    const verifier = emulator.context.verifier;
    const full = jest.spyOn(verifier, 'verifyBearer');
    const recheck = jest.spyOn(verifier, 'recheck');
    try {
      const res = await batch(Array.from({ length: 20 }, (_, i) => get(String(i + 1))));
      expect(res.body.responses.every((r) => r.status === 200)).toBe(true);
      expect(full).toHaveBeenCalledTimes(1);
      expect(recheck).toHaveBeenCalledTimes(20);
    } finally {
      full.mockRestore();
      recheck.mockRestore();
    }
  });

  it("when a batched list has more pages, then its nextLink is the emulator's https URL, as a direct call's is", async () => {
    await batch([create('1', 'One'), create('2', 'Two')]);
    const res = await batch([get('1', '/me/events?$top=1')]);
    const page = byId(res.body).get('1')!;
    expect(page.status).toBe(200);
    expect(String(page.body!['@odata.nextLink'])).toContain(`${emulator.graphBaseUrl}/me/events?`);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
