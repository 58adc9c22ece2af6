/**
 * For benchmarks: the sandbox emulators and a real backend on a free port (PUBLIC_URL known up front, so Graph can
 * post notifications), Adele connected through the add-in API, and her Outlook and ERP as she would act on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../../server/backend';
import { parseConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/logger';
import { ControlClient } from '../../sandbox/microsoft365/control/client';
import { ADELE_ID } from '../../sandbox/microsoft365/world/seed';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';

export interface BenchWorld {
  backend: Backend;
  config: Config;
  sandbox: Sandbox;
  m365Url: string;
  graphToken: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startBenchWorld(env: Record<string, string>): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const port = await freePort();
  const sandbox = await startSandbox({ dataDir: dir, backendPort: 0, host: '127.0.0.1' });
  const config = parseConfig({
    ...sandbox.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `https://127.0.0.1:${port}`,
    DATA_DIR: dir,
    DATABASE_URL: `file:${dir}/sync.db`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  const m365Url = sandbox.env['GRAPH_BASE_URL'] as string;
  const m365 = new ControlClient(m365Url);
  const addinToken = await m365.mintAddinToken({ user: ADELE_ID });
  const connected = await fetch(`${backend.url}/api/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${addinToken}` },
  });
  if (connected.status !== 200) throw new Error(`connect failed: ${connected.status} ${await connected.text()}`);
  const graphToken = await m365.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  return {
    backend,
    config,
    sandbox,
    m365Url,
    graphToken,
    stop: async () => {
      await backend.shutdown.run('bench over');
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adele acts in Outlook through Graph, as Outlook would. */
export async function outlookWrite(
  world: BenchWorld,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const answer = await fetch(`${world.m365Url}/v1.0/users/${ADELE_ID}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${world.graphToken}`,
      'content-type': 'application/json',
      prefer: 'IdType="ImmutableId"',
    },
    body: JSON.stringify(body),
  });
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as Record<string, unknown>;
}

/** Adele's Outlook event subjects, from the emulator's control API (not counted as Graph traffic). */
export async function outlookSubjects(world: BenchWorld): Promise<string[]> {
  const answer = await fetch(`${world.m365Url}/_control/mailboxes/${ADELE_ID}/events`);
  return ((await answer.json()) as { value: Array<{ subject: string }> }).value.map((e) => e.subject);
}

/** Adele acts in Odoo (the emulator's "act as a person"). */
export async function odooAct(world: BenchWorld, method: string, args: unknown[]): Promise<unknown> {
  const answer = await fetch(`${world.config.ODOO_URL}/_control/act`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: 'adele@contoso.example', model: 'calendar.event', method, args }),
  });
  if (answer.status !== 200) throw new Error(`Odoo ${method}: ${answer.status} ${await answer.text()}`);
  return answer.json();
}

/** Name of an Odoo calendar.event, read as Adele. */
export async function odooName(world: BenchWorld, id: number): Promise<string | undefined> {
  const rows = (await odooAct(world, 'read', [[id], ['name']])) as unknown;
  const list = Array.isArray(rows) ? rows : ((rows as { result?: unknown[] }).result ?? []);
  return (list[0] as { name?: string } | undefined)?.name;
}
