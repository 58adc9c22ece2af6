import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Router } from 'express';
import { AppError } from '../../server/errors';
import { createApp } from '../../server/http/app';
import { createLogger } from '../../server/logger';

/** Collects log lines so tests can assert what was (and was not) logged. */
function memoryLog(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level, destination }) };
}

/** The test routes: one that fails, one that refuses, one that echoes. */
function testRoutes(): Router {
  const routes = Router();
  routes.get('/boom', () => {
    throw new Error('secret internal detail');
  });
  routes.get('/refused', () => {
    throw new AppError('conflict', 'The event changed meanwhile.', { details: { retryable: true } });
  });
  routes.post('/echo', (req, res) => {
    res.json(req.body);
  });
  return routes;
}

describe('the HTTP shell', () => {
  let server: Server;
  let base: string;
  let ready = true;
  const log = memoryLog();

  beforeAll(async () => {
    const app = createApp({
      logger: log.logger,
      readiness: { check: async () => ({ database: ready }), draining: () => false },
      routes: [{ path: '/test', router: testRoutes() }],
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when /healthz is asked, then it answers alive', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
  });

  it('when the database is down, then /readyz answers 503 and names the check', async () => {
    ready = false;
    const res = await fetch(`${base}/readyz`);
    ready = true;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: unknown }).checks).toEqual({ database: false });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('when a route is unknown, then a 404 problem names it', async () => {
    const res = await fetch(`${base}/nowhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({
      status: 404,
      type: 'https://outlook-erp-sync.dev/problems/not-found',
      instance: '/nowhere',
    });
    expect(body.detail).toContain('GET /nowhere');
  });

  it('when a handler throws a bug, then the client gets a 500 problem without message or stack', async () => {
    const res = await fetch(`${base}/test/boom`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toMatch(/at .*\.ts/);
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal error' });
    expect(log.lines.some((line) => line.includes('secret internal detail'))).toBe(true);
  });

  it('when an operational error is thrown, then its status, message and details reach the client', async () => {
    const res = await fetch(`${base}/test/refused`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ detail: 'The event changed meanwhile.', retryable: true });
  });

  it('when the body is not JSON, then a 400 problem says so', async () => {
    const res = await fetch(`${base}/test/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toBe('The request body is not valid JSON.');
  });

  it('when the body exceeds the limit, then a 413 problem answers', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(300 * 1024) });
    const res = await fetch(`${base}/test/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { type: string }).type).toBe(
      'https://outlook-erp-sync.dev/problems/payload-too-large',
    );
  });

  it('when a request carries a request id, then it is echoed and logged; else one is made', async () => {
    const given = await fetch(`${base}/test/refused`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${base}/test/refused`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.lines.some((line) => line.includes('"abc-123"'))).toBe(true);
  });

  it('when a request carries an authorization header, then the log redacts it', async () => {
    await fetch(`${base}/test/refused`, { headers: { authorization: 'Bearer eyJhbGciOi.super-secret-token' } });
    const all = log.lines.join('\n');
    expect(all).not.toContain('super-secret-token');
    expect(all).toContain('[redacted]');
  });

  it('when helmet is on, then security headers are set', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('the logger', () => {
  it('when objects carrying tokens and secrets are logged, then none of their values appear', () => {
    const log = memoryLog();
    const secrets = {
      accessToken: 'AT-leak-1',
      refreshToken: 'RT-leak-2',
      clientSecret: 'CS-leak-3',
      rawToken: 'RAW-leak-4',
      access_token: 'AT-leak-5',
      client_secret: 'CS-leak-6',
      apiKey: 'KEY-leak-7',
    };
    log.logger.info(secrets, 'top level');
    log.logger.info({ token: { ...secrets }, msal: { auth: { clientSecret: 'CS-leak-8' } } }, 'nested');
    const all = log.lines.join('\n');
    for (const value of [...Object.values(secrets), 'CS-leak-8']) expect(all).not.toContain(value);
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(8);
  });

  it('when the log is at info, then an answered or refused request writes no line and a failed one writes its error', async () => {
    const quiet = memoryLog('info');
    const app = createApp({
      logger: quiet.logger,
      readiness: { check: async () => ({}), draining: () => false },
      routes: [{ path: '/test', router: testRoutes() }],
    });
    const other = createServer(app).listen(0, '127.0.0.1');
    await once(other, 'listening');
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/test`;
    try {
      expect(
        (await fetch(`${url}/echo`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }))
          .status,
      ).toBe(200);
      expect((await fetch(`${url}/refused`)).status).toBe(409);
      expect(quiet.lines).toEqual([]);
      expect((await fetch(`${url}/boom`)).status).toBe(500);
      const messages = quiet.lines.map((line) => (JSON.parse(line) as { level: number; msg: string }).msg);
      expect(messages).toEqual(['request failed', 'request errored']);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
