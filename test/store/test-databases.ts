/**
 * Throw-away databases for suites that run on both engines: a SQLite file in a temp folder, or a fresh
 * PostgreSQL database `sync_test_<random>` on TEST_POSTGRES_URL's server, dropped afterwards. PostgreSQL being
 * unreachable fails loudly: it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type TestEngine = 'sqlite' | 'postgres';
export const TEST_ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  engine: TestEngine;
  /** A DATABASE_URL for openStore. */
  url: string;
  /** Removes the database (and the SQLite folder). Safe to call twice. */
  drop(): Promise<void>;
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
  const name = `sync_test_${randomBytes(6).toString('hex')}`;
  // The name is ours (hex only), so quoting it is enough; CREATE DATABASE takes no parameters.
  await withAdminClient((client) => client.query(`create database "${name}"`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    engine: 'postgres',
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE ends connections a failed test left open, so the drop cannot hang or fail on them.
      await withAdminClient((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function createSqliteDatabase(): Promise<TestDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'sync-store-'));
  return {
    engine: 'sqlite',
    url: `file:${join(folder, 'sync.db')}`,
    drop: () => rm(folder, { recursive: true, force: true }),
  };
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
