/**
 * Throw-away databases for suites that run on both engines: a SQLite file in a temp folder, or a fresh
 * PostgreSQL database `sync_test_<run>_<random>` on TEST_POSTGRES_URL's server, dropped afterwards (inside a jest
 * run, at the run's end: test/support/throwaway-databases.ts says why). PostgreSQL being unreachable fails loudly:
 * it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabases, dropsDeferred, runOwner } from '../support/throwaway-databases';

export type TestEngine = 'sqlite' | 'postgres';
export const TEST_ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  engine: TestEngine;
  /** A DATABASE_URL for openStore. */
  url: string;
  /**
   * Gives the database up (and removes the SQLite folder). Safe to call twice. Inside a jest run a PostgreSQL
   * database is dropped with the run's others at its end (no connection may use it after this call).
   */
  drop(): Promise<void>;
  /** Drops the PostgreSQL database now, even inside a jest run. */
  dropNow(): Promise<void>;
}

export function postgresAdminUrl(): string {
  return process.env['TEST_POSTGRES_URL'] ?? DEFAULT_ADMIN_URL;
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const adminUrl = postgresAdminUrl();
  const client = new Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set TEST_POSTGRES_URL.',
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `sync_test_${runOwner()}_${randomBytes(6).toString('hex')}`;
  // The name is ours (digits and hex only), so quoting it is enough; CREATE DATABASE takes no parameters.
  // Commits need not wait for the disk: the suites kill clients and workers, never PostgreSQL itself, so what a
  // commit made is there for every later reader all the same (and a commit is not held up by the shared disk).
  await withAdminClient(async (client) => {
    await client.query(`create database "${name}"`);
    await client.query(`alter database "${name}" set synchronous_commit = off`);
  });
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    engine: 'postgres',
    url: url.toString(),
    async drop() {
      if (dropped || dropsDeferred()) return;
      dropped = true;
      await dropDatabases([name]);
    },
    async dropNow() {
      dropped = true;
      // FORCE ends connections a failed test left open, so the drop cannot hang or fail on them.
      await dropDatabases([name]);
    },
  };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'sync-store-'));
  const drop = () => rm(folder, { recursive: true, force: true });
  return { engine: 'sqlite', url: `file:${join(folder, 'sync.db')}`, drop, dropNow: drop };
}

/** Creates an empty database on the engine; the caller drops it. */
export function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  return engine === 'sqlite' ? createSqliteDatabase() : createPostgresDatabase();
}

const createdByUrl: TestDatabase[] = [];
// Jest loads this module once per test file, so this hook drops what that file created, after its last test.
afterAll(async () => {
  await Promise.all(createdByUrl.splice(0).map((database) => database.drop()));
});

/** Creates an empty database and returns its URL; callable inside a test. Dropped after the test file's last test. */
export async function createTestDatabaseUrl(engine: TestEngine): Promise<string> {
  const database = await createTestDatabase(engine);
  createdByUrl.push(database);
  return database.url;
}

/**
 * Registers beforeAll/afterAll that create and drop one database for the enclosing describe block.
 * Read `.url` inside tests or later hooks.
 */
export function withTestDatabase(engine: TestEngine): { readonly url: string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url(): string {
      if (database === undefined) throw new Error('withTestDatabase: the database exists only once beforeAll ran.');
      return database.url;
    },
  };
}
