import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRestErpAdapter, hmacAuthorization, verifyWebhookSignature } from '../../../server/erp/rest';
import { startSandboxRestErp } from '../../../sandbox/rest-erp/sandbox-env';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';

/** A JSON body, loosely typed: the assertions below say what it must hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const read = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

const timing = { kind: 'timed', start: '2031-02-03T09:00:00Z', end: '2031-02-03T10:00:00Z', timeZone: 'Europe/Paris' };

describe('the reference ERP server', () => {
  let erp: RunningRestErp;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${erp.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${erp.token}`, 'content-type': 'application/json', ...init.headers },
    });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${erp.url}/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    erp = await startRestErp();
  });
  afterAll(() => erp.stop());
  beforeEach(() => erp.control.reset());

  it('when a person edits and deletes through the control API, then versions move and the feed shows it', async () => {
    const changes = await read(api('/changes?owner=person-megan'));
    const created = await read(
      control('POST', '/act/appointments', { ownerId: 'person-megan', title: 'Walk-in', timing }),
    );
    const edited = await read(control('PATCH', `/act/appointments/${created.id}`, { title: 'Walk-in (moved)' }));
    expect(Number(edited.version)).toBeGreaterThan(Number(created.version));
    expect((await control('DELETE', `/act/appointments/${created.id}`)).status).toBe(204);
    const after = await read(api(`/changes?owner=person-megan&cursor=${changes.cursor}`));
    expect(after.changes).toEqual([{ type: 'deleted', id: created.id, deletedAt: expect.stringMatching(/Z$/) }]);
  });

  it('when the control API gets bad input, then it answers a 400 problem without a stack', async () => {
    const response = await control('PUT', '/rate-limit', { limit: 0, windowSeconds: 1 });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await read(response)).toEqual({
      type: expect.stringContaining('bad-request'),
      title: 'Bad request',
      status: 400,
      detail: 'limit must be a positive integer.',
    });
    expect((await control('POST', '/faults', { count: 1 })).status).toBe(400);
    const broken = await control('PATCH', '/act/appointments/apt-1', { timing: { kind: 'timed' } });
    expect(broken.status).toBe(422);
    expect((await read(broken)).errors).toContainEqual({ pointer: '/timing/start', detail: 'is required' });
  });

  it('when cursors are expired through the control API, then an old cursor is 410 and a new listing works', async () => {
    const { cursor } = await read(api('/changes?owner=person-adele'));
    expect((await control('POST', '/expire-cursors')).status).toBe(204);
    expect((await api(`/changes?owner=person-adele&cursor=${cursor}`)).status).toBe(410);
    const fresh = await read(api('/changes?owner=person-adele'));
    expect((await api(`/changes?owner=person-adele&cursor=${fresh.cursor}`)).status).toBe(200);
  });

  it('when attendees are notified, then the outbox lists the mail; quiet writes add nothing', async () => {
    const body = JSON.stringify({
      ownerId: 'person-adele',
      title: 'Visit',
      timing,
      attendees: [{ email: 'a@b.example', role: 'required', response: 'none' }],
    });
    await api('/appointments?notifyAttendees=true', { method: 'POST', headers: { 'idempotency-key': 'k1' }, body });
    await api('/appointments', { method: 'POST', headers: { 'idempotency-key': 'k2' }, body });
    const { items } = await read(control('GET', '/outbox'));
    expect(items).toEqual([{ appointmentId: expect.any(String), reason: 'created', recipients: ['a@b.example'] }]);
  });

  it('when an HMAC request is replayed late or its body swapped, then it is refused with 401', async () => {
    const body = JSON.stringify({ title: 'x' });
    const key = erp.hmac;
    const signed = (ts: number, signedBody: string) =>
      hmacAuthorization({ method: 'PATCH', pathAndQuery: '/appointments/apt-1', body: signedBody }, key, ts);
    const send = (authorization: string) =>
      fetch(`${erp.url}/appointments/apt-1`, { method: 'PATCH', headers: { authorization, 'if-match': '*' }, body });
    const now = Math.floor(Date.now() / 1000);
    expect((await send(signed(now - 301, body))).status).toBe(401);
    expect((await send(signed(now, '{"title":"y"}'))).status).toBe(401);
    expect((await send(signed(now, body))).status).toBe(200);
  });

  it('when the path is unknown, then it is a 404 problem; record pages are plain HTML', async () => {
    const missing = await api('/nowhere');
    expect(missing.status).toBe(404);
    expect((await read(missing)).title).toBe('Not found');
    const page = await fetch(`${erp.url}/ui/customer/cust-fabrikam`);
    expect(await page.text()).toContain('Reference ERP: customer cust-fabrikam');
  });

  describe('the outbound webhook', () => {
    let receiver: Server;
    const received: Array<{ signature: string | undefined; body: string }> = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({ signature: req.headers['erp-signature'] as string | undefined, body });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('when an appointment changes, then the ERP POSTs a signed notification the receiver can verify', async () => {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/erp`;
      expect((await control('PUT', '/webhook', { url, secret: 'shh' })).status).toBe(204);
      await api('/appointments/apt-1', {
        method: 'PATCH',
        headers: { 'if-match': '*' },
        body: JSON.stringify({ title: 'Hooked' }),
      });
      const deliveries = await read(control('GET', '/webhook/deliveries'));
      expect(deliveries.items).toEqual([expect.objectContaining({ url, status: 204 })]);
      const [delivery] = received;
      expect(JSON.parse(delivery?.body ?? '')).toEqual({
        type: 'appointments.changed',
        ownerId: 'person-adele',
        appointmentId: 'apt-1',
        occurredAt: expect.any(String),
      });
      expect(delivery?.signature).toMatch(/^t=\d+,n=[A-Za-z0-9_-]{22},v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature('shh', delivery?.signature, delivery?.body ?? '', new Date())).toEqual({
        ok: true,
        deliveryId: expect.stringMatching(/^nonce:/),
      });
      expect(verifyWebhookSignature('other', delivery?.signature, delivery?.body ?? '', new Date()).ok).toBe(false);
    });
  });
});

describe('the reference ERP command line', () => {
  it('when started with --port 0 and a token, then it prints its URL and serves the contract with that token', async () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['sandbox/rest-erp/cli.ts', '--port', '0', '--token', 'cli-token'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1] && output.includes('control API')) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}: ${output}`)));
      });
      expect(output).toContain('bearer token:   cli-token');
      const about = await fetch(`${url}/about`, { headers: { authorization: 'Bearer cli-token' } });
      expect(await read(about)).toMatchObject({ contractVersion: '1.0.0' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('the reference ERP with a database file', () => {
  it('when restarted on the same file, then its appointments are still there and not re-seeded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rest-erp-'));
    try {
      const databaseFile = join(dir, 'erp.sqlite');
      const first = await startRestErp({ databaseFile, tokens: ['t'] });
      first.control.createAs({ ownerId: 'person-adele', title: 'Kept', timing });
      await first.stop();
      const second = await startRestErp({ databaseFile, tokens: ['t'] });
      try {
        const page = await read(
          fetch(`${second.url}/appointments?owner=person-adele`, { headers: { authorization: 'Bearer t' } }),
        );
        expect(page.items.filter((a: { title: string }) => a.title === 'Kept')).toHaveLength(1);
        expect(page.items).toHaveLength(4);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the reference ERP in the local sandbox', () => {
  it('when started twice on one data folder, then the token is stable and the variables point at a working ERP', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rest-erp-sandbox-'));
    try {
      const first = await startSandboxRestErp({ dataDir, port: 0, host: '127.0.0.1' });
      await first.stop();
      const second = await startSandboxRestErp({ dataDir, port: 0, host: '127.0.0.1' });
      try {
        expect(second.env.REST_ERP_TOKEN).toBe(first.env.REST_ERP_TOKEN);
        expect(second.banner[0]).toContain(second.env.REST_ERP_URL);
        const adapter = createRestErpAdapter({
          baseUrl: second.env.REST_ERP_URL,
          auth: { kind: 'bearer', token: second.env.REST_ERP_TOKEN },
        });
        expect(await adapter.findUser('adele@contoso.example')).toMatchObject({ id: 'person-adele' });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
