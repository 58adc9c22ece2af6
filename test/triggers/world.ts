/**
 * The triggers suites' world: the sandbox emulators (Microsoft 365 over HTTPS, Odoo), a real backend on a free
 * port (so PUBLIC_URL, where Graph posts notifications, is known before it starts), Adele connected through the
 * add-in API, and helpers that act as Adele in Outlook and look at the ERP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { reservePort } from '../support/ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../../server/backend';
import { parseConfig, type Config } from '../../server/config';
import { erpFromConfig } from '../../server/erp-from-config';
import type { ErpPort, ErpUser } from '../../server/erp/port';
import { createLogger } from '../../server/logger';
import type { Mailbox } from '../../server/store';
import { ControlClient } from '../../sandbox/microsoft365/control/client';
import { ADELE_ID } from '../../sandbox/microsoft365/world/seed';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';

export { ADELE_ID };

export interface TriggerWorld {
  dir: string;
  sandbox: Sandbox;
  backend: Backend;
  config: Config;
  m365: ControlClient;
  m365Url: string;
  graphToken: string;
  erp: ErpPort;
  adele: ErpUser;
  mailbox: Mailbox;
  stop(): Promise<void>;
}

/** Polls `probe` until it returns a value (not undefined); fails with `what` after `limitMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startTriggerWorld(env: Record<string, string> = {}): Promise<TriggerWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'triggers-'));
  const reserved = await reservePort();
  const port = reserved.port;
  const backendUrl = `https://127.0.0.1:${port}`;
  // backendUrl tells the reference REST ERP where to post its change webhook.
  const sandbox = await startSandbox({ dataDir: dir, backendPort: 0, host: '127.0.0.1', backendUrl });
  const config = parseConfig({
    ...sandbox.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: backendUrl,
    DATA_DIR: dir,
    DATABASE_URL: `file:${dir}/sync.db`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  await reserved.release();
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  const m365Url = sandbox.env['GRAPH_BASE_URL'] as string;
  const m365 = new ControlClient(m365Url);
  const addinToken = await m365.mintAddinToken({ user: ADELE_ID });
  const connected = await fetch(`${backend.url}/api/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${addinToken}` },
  });
  if (connected.status !== 200) throw new Error(`connect failed: ${connected.status} ${await connected.text()}`);
  const mailbox = (await backend.store.mailboxes.list({ status: 'connected' }))[0];
  if (mailbox === undefined) throw new Error('Adele is not connected');
  const erp = erpFromConfig(config, createLogger({ level: 'silent' }));
  const adele = await erp.findUser('adele@contoso.example');
  if (adele === null || adele === undefined) throw new Error('Adele is not an ERP user');
  const graphToken = await m365.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  return {
    dir,
    sandbox,
    backend,
    config,
    m365,
    m365Url,
    graphToken,
    erp,
    adele,
    mailbox,
    stop: async () => {
      await backend.shutdown.run('test over');
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adele acts in Outlook through Graph (immutable ids), as Outlook would. */
export async function outlookCall(
  world: TriggerWorld,
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const answer = await fetch(`${world.m365Url}/v1.0/users/${ADELE_ID}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${world.graphToken}`,
      'content-type': 'application/json',
      prefer: 'IdType="ImmutableId"',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  return answer.status === 204 ? {} : ((await answer.json()) as Record<string, unknown>);
}

/** Adele's ERP events in a wide window: title by ERP id. */
export async function erpTitles(world: TriggerWorld): Promise<Map<string, string>> {
  const window = { from: new Date(Date.now() - 30 * 86_400_000), to: new Date(Date.now() + 300 * 86_400_000) };
  const { changes } = await world.erp.listChanges(world.adele, null, window, []);
  const titles = new Map<string, string>();
  for (const change of changes) if (change.kind === 'upsert') titles.set(change.record.id, change.record.event.title);
  return titles;
}

/** An event body Adele marks for the ERP (the default policy syncs events in the "ERP" category). */
export function markedEvent(subject: string, startInDays = 2): Record<string, unknown> {
  const start = new Date(Date.now() + startInDays * 86_400_000);
  start.setUTCHours(9, 0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
  return { subject, start: at(start), end: at(end), categories: ['ERP'] };
}

/** Graph's control API (JSON). */
export async function m365Control<T>(world: TriggerWorld, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await fetch(`${world.m365Url}/_control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (answer.status >= 300) throw new Error(`control ${method} ${path}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}
