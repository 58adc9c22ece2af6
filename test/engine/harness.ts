/**
 * The engine suites' world: the Microsoft 365 emulator (HTTPS) and the Odoo emulator (HTTP) in process on port 0,
 * a store in SQLite memory, Adele's mailbox on both, and the engine wired with the real adapters. Helpers act as
 * a person on either side through the same public APIs.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createCalendarService } from '../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import { startOdooEmulator, type OdooEmulator } from '../../sandbox/odoo/server';
import { EncryptionKeyRing, ErpPersonKeys } from '../../server/auth';
import type { CanonicalEvent, SyncPolicy } from '../../server/core';
import { createSyncEngine, graphOutlookSide, type EngineDeps, type SyncEngine } from '../../server/engine';
import { createOdooAdapter } from '../../server/erp/odoo';
import type { ErpPort, ErpUser } from '../../server/erp/port';
import { createOutlookCalendar, type OutlookCalendar } from '../../server/outlook';
import { openStore, type Mailbox, type Store } from '../../server/store';
import { graphCall, startEmulator } from '../sandbox/microsoft365/helpers';

export { ADELE_ID };

export interface World {
  m365: Microsoft365Emulator;
  odoo: OdooEmulator;
  store: Store;
  erp: ErpPort;
  /** People's own Odoo keys for their private events, sealed in the store and read by the adapter (as compose.ts). */
  personKeys: ErpPersonKeys;
  adele: ErpUser;
  mailbox: Mailbox;
  token: string;
  /** Outlook as the person sees it (same adapter, used to act and to look). */
  outlook: OutlookCalendar;
  deps: EngineDeps;
  engine: SyncEngine;
  /** An engine over other dependencies (a crashing store, say). */
  engineWith(overrides: Partial<EngineDeps>): SyncEngine;
  stop(): Promise<void>;
}

/** What the Outlook and ERP helpers below need: any world with the Microsoft 365 emulator and an ERP port will do. */
export type SidesWorld = Pick<World, 'm365' | 'token' | 'erp' | 'adele'>;

const silent = pino({ level: 'silent' });

export async function startWorld(policy: Partial<SyncPolicy> = {}): Promise<World> {
  const m365 = await startEmulator({ calendar: createCalendarService });
  const odoo = await startOdooEmulator({ version: '19.0' });
  const token = await m365.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  const store = await openStore({ databaseUrl: 'file::memory:' });
  const keys = new EncryptionKeyRing([{ id: 'k1', key: randomBytes(32) }]);
  const personKeys = new ErpPersonKeys({ store, keys, clock: { now: () => new Date() }, erpName: 'Odoo' });
  const erp = createOdooAdapter({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey: odoo.users.admin.apiKey,
    protocol: 'auto',
    clock: { now: () => new Date() },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 10_000,
    personKeys,
  });
  await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy });
  const mailbox = await store.mailboxes.upsert({
    tenantId: CONTOSO_TENANT_ID,
    userObjectId: ADELE_ID,
    upn: 'adele@contoso.example',
    email: 'adele@contoso.example',
    status: 'connected',
  });
  const clock = { now: () => new Date() };
  const outlookFactory = graphOutlookSide({
    graphBaseUrl: m365.graphBaseUrl,
    getAccessToken: async () => token,
    logger: silent,
    clock,
  });
  const deps: EngineDeps = { store, erp, outlook: outlookFactory, clock, logger: silent, workerId: 'test' };
  const adele = (await erp.findUser('adele@contoso.example'))!;
  const outlook = createOutlookCalendar({
    mailbox: ADELE_ID,
    graphBaseUrl: m365.graphBaseUrl,
    getAccessToken: async () => token,
    logger: silent,
    clock,
  });
  return {
    m365,
    odoo,
    store,
    erp,
    personKeys,
    adele,
    mailbox,
    token,
    outlook,
    deps,
    engine: createSyncEngine(deps),
    engineWith: (overrides) => createSyncEngine({ ...deps, ...overrides }),
    stop: async () => {
      await store.close();
      await odoo.stop();
      await m365.stop();
    },
  };
}

/** Every event in Adele's Outlook calendar, raw (series masters, exceptions and single events). */
export async function outlookEvents(world: SidesWorld): Promise<Array<Record<string, unknown>>> {
  const answer = await fetch(`${world.m365.baseUrl}/_control/mailboxes/${ADELE_ID}/events`);
  return ((await answer.json()) as { value: Array<Record<string, unknown>> }).value;
}

/** Subjects of Adele's Outlook events that are not occurrences, sorted (duplicates show twice). */
export async function outlookSubjects(world: SidesWorld): Promise<string[]> {
  const events = await outlookEvents(world);
  return events
    .filter((e) => e.type !== 'exception' && e.type !== 'occurrence')
    .map((e) => String(e.subject))
    .sort();
}

/** Titles of Adele's active ERP events in a wide window, sorted (duplicates show twice). */
export async function erpTitles(world: SidesWorld): Promise<string[]> {
  const window = { from: new Date(Date.now() - 400 * 86_400_000), to: new Date(Date.now() + 800 * 86_400_000) };
  const { changes } = await world.erp.listChanges(world.adele, null, window, []);
  return changes
    .filter((c) => c.kind === 'upsert')
    .map((c) => (c.kind === 'upsert' ? c.record.event.title : ''))
    .sort();
}

/** Graph's mail log and Odoo's: what anyone would have received. */
export async function mailLogs(world: World): Promise<{ outlook: unknown[]; erp: unknown[] }> {
  const outlook = (await (await fetch(`${world.m365.baseUrl}/_control/mail-log`)).json()) as { value: unknown[] };
  return { outlook: outlook.value, erp: world.odoo.control.mailLog() };
}

/** Adele creates an event in Outlook (through Graph, as Outlook would). */
export async function createInOutlook(
  world: SidesWorld,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const answer = await graphCall(world.m365, world.token, 'POST', `/users/${ADELE_ID}/events`, body, {
    Prefer: 'IdType="ImmutableId"',
  });
  if (answer.status !== 201) throw new Error(`create failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function patchInOutlook(world: SidesWorld, id: string, body: Record<string, unknown>): Promise<void> {
  const answer = await graphCall(world.m365, world.token, 'PATCH', `/users/${ADELE_ID}/events/${id}`, body, {
    Prefer: 'IdType="ImmutableId"',
  });
  if (answer.status !== 200) throw new Error(`patch failed: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export async function deleteInOutlook(world: SidesWorld, id: string): Promise<void> {
  const answer = await graphCall(world.m365, world.token, 'DELETE', `/users/${ADELE_ID}/events/${id}`, undefined, {
    Prefer: 'IdType="ImmutableId"',
  });
  if (answer.status !== 204) throw new Error(`delete failed: ${answer.status}`);
}

/** A marked, one-hour Outlook event `days` from today at 10:00 in Berlin. */
export function outlookBody(
  subject: string,
  days: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return {
    subject,
    body: { contentType: 'html', content: `<p>${subject} agenda</p>` },
    start: { dateTime: `${day}T10:00:00`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${day}T11:00:00`, timeZone: 'Europe/Berlin' },
    categories: ['ERP'],
    ...extra,
  };
}

/** A canonical event for the ERP side, `days` from today at 14:00 UTC. */
export function erpEvent(title: string, days: number, extra: Partial<CanonicalEvent> = {}): CanonicalEvent {
  const start = new Date(Math.floor(Date.now() / 86_400_000 + days) * 86_400_000 + 14 * 3_600_000);
  const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
  return {
    title,
    bodyHtml: `<p>${title}</p>`,
    timing: {
      kind: 'timed',
      start: iso(start),
      end: iso(new Date(start.getTime() + 3_600_000)),
      timeZone: 'Europe/Paris',
    },
    location: '',
    attendees: [],
    showAs: 'busy',
    sensitivity: 'normal',
    categories: [],
    reminderMinutes: null,
    organizer: null,
    recurrence: null,
    erpLink: null,
    ...extra,
  };
}

/** A world with the seeded series removed and a first sync run: the clean start most engine suites begin from. */
export async function startCleanWorld(policy: Partial<SyncPolicy> = {}): Promise<World> {
  const world = await startWorld(policy);
  await removeSeededSeries(world);
  await world.engine.syncMailbox(world.mailbox.id);
  return world;
}

/**
 * Deletes the seeded recurring ERP events, so suites that count writes start with single events only (the seeded
 * series have their own suite: seeded-series.test.ts).
 */
export async function removeSeededSeries(world: SidesWorld): Promise<void> {
  const window = { from: new Date(Date.now() - 400 * 86_400_000), to: new Date(Date.now() + 800 * 86_400_000) };
  const { changes } = await world.erp.listChanges(world.adele, null, window, []);
  for (const change of changes) {
    if (change.kind === 'upsert' && change.record.event.recurrence)
      await world.erp.deleteEvent(change.record.id, 'delete', { quiet: true });
  }
}
