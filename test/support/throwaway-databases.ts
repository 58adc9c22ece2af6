/**
 * Throw-away PostgreSQL databases of a jest run (the store suites' `sync_test_*`, real Odoo's `rodoo_*`) carry the id
 * of the process that owns them: the jest run (TEST_RUN_OWNER, set by test/setup/global-setup.ts) or, outside one,
 * the process itself. Dropping is left to the run's end (test/setup/global-teardown.ts drops them all at once):
 * PostgreSQL 15 checkpoints on every DROP DATABASE, which took 4-13 s each on the shared 2-core machine, so a suite
 * that dropped its databases in afterAll spent more time dropping than testing. Databases of an owner that is gone
 * (an interrupted run) are dropped at the next run's start. Test code only; never product code.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

export const PG_ADMIN_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';
export const THROWAWAY_PREFIXES = ['sync_test_', 'rodoo_'] as const;
const ODOO_DATA = process.env['ODOO_DATA'] ?? '/var/tmp/odoo-data';

export function pgAdminUrl(): string {
  return process.env['TEST_POSTGRES_URL'] ?? PG_ADMIN_DEFAULT;
}

/** The process whose databases these are: the jest run when inside one, else this process. */
export function runOwner(): number {
  return Number(process.env['TEST_RUN_OWNER']) || process.pid;
}

/** Whether a jest run's teardown will drop what is left (so a suite need not wait for its drops). */
export function dropsDeferred(): boolean {
  return Number(process.env['TEST_RUN_OWNER']) > 0;
}

export async function withPgAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the databases (force: a connection a failed test left open cannot hang it) and real Odoo's filestores. */
export async function dropDatabases(names: readonly string[]): Promise<void> {
  // Concurrent drops share their checkpoints: twenty at once cost about what one costs.
  const queue = [...names];
  const dropOne = async (pg: Client) => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      await pg.query(`drop database if exists "${name.replaceAll('"', '')}" with (force)`);
      if (name.startsWith('rodoo_')) await rm(join(ODOO_DATA, 'filestore', name), { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(20, queue.length) }, () => withPgAdmin(dropOne)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: no such process
  }
}

/** Throw-away databases whose owner is `owner` (this run), or, with `owner` null, whose owner process is gone. */
export async function throwawayDatabases(owner: number | null): Promise<string[]> {
  const { rows } = await withPgAdmin((pg) =>
    pg.query<{ datname: string }>(
      `select datname from pg_database where ${THROWAWAY_PREFIXES.map((_, i) => `datname like $${i + 1}`).join(' or ')}`,
      THROWAWAY_PREFIXES.map((prefix) => `${prefix}%`),
    ),
  );
  return rows
    .map(({ datname }) => ({ datname, pid: Number(/^(?:sync_test|rodoo)_(\d+)_/.exec(datname)?.[1]) }))
    .filter(({ pid }) => pid > 0 && (owner === null ? !alive(pid) : pid === owner))
    .map(({ datname }) => datname);
}
