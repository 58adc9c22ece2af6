/**
 * Shared set-up for the add-in event API suites: the Microsoft 365 emulator over HTTPS, the Odoo emulator, a
 * SQLite store, and the add-in API (guard, account, events, ERP records routers) served over HTTPS on port 0, as
 * the lead mounts them. Sync requests are recorded, not run: the engine is tested elsewhere.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { EncryptionKeyRing, ErpPersonKeys, type Caller, type TokenValidator } from '../../../server/auth';
import { policyOf } from '../../../server/engine';
import { createOdooAdapter, type PersonKeys } from '../../../server/erp/odoo';
import type { ErpPort, PaneRights } from '../../../server/erp/port';
import { addinAccountRouter, addinApiGuard } from '../../../server/http/addin-routes-account';
import { addinEventsRouter, isFirstRun } from '../../../server/http/addin-routes-events';
import { createApp } from '../../../server/http/app';
import { ErpPeople } from '../../../server/http/erp-person';
import { createMailboxLimiter } from '../../../server/jobs';
import { createRequestBudget } from '../../../server/outlook';
import { createOutlookCalendar } from '../../../server/outlook';
import { erpRecordsRouter } from '../../../server/http/erp-records-route';
import { privateKeyRouter } from '../../../server/http/addin-routes-private-key';
import { createLogger } from '../../../server/logger';
import type { Mailbox, Store } from '../../../server/store';
import { loadOrCreateDevCertificate } from '../../../server/tls/dev-certificate';
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { CERT_DIR } from '../../sandbox/microsoft365/helpers';
import {
  call,
  newKey,
  openTempStore,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from '../../auth/helpers';

export { call };
export const MANIFEST_ID = 'ca0635ee-d2d7-4144-b6dc-db172ca57e40';
export const PEOPLE = {
  adele: 'adele@contoso.example',
  megan: 'megan@contoso.example',
} as const;
export type Person = keyof typeof PEOPLE;

export interface World {
  m365: Microsoft365Emulator;
  odoo: OdooEmulator;
  erp: ErpPort;
  store: Store;
  validator: TokenValidator;
  api: TestApi;
  syncRequests: Array<{ mailboxId: string; reason: string }>;
  /** People's own Odoo keys, sealed in the store (PUT /api/erp/private-key). */
  personKeys: ErpPersonKeys;
  token(who: Person): Promise<string>;
  caller(who: Person): Promise<Caller>;
  mailbox(who: Person): Promise<Mailbox>;
  stop(): Promise<void>;
}

export function odooAdapter(
  odoo: OdooEmulator,
  apiKey: string = odoo.users.admin.apiKey,
  personKeys?: PersonKeys,
): ErpPort {
  return createOdooAdapter({
    ...(personKeys ? { personKeys } : {}),
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey,
    protocol: 'auto',
    clock: { now: () => new Date() },
    retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterSeconds: 0 },
    timeoutMs: 5000,
  });
}

async function serve(routes: Array<{ path: string; router: Router }>): Promise<TestApi> {
  const certificate = await loadOrCreateDevCertificate(CERT_DIR);
  const app = createApp({
    logger: createLogger({ level: 'silent' }),
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

/** The tenant's paneRights, as compose.ts reads it (the stored policy over the defaults). */
export function paneRightsFrom(store: Store): (tenantId: string) => Promise<PaneRights> {
  return async (tenantId) => policyOf((await store.tenants.get(tenantId))?.policy).paneRights;
}

/**
 * Starts everything and connects Adele and Megan (POST /api/connect), as the pane does on first use; Adele then
 * links her own Odoo key (unless `linkKeys: false`).
 */
export async function startWorld(options: { linkKeys?: boolean } = {}): Promise<World> {
  const m365 = await startEmulator();
  const odoo = await startOdooEmulator({ version: '19.0' });
  const { store, cleanup } = await openTempStore();
  const validator = validatorFor(m365);
  const ring = new EncryptionKeyRing([newKey('k1')]);
  const tokens = tokenProviderFor(m365, store, ring);
  const personKeys = new ErpPersonKeys({ store, keys: ring, clock: { now: () => new Date() }, erpName: 'Odoo' });
  // As compose.ts wires them: the adapter reads people's linked keys, the pane's calls carry the tenant's paneRights.
  const erp = odooAdapter(odoo, odoo.users.admin.apiKey, personKeys);
  const paneRightsOf = paneRightsFrom(store);
  const syncRequests: World['syncRequests'] = [];
  const logger = createLogger({ level: 'silent' });
  const common = { authorityHost: m365.baseUrl };
  const budget = createRequestBudget();
  const people = new ErpPeople({ store, erp, erpName: 'Odoo', clock: { now: () => new Date() }, paneRightsOf });
  const api = await serve([
    { path: '/api', router: addinApiGuard({ validator, publicUrl: 'https://localhost:3000', ...common }) },
    {
      path: '/api',
      router: addinAccountRouter({
        store,
        tokens,
        ...common,
        erp: { kind: 'odoo', name: 'Odoo', baseUrl: odoo.url },
        policyOf: async () => ({
          direction: 'two_way',
          scope: 'marked',
          conflicts: 'ask',
          category: 'ERP',
          optOut: 'keep',
        }),
        isFirstRun,
      }),
    },
    {
      path: '/api',
      router: addinEventsRouter({
        store,
        tokens,
        ...common,
        // As compose.ts builds it: the caller's token, the mailbox's request budget, the add-in's compose mark read.
        calendarFor: (mailbox, accessToken) =>
          createOutlookCalendar({
            mailbox: mailbox.userObjectId,
            graphBaseUrl: m365.graphBaseUrl,
            getAccessToken: async () => accessToken,
            limiter: createMailboxLimiter(budget, mailbox.id),
            logger,
            clock: { now: () => new Date() },
            addinManifestId: MANIFEST_ID,
          }),
        clock: { now: () => new Date() },
        erp,
        erpName: 'Odoo',
        erpCalendarModel: 'calendar.event',
        people,
        requestSync: async (mailboxId, reason) => {
          syncRequests.push({ mailboxId, reason });
          return { jobId: `job-${syncRequests.length}` };
        },
      }),
    },
    {
      path: '/api',
      router: erpRecordsRouter({ erpName: 'Odoo', people }),
    },
    {
      path: '/api',
      router: privateKeyRouter({
        erp,
        keys: personKeys,
        people,
        erpName: 'Odoo',
        paneRightsOf,
        requestSync: async (mailboxId, reason) => syncRequests.push({ mailboxId, reason }),
      }),
    },
  ]);
  const token = (who: Person) => m365.control.mintAddinToken({ user: PEOPLE[who] });
  const caller = async (who: Person) => validator.validate(await token(who));
  for (const who of Object.keys(PEOPLE) as Person[]) {
    const connected = await call(api, 'POST', '/api/connect', await token(who));
    if (connected.status !== 200) throw new Error(`connect ${who}: ${JSON.stringify(connected.body)}`);
  }
  // Adele links her own Odoo key in the pane, as a person does before searching (paneRights personKey).
  if (options.linkKeys !== false) {
    const linked = await fetch(`${api.url}/api/erp/private-key`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await token('adele')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: odoo.users.adele.apiKey }),
    });
    if (linked.status !== 200) throw new Error(`link Adele's key: ${linked.status} ${await linked.text()}`);
    syncRequests.length = 0;
  }
  return {
    m365,
    odoo,
    erp,
    store,
    validator,
    api,
    syncRequests,
    personKeys,
    token,
    caller,
    mailbox: async (who) => {
      const c = await caller(who);
      const mailbox = await store.mailboxes.getByUser(c.tenantId, c.objectId);
      if (!mailbox) throw new Error(`${who} has no mailbox`);
      return mailbox;
    },
    stop: async () => {
      await api.stop();
      await cleanup();
      await odoo.stop();
      await m365.stop();
    },
  };
}

export interface RawEvent {
  id: string;
  folderId: string;
  subject: string;
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

/** Creates an event in a person's calendar as Outlook would (control API, no mail sent). */
export function createEvent(world: World, who: Person, subject: string): Promise<RawEvent> {
  return world.m365.control.call<RawEvent>('POST', `/mailboxes/${PEOPLE[who]}/events?send=false`, {
    subject,
    start: { dateTime: '2026-03-05T10:00:00', timeZone: 'Europe/Paris' },
    end: { dateTime: '2026-03-05T11:00:00', timeZone: 'Europe/Paris' },
  });
}

/** A record the picker offers for `query` (the first match), as a link the pane would send. */
export async function linkTo(world: World, query: string): Promise<{ model: string; id: string; name: string }> {
  const admin = await world.erp.findUser(world.odoo.users.admin.email);
  if (!admin) throw new Error('the Odoo emulator has no administrator');
  const [found] = await (await world.erp.actingFor(admin, 'personCompanies')).searchLinkable(query, 1);
  if (!found) throw new Error(`nothing in the ERP matches ${query}`);
  return { model: found.model, id: found.id, name: found.name };
}

/** The event as Exchange stores it, with every extended property. */
export function readEvent(world: World, who: Person, id: string): Promise<RawEvent> {
  return world.m365.control.call<RawEvent>('GET', `/mailboxes/${PEOPLE[who]}/events/${encodeURIComponent(id)}`);
}

/** One extended property's value by the name part of its id (`erpSync`, `erpLink`, `cecp-<manifest id>`). */
export function propertyNamed(event: RawEvent, name: string): string | undefined {
  return event.singleValueExtendedProperties?.find((p) => p.id.endsWith(` Name ${name}`))?.value;
}

/** A JSON request with a body (the shared `call` sends `{}`). */
export async function send<T = Record<string, unknown>>(
  world: World,
  method: string,
  path: string,
  token: string,
  body: unknown,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${world.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export const eventPath = (id: string, rest = '') => `/api/events/${encodeURIComponent(id)}${rest}`;
