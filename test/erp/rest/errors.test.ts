import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErpError } from '../../../server/erp/errors';
import { createRestErpAdapter, type RestErpClock } from '../../../server/erp/rest';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';
import { recordingClock, richEvent } from './helpers';

const adele = { id: 'person-adele', login: 'adele', email: 'adele@contoso.example', name: 'Adele Vance' };

describe('the REST ERP adapter when the ERP misbehaves', () => {
  let erp: RunningRestErp;

  beforeAll(async () => {
    erp = await startRestErp();
  });
  afterAll(() => erp.stop());
  beforeEach(() => erp.control.reset());

  const adapterWith = (clock: RestErpClock = recordingClock(), retry = {}) =>
    createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token }, clock, retry });

  it('when the token is unknown, then it fails as auth and does not retry', async () => {
    const clock = recordingClock();
    const adapter = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: 'wrong' }, clock });
    await expect(adapter.checkConnection()).rejects.toMatchObject({ kind: 'auth', retryable: false });
    expect(clock.sleeps).toEqual([]);
  });

  it('when signing with HMAC, then the ERP accepts it; with the wrong secret it fails as auth', async () => {
    const good = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'hmac', ...erp.hmac } });
    const created = await good.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    expect(created.event.title).toBe('Quarterly review at Fabrikam');
    const bad = createRestErpAdapter({
      baseUrl: erp.url,
      auth: { kind: 'hmac', keyId: erp.hmac.keyId, secret: 'nope' },
    });
    await expect(bad.findUser('adele@contoso.example')).rejects.toMatchObject({ kind: 'auth' });
  });

  it('when the ERP answers 503 with Retry-After twice, then it waits as told and succeeds', async () => {
    const clock = recordingClock();
    erp.control.injectFault({ status: 503, retryAfterSeconds: 2, count: 2 });
    await expect(adapterWith(clock).findUser('adele@contoso.example')).resolves.toMatchObject({ id: 'person-adele' });
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  it('when the ERP is rate-limited by its real limiter, then the adapter honours Retry-After and gets through', async () => {
    erp.control.setRateLimit({ limit: 1, windowSeconds: 1 });
    const sleeps: number[] = [];
    const clock = {
      now: () => new Date(),
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)).then(() => void sleeps.push(ms)),
    };
    const adapter = adapterWith(clock);
    await adapter.findUser('adele@contoso.example');
    await expect(adapter.findUser('megan@contoso.example')).resolves.toMatchObject({ id: 'person-megan' });
    expect(sleeps).toEqual([1000]);
  });

  it('when 503s without Retry-After continue, then it backs off with growing bounded delays and gives up as transient', async () => {
    const clock = recordingClock();
    erp.control.injectFault({ status: 503, count: 10 });
    const attempt = adapterWith(clock, { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 }).findUser(
      'adele@contoso.example',
    );
    await expect(attempt).rejects.toMatchObject({ kind: 'transient', retryable: true });
    expect(clock.sleeps).toHaveLength(3);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(100);
    expect(clock.sleeps[2]).toBeGreaterThanOrEqual(150);
    expect(clock.sleeps[2]).toBeLessThanOrEqual(300);
  });

  it('when Retry-After is longer than it waits in-line, then it fails at once carrying retryAfterSeconds', async () => {
    const clock = recordingClock();
    erp.control.injectFault({ status: 429, retryAfterSeconds: 120 });
    const error = (await adapterWith(clock)
      .checkConnection()
      .catch((e: unknown) => e)) as ErpError;
    expect(error).toBeInstanceOf(ErpError);
    expect(error).toMatchObject({ kind: 'transient', retryAfterSeconds: 120 });
    expect(clock.sleeps).toEqual([]);
  });

  it('when a response breaks the contract, then it fails as validation naming the field', async () => {
    erp.control.injectFault({ corrupt: true, path: '/appointments/apt-1' });
    await expect(adapterWith().readEvents(['apt-1'])).resolves.toHaveLength(1);
    erp.control.injectFault({ corrupt: true, path: '/appointments' });
    await expect(adapterWith().readEvents(['apt-1'])).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('appointmentPage.items[0].timing.start: must match format "date-time"'),
    });
  });

  it('when a 200 is not JSON at all, then it fails as validation, not a crash', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const adapter = createRestErpAdapter({ baseUrl: url, auth: { kind: 'bearer', token: 't' } });
      await expect(adapter.checkConnection()).rejects.toMatchObject({
        kind: 'validation',
        message: expect.stringContaining('is not JSON'),
      });
    } finally {
      server.close();
    }
  });

  it('when an error answer is not a problem, then the kind follows the status and the message names what broke', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad token' })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const adapter = createRestErpAdapter({ baseUrl: url, auth: { kind: 'bearer', token: 't' } });
      await expect(adapter.checkConnection()).rejects.toMatchObject({
        kind: 'auth',
        message: expect.stringContaining('the error body does not match the ERP contract: problem.type: is required'),
      });
    } finally {
      server.close();
    }
  });

  it('when nobody listens, then it fails as transient after its bounded retries', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const clock = recordingClock();
    const adapter = createRestErpAdapter({
      baseUrl: url,
      auth: { kind: 'bearer', token: 't' },
      clock,
      retry: { maxAttempts: 2 },
    });
    await expect(adapter.checkConnection()).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('no response'),
    });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('when the ERP never answers, then the request times out and fails as transient', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const clock = recordingClock();
      const adapter = createRestErpAdapter({
        baseUrl: url,
        auth: { kind: 'bearer', token: 't' },
        clock,
        timeoutMs: 100,
        retry: { maxAttempts: 2 },
      });
      await expect(adapter.checkConnection()).rejects.toMatchObject({
        kind: 'transient',
        message: expect.stringContaining('no response'),
      });
      expect(clock.sleeps).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('when the ERP serves another contract major version, then checkConnection refuses it', async () => {
    const server = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ name: 'Future ERP', version: '9', contractVersion: '2.0' })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const adapter = createRestErpAdapter({ baseUrl: url, auth: { kind: 'bearer', token: 't' } });
      await expect(adapter.checkConnection()).rejects.toMatchObject({
        kind: 'validation',
        message: expect.stringContaining('contract 2.0'),
      });
    } finally {
      server.close();
    }
  });
});
