/**
 * Security hygiene around the add-in and admin APIs: secrets and tokens never reach the logs (through the product's
 * redacting logger, over real requests), CORS only for the add-in origin, per-person rate limits, the admin key.
 */
import { createServer } from 'node:http';
import { EncryptionKeyRing, type GraphTokenProvider, type TokenValidator } from '../../server/auth';
import { requireAdmin } from '../../server/http/admin-auth';
import { adminMailboxesRouter } from '../../server/http/admin-mailboxes';
import { createApp } from '../../server/http/app';
import { createLogger, type Logger } from '../../server/logger';
import type { Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import {
  ADMIN_KEY,
  call,
  memoryLogger,
  newKey,
  openTempStore,
  PUBLIC_URL,
  startApi,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from './helpers';

const key = newKey('k1');
let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;
let validator: TokenValidator;
let tokens: GraphTokenProvider;
let logger: Logger;
let lines: string[];
let api: TestApi;

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, cleanup } = await openTempStore());
  ({ logger, lines } = memoryLogger('trace'));
  validator = validatorFor(emulator);
  tokens = tokenProviderFor(emulator, store, new EncryptionKeyRing([key]), logger);
  api = await startApi({ emulator, store, validator, tokens, logger, rateLimit: { windowMs: 60_000, limit: 4 } });
});

afterAll(async () => {
  await api.stop();
  await cleanup();
  await emulator.stop();
});

const token = (user = 'adele@contoso.example') => emulator.control.mintAddinToken({ user });

describe('secrets never logged', () => {
  it('when tokens, secrets and keys sit where code tends to log them, then the logger redacts them', () => {
    const { logger: log, lines: out } = memoryLogger();
    log.info({ req: { headers: { authorization: 'Bearer SECRET-1', cookie: 'SECRET-2' } } }, 'request');
    log.info({ body: { access_token: 'SECRET-3', refresh_token: 'SECRET-4', id_token: 'SECRET-5' } }, 'token answer');
    log.info({ form: { client_secret: 'SECRET-6', assertion: 'SECRET-7' } }, 'token request');
    log.info({ access_token: 'SECRET-8', client_secret: 'SECRET-9', password: 'SECRET-10' }, 'flat');
    log.info({ erp: { apiKey: 'SECRET-11', password: 'SECRET-12' } }, 'erp');
    expect(out).toHaveLength(5);
    expect(out.join('\n')).not.toMatch(/SECRET-/);
    expect(out.join('\n')).toContain('[redacted]');
  });

  it('when a validated caller is logged, then its token is not in the line', async () => {
    const { logger: log, lines: out } = memoryLogger();
    const raw = await token();
    const caller = await validator.validate(raw);
    expect(caller.rawToken).toBe(raw);
    log.info({ caller }, 'caller');
    expect(out.join('\n')).toContain(caller.objectId);
    expect(out.join('\n')).not.toContain(raw.split('.')[2]!);
  });

  it('when connect, me, refusals and background refresh run with trace logging, then no token or secret is logged', async () => {
    const adeleToken = await token();
    await call(api, 'POST', '/api/connect', adeleToken);
    await call(api, 'GET', '/api/me', adeleToken);
    await call(api, 'GET', '/api/me', `${adeleToken.slice(0, -4)}AAAA`);
    await call(api, 'GET', '/admin/mailboxes', ADMIN_KEY);
    await emulator.control.setMfaRequired('alex@contoso.example', true);
    await call(api, 'POST', '/api/connect', await token('alex@contoso.example'));
    await emulator.control.setMfaRequired('alex@contoso.example', false);
    const mailbox = await store.mailboxes.getByUser(CONTOSO_TENANT_ID, (await validator.validate(adeleToken)).objectId);
    const outcome = await tokens.forUser(mailbox!);
    if (outcome.kind !== 'ok') throw new Error(`no background token: ${JSON.stringify(outcome)}`);

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(4);
    expect(all).toContain('/api/connect');
    for (const secret of [
      adeleToken.split('.')[2]!,
      outcome.token.accessToken.split('.')[2]!,
      ADDIN_CLIENT_SECRET,
      ADMIN_KEY,
      key.key.toString('base64'),
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('CORS', () => {
  async function preflight(origin: string): Promise<Response> {
    return fetch(`${api.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
  }

  it('when the add-in origin preflights, then it is allowed with the authorization header', async () => {
    const response = await preflight(PUBLIC_URL);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PUBLIC_URL);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('when another origin preflights or calls, then no CORS permission is given', async () => {
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await call(api, 'GET', '/api/me', await token(), { origin: 'https://evil.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit per person', () => {
  it('when one person exceeds the limit, then they get 429 with Retry-After while another person still gets through', async () => {
    const megan = await token('megan@contoso.example');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call(api, 'GET', '/api/me', megan)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await call(api, 'GET', '/api/me', megan);
    expect(refused.body.type).toBe('https://outlook-erp-sync.dev/problems/throttled');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(api, 'GET', '/api/me', await token('pradeep@fabrikam.example'))).status).toBe(200);
  });
});

describe('admin API key', () => {
  it.each([
    ['no key', null],
    ['a wrong key', 'not-the-admin-key-but-long-enough'],
    ['a prefix of the key', ADMIN_KEY.slice(0, -1)],
  ])('when the admin API is called with %s, then it answers 401', async (_name, value) => {
    const answer = await call(api, 'GET', '/admin/mailboxes', value);
    expect(answer.status).toBe(401);
    expect(answer.body).not.toHaveProperty('mailboxes');
  });

  it('when the admin API is called with an add-in token of a person without the Sync.Admin role, then it answers 403', async () => {
    expect((await call(api, 'GET', '/admin/mailboxes', await token())).status).toBe(403);
  });

  it('when the admin filter is invalid, then it answers 400 naming the field', async () => {
    const answer = await call(api, 'GET', '/admin/mailboxes?status=sleeping', ADMIN_KEY);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ field: 'status' }] });
  });

  it('when no admin key is configured, then the admin API refuses everything', async () => {
    const app = createApp({
      logger: createLogger({ level: 'silent' }),
      readiness: { check: async () => ({}), draining: () => false },
      routes: [
        { path: '/admin', router: adminMailboxesRouter({ guard: requireAdmin({ adminApiKey: undefined }), store }) },
      ],
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/admin/mailboxes`, {
        headers: { authorization: 'Bearer anything-at-all-long-enough' },
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/ADMIN_API_KEY is not set/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
