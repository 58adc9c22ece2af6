/**
 * The product under test as production runs it: the backend (`dist/server/main.js`) and scale-out workers
 * (`dist/server/worker.js`) in their own processes, configured only through the environment, against the in-process
 * emulators. Built once per bench (`buildProduct`, SWC, about a second) rather than compiled by tsx at every start:
 * a quick bench starts 9 processes, and each tsx start cost 5-6.5 s against 3.4-3.7 s from dist/ (load 10-12).
 * Reports each process's peak resident memory and CPU time from /proc, so the figures are the product's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import type { Emulators } from './emulators';

export interface ProductProcess {
  kind: 'backend' | 'worker';
  pid: number;
  /** https origin (backend only). */
  url: string | null;
  /** Peak resident set size so far, MiB (VmHWM). */
  peakRssMiB(): number;
  /** User + system CPU seconds so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ProductEnv {
  dataDir: string;
  databaseUrl: string;
  erpPollSeconds: number;
  /** Mailbox syncs run at once by the process (0: web only, PostgreSQL). */
  syncConcurrency: number;
  extra?: Record<string, string>;
}

/** Seconds each product process took from spawn to ready, in start order (printed at the end of a bench). */
export const startSeconds: number[] = [];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Secrets shared by every process of one world (the token cache must stay readable across them). */
export function worldSecrets(): { encryptionKey: string; adminKey: string } {
  return { encryptionKey: randomBytes(32).toString('base64'), adminKey: randomBytes(24).toString('base64url') };
}

export function productEnvironment(
  emulators: Emulators,
  secrets: ReturnType<typeof worldSecrets>,
  env: ProductEnv,
  port: number,
): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    SYNC_MODE: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `https://127.0.0.1:${port}`,
    DATA_DIR: env.dataDir,
    DATABASE_URL: env.databaseUrl,
    // BENCH_LOG_LEVEL=info keeps each run's line (duration, counts) in the process logs, for per-worker figures.
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    AUTH_AUTHORITY_HOST: emulators.m365.baseUrl,
    AUTH_CLIENT_ID: ADDIN_CLIENT_ID,
    AUTH_CLIENT_SECRET: ADDIN_CLIENT_SECRET,
    AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID,
    GRAPH_BASE_URL: emulators.m365.baseUrl,
    ENCRYPTION_KEYS: `bench:${secrets.encryptionKey}`,
    ADMIN_API_KEY: secrets.adminKey,
    ERP_KIND: 'odoo',
    ODOO_URL: emulators.odoo.url,
    ODOO_DATABASE: emulators.odoo.database,
    ODOO_LOGIN: emulators.odoo.users.admin.login,
    ODOO_API_KEY: emulators.odoo.users.admin.apiKey,
    ERP_POLL_SECONDS: String(env.erpPollSeconds),
    // The safety sweep is measured on its own; it must not run in the middle of another figure.
    SWEEP_HOURS: '1000',
    SYNC_CONCURRENCY: String(env.syncConcurrency),
    ...env.extra,
  };
}

function procStatus(pid: number, field: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function procCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the whole line (11 and 12 after "pid (comm) ").
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Builds the backend into dist/ (scripts/build-server.mjs, what `npm start` runs first); throws if it fails. */
export function buildProduct(): void {
  const built = spawnSync(process.execPath, [join('scripts', 'build-server.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (built.status !== 0) throw new Error(`building the backend failed (${built.status}): ${built.stderr.toString()}`);
}

async function startProcess(
  kind: ProductProcess['kind'],
  env: Record<string, string>,
  logFile: string,
): Promise<ProductProcess> {
  const entry = join('dist', 'server', kind === 'backend' ? 'main.js' : 'worker.js');
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the product's own processes.
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  let output = '';
  let peak = 0;
  let cpu = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, procStatus(child.pid!, 'VmHWM'));
    cpu = Math.max(cpu, procCpu(child.pid!));
  }, 250);
  sample.unref();
  const ready = kind === 'backend' ? 'is running' : 'started';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (output.length < 20_000) output += chunk.toString();
      if (output.includes(ready)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${kind} exited (${code}) before it was ready:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  startSeconds.push((performance.now() - started) / 1000);
  return {
    kind,
    pid: child.pid!,
    url: kind === 'backend' ? `https://127.0.0.1:${env['PORT']}` : null,
    peakRssMiB: () => Math.max(peak, procStatus(child.pid!, 'VmHWM')),
    cpuSeconds: () => Math.max(cpu, procCpu(child.pid!)),
    stop: async () => {
      clearInterval(sample);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      log.end();
    },
  };
}

export async function startBackendProcess(env: Record<string, string>, logFile: string): Promise<ProductProcess> {
  return startProcess('backend', env, logFile);
}

export async function startWorkerProcess(env: Record<string, string>, logFile: string): Promise<ProductProcess> {
  return startProcess('worker', env, logFile);
}
