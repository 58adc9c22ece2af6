/**
 * The property test's world: the Graph and Odoo emulators started once, and for each sequence a fresh start
 * (both emulators reset to their seed, Adele's seeded Odoo events removed, a new SQLite store and engine), so a
 * sequence costs milliseconds to set up. Faults are armed for the next sync only.
 */
import pino from 'pino';
import { createCalendarService } from '../../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';
import type { SyncPolicy } from '../../../server/core';
import { createSyncEngine, graphOutlookSide, type EngineDeps, type SyncEngine } from '../../../server/engine';
import { createOdooAdapter } from '../../../server/erp/odoo';
import { openStore, type Mailbox, type Store } from '../../../server/store';
import { startEmulator } from '../../sandbox/microsoft365/helpers';
import { crashingStore } from '../acting';

export { ADELE_ID };
export const ADELE_LOGIN = 'adele@contoso.example';

/** What can go wrong during the next sync. */
export type Fault = 'graph-down' | 'graph-lost-answer' | 'odoo-down' | 'odoo-lost-answer' | 'crash-before-record';

export interface ModelWorld {
  m365: Microsoft365Emulator;
  odoo: OdooEmulator;
  token: string;
  store: Store;
  mailbox: Mailbox;
  /** A new sequence: both emulators back to their seed, no ERP events, a new store. */
  fresh(): Promise<void>;
  /** One sync run, with `fault` armed for it (cleared after). */
  sync(fault?: Fault): Promise<void>;
  /** A new engine over the same store (the process restarted). */
  restart(): void;
  stop(): Promise<void>;
}

const silent = pino({ level: 'silent' });

export async function startModelWorld(policy: Partial<SyncPolicy>): Promise<ModelWorld> {
  const m365 = await startEmulator({ calendar: createCalendarService });
  const odoo = await startOdooEmulator({ version: '19.0' });
  const clock = { now: () => new Date() };
  const erp = createOdooAdapter({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey: odoo.users.admin.apiKey,
    protocol: 'auto',
    clock,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    timeoutMs: 10_000,
  });
  let token = '';
  let store: Store | null = null;
  let mailbox: Mailbox | null = null;
  let deps: EngineDeps | null = null;
  let engine: SyncEngine | null = null;

  const world: ModelWorld = {
    m365,
    odoo,
    get token() {
      return token;
    },
    get store() {
      return store!;
    },
    get mailbox() {
      return mailbox!;
    },
    async fresh() {
      await fetch(`${m365.baseUrl}/_control/reset`, { method: 'POST' });
      odoo.control.reset();
      const seeded = odoo.control.act(ADELE_LOGIN, 'calendar.event', 'search', [[]]) as number[];
      if (seeded.length > 0) odoo.control.act('admin', 'calendar.event', 'unlink', [seeded]);
      odoo.control.clearMailLog();
      await fetch(`${m365.baseUrl}/_control/mail-log`, { method: 'DELETE' });
      token = await m365.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
      await store?.close();
      store = await openStore({ databaseUrl: 'file::memory:' });
      await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy });
      mailbox = await store.mailboxes.upsert({
        tenantId: CONTOSO_TENANT_ID,
        userObjectId: ADELE_ID,
        upn: ADELE_LOGIN,
        email: ADELE_LOGIN,
        status: 'connected',
      });
      const outlook = graphOutlookSide({
        graphBaseUrl: m365.graphBaseUrl,
        getAccessToken: async () => token,
        logger: silent,
        clock,
      });
      deps = { store, erp, outlook, clock, logger: silent, workerId: 'model' };
      engine = createSyncEngine(deps);
    },
    async sync(fault) {
      // 500: not retried by the clients, so a sequence does not wait out real back-off (503 is tested elsewhere).
      if (fault === 'graph-down') await m365.control.addFault({ kind: 'status', status: 500, path: '.', count: 50 });
      if (fault === 'graph-lost-answer')
        await m365.control.addFault({ kind: 'lose-response', path: '/events', method: 'PATCH', count: 1 });
      if (fault === 'odoo-down')
        odoo.control.addFault({ kind: 'status', status: 503, model: 'calendar.event', times: 4 });
      if (fault === 'odoo-lost-answer')
        odoo.control.addFault({ kind: 'commit_then_drop', model: 'calendar.event', method: 'write', times: 1 });
      const run =
        fault === 'crash-before-record'
          ? createSyncEngine({ ...deps!, store: crashingStore(store!, { crashing: true }) })
          : engine!;
      try {
        await run.syncMailbox(mailbox!.id);
      } finally {
        if (fault !== undefined) {
          await m365.control.clearFaults();
          odoo.control.clearFaults();
        }
      }
    },
    restart() {
      engine = createSyncEngine(deps!);
    },
    async stop() {
      await store?.close();
      await odoo.stop();
      await m365.stop();
    },
  };
  return world;
}
