/**
 * The world the chaos and fuzz tools run in: the Microsoft 365 and Odoo emulators in this process (they outlive
 * every backend kill), the backend as a production child process against them over HTTPS (and, on PostgreSQL,
 * worker processes), people seeded in both, and connecting them through the add-in API as the pane does. The
 * backend does not know it is tested: it only gets URLs, ids and keys, as in production.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Agent, request } from 'undici';
import { ControlClient } from '../../sandbox/microsoft365/control/client';
import { startMicrosoft365Emulator, type Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import { startOdooEmulator, type OdooEmulator } from '../../sandbox/odoo/server';
import { BackendProcess, buildBackend } from './backend-process';

export interface Person {
  /** Entra object id. */
  id: string;
  email: string;
  name: string;
  /** The person's own Odoo API key (the Odoo emulator made it with their user). */
  erpKey: string;
}

export interface WorldOptions {
  root: string;
  /** People to create in Contoso (both emulators) besides the seeded ones. */
  people: number;
  database: 'sqlite' | 'postgres';
  /** Worker processes next to a web-only backend (PostgreSQL only). */
  workers?: number;
  /** Extra or overriding backend variables. */
  env?: Record<string, string>;
  /** Where the logs and the database live; default a fresh temp folder. */
  dir?: string;
}

export interface World {
  dir: string;
  m365: Microsoft365Emulator;
  /** The Microsoft 365 control API over a connection pool of our own (short keep-alive: no stale sockets). */
  control: ControlClient;
  odoo: OdooEmulator;
  backend: BackendProcess;
  workers: BackendProcess[];
  /** https origin of the backend. */
  url: string;
  /** Trusts the local CA (backend and Microsoft 365 emulator). */
  dispatcher: Agent;
  env: Record<string, string>;
  people: Person[];
  adminKey: string;
  databaseUrl: string;
  /** Add-in token of a person (what Office hands the pane). */
  addinToken(person: Person | string): Promise<string>;
  /** POST /api/connect as the person; throws unless 200. */
  connect(person: Person): Promise<void>;
  /**
   * PUT /api/erp/private-key with the person's own Odoo key, as they would in the pane's "Your Odoo key" card (the
   * pane's ERP calls act with it under the default paneRights); throws unless 200. After `connect`.
   */
  linkErpKey(person: Person): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `security_tools_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'security-tools-'));
  const certs = join(dir, 'certs');
  const m365 = await startMicrosoft365Emulator({
    certificateDir: certs,
    // v1 tokens carry Microsoft's own v1 issuer, as in production.
    issuers: { v1Base: 'https://sts.windows.net' },
  });
  const odoo = await startOdooEmulator({ version: '19.0' });
  const ca = readFileSync(join(certs, 'ca.pem'), 'utf8');
  // Idle sockets are dropped well before either server's keep-alive ends, so a request never meets a closed one.
  // The emulators share this process with the tool: under a full run's load a TLS handshake may take longer than
  // undici's default 10 s connect timeout, so it gets 60 s.
  const dispatcher = new Agent({
    connect: { ca, timeout: 60_000 },
    keepAliveTimeout: 1_000,
    keepAliveMaxTimeout: 1_000,
  });
  const control = new ControlClient(m365.baseUrl, dispatcher);
  const people: Person[] = [];
  for (let i = 1; i <= options.people; i += 1) {
    const tag = String(i).padStart(3, '0');
    const email = `person${tag}@contoso.example`;
    const made = odoo.control.createUser({ login: email, name: `Person ${tag}`, email, tz: 'Europe/Paris' });
    const person = { id: randomUUID(), email, name: `Person ${tag}`, erpKey: made.apiKey };
    await control.call('POST', '/users', {
      id: person.id,
      tenantId: CONTOSO_TENANT_ID,
      userPrincipalName: person.email,
      displayName: person.name,
    });
    people.push(person);
  }
  const postgres = options.database === 'postgres' ? await createPostgresDatabase() : undefined;
  const databaseUrl = postgres?.url ?? `file:${join(dir, 'sync.db')}`;
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const adminKey = randomBytes(24).toString('base64url');
  const workers = options.workers ?? 0;
  const env: Record<string, string> = {
    SYNC_MODE: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    TLS_CERT_FILE: join(certs, 'localhost.pem'),
    TLS_KEY_FILE: join(certs, 'localhost-key.pem'),
    EXTRA_CA_CERTS_FILE: join(certs, 'ca.pem'),
    AUTH_AUTHORITY_HOST: m365.baseUrl,
    GRAPH_BASE_URL: m365.baseUrl,
    AUTH_CLIENT_ID: ADDIN_CLIENT_ID,
    AUTH_CLIENT_SECRET: ADDIN_CLIENT_SECRET,
    AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID,
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    ADMIN_API_KEY: adminKey,
    ERP_KIND: 'odoo',
    ODOO_URL: odoo.url,
    ODOO_DATABASE: odoo.database,
    ODOO_LOGIN: odoo.users.admin.login,
    ODOO_API_KEY: odoo.users.admin.apiKey,
    GRAPH_NOTIFICATIONS: 'on',
    ...(workers > 0 ? { SYNC_CONCURRENCY: '0' } : {}),
    ...options.env,
  };
  buildBackend(options.root);
  const backend = new BackendProcess({
    root: options.root,
    entry: 'main',
    env,
    logFile: join(dir, 'backend.log'),
    url,
    dispatcher,
  });
  await backend.start();
  const workerProcesses = Array.from(
    { length: workers },
    (_, i) =>
      new BackendProcess({
        root: options.root,
        entry: 'worker',
        env: { ...env, SYNC_CONCURRENCY: env['WORKER_SYNC_CONCURRENCY'] ?? '4' },
        logFile: join(dir, `worker-${i + 1}.log`),
      }),
  );
  for (const worker of workerProcesses) await worker.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      for (const worker of workerProcesses) await worker.close();
      await backend.close();
      await dispatcher.close();
      await Promise.all([m365.stop(), odoo.stop()]);
      await postgres?.drop();
    })());
  // Ctrl-C (or a CI timeout's SIGTERM) stops the backend and workers and drops the database, then ends the tool.
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the backend, the workers and the emulators (logs: ${dir})\n`);
    const code = signal === 'SIGINT' ? 130 : 143;
    setTimeout(() => process.exit(code), 20_000).unref();
    void stop()
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  const addinToken = (person: Person | string) =>
    control.mintAddinToken({ user: typeof person === 'string' ? person : person.id });
  return {
    dir,
    m365,
    control,
    odoo,
    backend,
    workers: workerProcesses,
    url,
    dispatcher,
    env,
    people,
    adminKey,
    databaseUrl,
    addinToken,
    async connect(person) {
      const answer = await request(`${url}/api/connect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await addinToken(person)}` },
        dispatcher,
      });
      const text = await answer.body.text();
      if (answer.statusCode !== 200) throw new Error(`connect ${person.email}: ${answer.statusCode} ${text}`);
    },
    async linkErpKey(person) {
      const answer = await request(`${url}/api/erp/private-key`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await addinToken(person)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: person.erpKey }),
        dispatcher,
      });
      const text = await answer.body.text();
      if (answer.statusCode !== 200) throw new Error(`link key ${person.email}: ${answer.statusCode} ${text}`);
    },
    stop,
  };
}
