/**
 * The scaled-out world for the worker suites: a throw-away PostgreSQL database, the sandbox emulators, N people
 * seeded on both sides (app-only tenant, so workers need no person's sign-in), and worker processes
 * (`node --import tsx server/worker.ts`) started against them with the environment a deployment would give.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openStore, type Mailbox, type Store } from '../../server/store';
import { CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import type { Sandbox } from '../../sandbox/start-sandbox';

export interface Person {
  mailbox: Mailbox;
  email: string;
}

export interface Worker {
  process: ChildProcess;
  /** Resolves when the worker printed that it started. */
  started: Promise<void>;
  output(): string;
}

async function post(url: string, body: unknown): Promise<void> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status >= 300) throw new Error(`POST ${url}: ${answer.status} ${await answer.text()}`);
}

/** N people in Microsoft 365 and Odoo, connected (app-only tenant) in the store. */
export async function seedPeople(sandbox: Sandbox, databaseUrl: string, count: number): Promise<Person[]> {
  const m365 = sandbox.env['GRAPH_BASE_URL'] as string;
  const odoo = sandbox.env['ODOO_URL'] as string;
  const store = await openStore({ databaseUrl });
  try {
    await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'app_only', policy: {} });
    const people: Person[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      const email = `worker-person-${i}@contoso.example`;
      await post(`${m365}/_control/users`, {
        id,
        tenantId: CONTOSO_TENANT_ID,
        userPrincipalName: email,
        displayName: `Person ${i}`,
      });
      await post(`${odoo}/_control/users`, { login: email, name: `Person ${i}`, tz: 'UTC' });
      const mailbox = await store.mailboxes.upsert({
        tenantId: CONTOSO_TENANT_ID,
        userObjectId: id,
        upn: email,
        email,
        status: 'connected',
      });
      people.push({ mailbox, email });
    }
    return people;
  } finally {
    await store.close();
  }
}

/** Starts `node --import tsx server/worker.ts` with the sandbox's variables and these overrides. */
export function startWorker(env: Record<string, string>): Worker {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join('server', 'worker.ts')], {
    cwd: process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('started')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting: ${output}`)));
  });
  return { process: child, started, output: () => output };
}

/** SIGTERM (or SIGKILL) and wait for the exit. */
export async function stopWorker(worker: Worker, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker.process.exitCode !== null || worker.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => worker.process.once('exit', () => resolve()));
  worker.process.kill(signal);
  await exited;
}

export type { Store };
