/**
 * Shared set-up for the auth suites: the Microsoft 365 emulator over HTTPS, a SQLite store in a temp folder, the
 * real token validator and Graph token provider configured against the emulator, and the add-in API routes served
 * over HTTPS on port 0 by the product's own app factory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Router } from 'express';
import {
  createTokenValidator,
  EncryptionKeyRing,
  GraphTokenProvider,
  type TokenValidator,
  type TokenValidatorOptions,
} from '../../server/auth';
import { createApp } from '../../server/http/app';
import { addinAccountRouter, addinApiGuard } from '../../server/http/addin-routes-account';
import { requireAdmin } from '../../server/http/admin-auth';
import { adminMailboxesRouter } from '../../server/http/admin-mailboxes';
import { adminTenantsRouter } from '../../server/http/admin-tenants';
import { createLogger, type Logger } from '../../server/logger';
import { openStore, type Store } from '../../server/store';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate';
import { trustCertificateAuthorities } from '../../server/tls/trust';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET } from '../../sandbox/microsoft365/world/seed';
import { CERT_DIR, startEmulator } from '../sandbox/microsoft365/helpers';

export { startEmulator };
/** The emulator's seeded App ID URI names this host (sandbox/microsoft365/world/seed.ts). */
export const PUBLIC_URL = 'https://localhost:3000';
export const ADMIN_KEY = 'admin-key-for-tests-0123456789abcdef';

export function newKey(id: string) {
  return { id, key: randomBytes(32) };
}

export async function openTempStore(): Promise<{ store: Store; file: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-store-'));
  const file = join(dir, 'sync.db');
  const store = await openStore({ databaseUrl: `file:${file}` });
  return {
    store,
    file,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function validatorFor(emulator: Microsoft365Emulator, overrides: Partial<TokenValidatorOptions> = {}) {
  return createTokenValidator({
    authorityHost: emulator.baseUrl,
    clientId: ADDIN_CLIENT_ID,
    publicUrl: PUBLIC_URL,
    allowedTenants: ['*'],
    // The emulator names v1 issuers <baseUrl>/sts/<tid>/ (Microsoft: https://sts.windows.net/<tid>/).
    v1IssuerBase: `${emulator.baseUrl}/sts`,
    ...overrides,
  });
}

export function tokenProviderFor(
  emulator: Microsoft365Emulator,
  store: Store,
  keys: EncryptionKeyRing,
  logger?: Logger,
): GraphTokenProvider {
  return new GraphTokenProvider({
    msal: { authorityHost: emulator.baseUrl, clientId: ADDIN_CLIENT_ID, clientSecret: ADDIN_CLIENT_SECRET, logger },
    store,
    keys,
    logger,
  });
}

/** A pino logger writing JSON lines into memory, with the product's redaction. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

export interface TestApi {
  url: string;
  stop(): Promise<void>;
}

export interface TestApiOptions {
  emulator: Microsoft365Emulator;
  store: Store;
  validator: TokenValidator;
  tokens: GraphTokenProvider;
  logger?: Logger;
  rateLimit?: { windowMs: number; limit: number };
}

/** The add-in API and admin API, mounted as docs/SECURITY.md tells the lead, over HTTPS on 127.0.0.1:0. */
export async function startApi(options: TestApiOptions): Promise<TestApi> {
  const certificate = await loadOrCreateDevCertificate(CERT_DIR);
  trustCertificateAuthorities([certificate.ca]);
  const guard = requireAdmin({ adminApiKey: ADMIN_KEY, validator: options.validator });
  const routes: Array<{ path: string; router: Router }> = [
    {
      path: '/api',
      router: addinApiGuard({
        validator: options.validator,
        publicUrl: PUBLIC_URL,
        authorityHost: options.emulator.baseUrl,
        rateLimit: options.rateLimit,
      }),
    },
    {
      path: '/api',
      router: addinAccountRouter({
        store: options.store,
        tokens: options.tokens,
        authorityHost: options.emulator.baseUrl,
        erp: { kind: 'odoo', name: 'Odoo', baseUrl: null },
        policyOf: async () => ({
          direction: 'two_way',
          scope: 'marked',
          conflicts: 'ask',
          category: 'ERP',
          optOut: 'keep',
        }),
      }),
    },
    { path: '/admin', router: adminMailboxesRouter({ guard, store: options.store }) },
    {
      path: '/admin',
      // These suites test sign-in and scoping; no sync queue runs here, so a policy change queues nothing.
      router: adminTenantsRouter({
        guard,
        store: options.store,
        tokens: options.tokens,
        rereadMailbox: async () => {},
      }),
    },
  ];
  const app = createApp({
    logger: options.logger ?? createLogger({ level: 'silent' }),
    readiness: { check: async () => ({}), draining: () => false },
    routes,
  });
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  api: TestApi,
  method: string,
  path: string,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{}' }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}
