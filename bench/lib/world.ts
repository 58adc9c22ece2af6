/**
 * One benchmark world: a temporary folder, the emulators with the latency model, a database (a SQLite file, or a
 * throw-away PostgreSQL database for scale-out), and the product's processes started against them. Everything it
 * starts it stops, and the PostgreSQL database is dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { trustCertificateAuthorities } from '../../server/tls/trust';
import { startEmulators, type Emulators, type LatencyModel } from './emulators';
import { observe, type Observer } from './observe';
import {
  freePort,
  productEnvironment,
  startBackendProcess,
  startWorkerProcess,
  worldSecrets,
  type ProductProcess,
} from './processes';

export interface WorldOptions {
  name: string;
  latency: LatencyModel;
  erpPollSeconds: number;
  /** PostgreSQL server URL (a database is created on it) for scale-out; absent: SQLite. */
  postgres?: string;
  /** Mailbox syncs run at once by the backend process (PostgreSQL: 0 makes it web-only). */
  backendConcurrency?: number;
  extraEnv?: Record<string, string>;
  /** Folder for the product processes' logs. */
  logDir: string;
}

export interface World {
  emulators: Emulators;
  observer: Observer;
  backend: ProductProcess;
  workers: ProductProcess[];
  databaseUrl: string;
  adminKey: string;
  startWorkers(count: number): Promise<void>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

async function createDatabase(server: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(server: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${options.name}-`));
  const emulators = await startEmulators(dir, options.latency);
  // The backend's development CA (same folder) signs its HTTPS: this process calls it to connect people.
  trustCertificateAuthorities([emulators.m365.ca]);
  const dbName = `bench_speed_${options.name.replace(/\W/g, '_')}_${process.pid}`;
  const databaseUrl = options.postgres
    ? await createDatabase(options.postgres, dbName)
    : `file:${join(dir, 'sync.db')}`;
  const secrets = worldSecrets();
  const env = (port: number, concurrency: number) =>
    productEnvironment(
      emulators,
      secrets,
      {
        dataDir: dir,
        databaseUrl,
        erpPollSeconds: options.erpPollSeconds,
        syncConcurrency: concurrency,
        ...(options.extraEnv ? { extra: options.extraEnv } : {}),
      },
      port,
    );
  const log = (what: string) => join(options.logDir, `${options.name}-${what}.log`);
  const backend = await startBackendProcess(env(await freePort(), options.backendConcurrency ?? 4), log('backend'));
  const observer = await observe(databaseUrl);
  const workers: ProductProcess[] = [];
  const world: World = {
    emulators,
    observer,
    backend,
    workers,
    databaseUrl,
    adminKey: secrets.adminKey,
    async startWorkers(count) {
      const started = await Promise.all(
        Array.from({ length: count }, async (_, i) =>
          startWorkerProcess(env(await freePort(), 4), log(`worker-${workers.length + i}`)),
        ),
      );
      workers.push(...started);
    },
    async stopWorkers() {
      await Promise.all(workers.map((w) => w.stop()));
      workers.length = 0;
    },
    async stop() {
      await world.stopWorkers();
      await backend.stop();
      await observer.close();
      await emulators.stop();
      if (options.postgres) await dropDatabase(options.postgres, dbName);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
