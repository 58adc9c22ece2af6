/**
 * The engine suites' world over any ERP fixture: the Microsoft 365 emulator (HTTPS) in process, the fixture's ERP,
 * a store in SQLite memory, Adele's mailbox, and the engine wired with the real adapters. The Outlook and ERP
 * helpers of harness.ts take this world too (they need only `SidesWorld`).
 */
import pino from 'pino';
import { createCalendarService } from '../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import type { SyncPolicy } from '../../server/core';
import { createSyncEngine, graphOutlookSide, type EngineDeps, type SyncEngine } from '../../server/engine';
import type { ErpUser } from '../../server/erp/port';
import { createOutlookCalendar, type OutlookCalendar } from '../../server/outlook';
import { openStore, type Mailbox, type Store } from '../../server/store';
import { startEmulator } from '../sandbox/microsoft365/helpers';
import type { ErpFixture, RunningErp } from './erp-fixtures';
import type { SidesWorld } from './harness';

export interface ErpWorld extends SidesWorld {
  m365: Microsoft365Emulator;
  /** The running ERP: its port is `erp`, a person acts in it through it. */
  running: RunningErp;
  store: Store;
  adele: ErpUser;
  mailbox: Mailbox;
  outlook: OutlookCalendar;
  deps: EngineDeps;
  engine: SyncEngine;
  engineWith(overrides: Partial<EngineDeps>): SyncEngine;
  /** What anyone would have received: Graph's mail log and the ERP's. */
  mailLogs(): Promise<{ outlook: unknown[]; erp: unknown[] }>;
  stop(): Promise<void>;
}

const silent = pino({ level: 'silent' });

export async function startErpWorld(fixture: ErpFixture, policy: Partial<SyncPolicy> = {}): Promise<ErpWorld> {
  const m365 = await startEmulator({ calendar: createCalendarService });
  const running = await fixture.start();
  const token = await m365.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  const store = await openStore({ databaseUrl: 'file::memory:' });
  await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy });
  const mailbox = await store.mailboxes.upsert({
    tenantId: CONTOSO_TENANT_ID,
    userObjectId: ADELE_ID,
    upn: 'adele@contoso.example',
    email: 'adele@contoso.example',
    status: 'connected',
  });
  const clock = { now: () => new Date() };
  const graph = { graphBaseUrl: m365.graphBaseUrl, getAccessToken: async () => token, logger: silent, clock };
  const deps: EngineDeps = {
    store,
    erp: running.port,
    outlook: graphOutlookSide(graph),
    clock,
    logger: silent,
    workerId: 'test',
  };
  const adele = await running.port.findUser('adele@contoso.example');
  if (!adele) throw new Error(`${fixture.name} has no Adele`);
  return {
    m365,
    running,
    token,
    store,
    erp: running.port,
    adele,
    mailbox,
    outlook: createOutlookCalendar({ mailbox: ADELE_ID, ...graph }),
    deps,
    engine: createSyncEngine(deps),
    engineWith: (overrides) => createSyncEngine({ ...deps, ...overrides }),
    mailLogs: async () => {
      const answer = await fetch(`${m365.baseUrl}/_control/mail-log`);
      return { outlook: ((await answer.json()) as { value: unknown[] }).value, erp: running.mailLog() };
    },
    stop: async () => {
      await store.close();
      await running.stop();
      await m365.stop();
    },
  };
}
