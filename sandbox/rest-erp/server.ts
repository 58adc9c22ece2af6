/**
 * Starts the reference ERP: SQLite (a file or :memory:) seeded with the demo world, the app on 127.0.0.1, and an
 * in-process control handle for tests. `startRestErp()` -> {url, token, hmac, control, stop}.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireAppointment } from './contract-types';
import { buildRestErpApp } from './app';
import { openDatabase } from './database';
import type { Fault } from './faults';
import type { RateLimitSettings } from './rate-limit';
import { seedDemoWorld } from './seed';
import { WebhookSender, type WebhookDelivery } from './webhook';
import { RestErpWorld, type OutboxMail } from './world';

export interface StartRestErpOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A SQLite file (kept between runs, seeded when empty) or `:memory:` (default). */
  databaseFile?: string;
  /** Bearer tokens accepted; default one random token. */
  tokens?: string[];
  /** HMAC key ids and secrets accepted; default one random key `reference`. */
  hmacKeys?: Record<string, string>;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Serve everything under this prefix (e.g. `/api/sync`); `url` then includes it. */
  basePath?: string;
}

/** The control API, in-process: what `/_control/...` does over HTTP. */
export interface RestErpControl {
  reset(): void;
  createAs(body: unknown): WireAppointment;
  updateAs(id: string, patch: unknown): WireAppointment;
  deleteAs(id: string, mode?: 'delete' | 'archive'): void;
  injectFault(fault: Fault): void;
  setRateLimit(settings: RateLimitSettings): void;
  expireCursors(): void;
  setWebhook(url: string | null, secret?: string): void;
  webhookDeliveries(): Promise<WebhookDelivery[]>;
  outbox(): OutboxMail[];
}

export interface RunningRestErp {
  url: string;
  token: string;
  hmac: { keyId: string; secret: string };
  webhookSecret: string;
  control: RestErpControl;
  stop(): Promise<void>;
}

function control(world: RestErpWorld, url: string): RestErpControl {
  const context = { baseUrl: url, notify: false };
  return {
    reset: () => world.reset(),
    createAs: (body) => world.create(body, context),
    updateAs: (id, patch) => world.update(id, patch, context),
    deleteAs: (id, mode = 'delete') => world.remove(id, mode, context),
    injectFault: (fault) => world.faults.add(fault),
    setRateLimit: (settings) => world.rateLimiter.configure(settings),
    expireCursors: () => world.expireCursors(),
    setWebhook: (webhookUrl, secret) => {
      world.webhook.url = webhookUrl;
      if (secret) world.webhook.secret = secret;
    },
    webhookDeliveries: async () => {
      await world.webhook.idle();
      return world.webhook.list();
    },
    outbox: () => world.outbox(),
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

export async function startRestErp(options: StartRestErpOptions = {}): Promise<RunningRestErp> {
  const secret = () => randomBytes(24).toString('base64url');
  const tokens = options.tokens ?? [secret()];
  const hmacKeys = options.hmacKeys ?? { reference: secret() };
  const db = openDatabase(options.databaseFile ?? ':memory:');
  const webhookSecret = options.webhookSecret ?? secret();
  const world = new RestErpWorld(db, new WebhookSender(options.webhookUrl ?? null, webhookSecret));
  if ((db.prepare('SELECT COUNT(*) AS n FROM people').get() as { n: number }).n === 0) seedDemoWorld(db);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  if (basePath !== '' && !basePath.startsWith('/')) throw new Error(`basePath must start with /, not ${basePath}`);
  const credentials = { tokens: new Set(tokens), hmacKeys: new Map(Object.entries(hmacKeys)) };
  const app = buildRestErpApp(world, credentials, basePath);
  const server = createServer(app);
  const host = options.host ?? '127.0.0.1';
  const address = await listen(server, options.port ?? 0, host);
  const url = `http://${host}:${address.port}${basePath}`;
  const [keyId = '', keySecret = ''] = Object.entries(hmacKeys)[0] ?? [];
  return {
    url,
    token: tokens[0] ?? '',
    hmac: { keyId, secret: keySecret },
    webhookSecret,
    control: control(world, url),
    stop: async () => {
      await world.webhook.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
