/**
 * Real Odoo 19 for a test file: throw-away databases (`<base>_<suffix>`) copied from the template that
 * `../shared/odoo/start-odoo.sh` builds, served by odoo-bin with the script's own serving arguments (./process.ts:
 * inside a jest run one process serves every suite). The script prepares everything (tree, Python deps, PostgreSQL
 * role, template) under a lock, and is run only when something is missing. Never product code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client as PgClient, type Client } from 'pg';
import { dropDatabases, dropsDeferred, pgAdminUrl, runOwner, withPgAdmin } from '../throwaway-databases';
import { odooProcessFor, type OdooProcess } from './process';

const REPO = resolve(__dirname, '../../..');
const ODOO_TREE = process.env['ODOO_TREE'] ?? '/var/tmp/odoo-19.0';
const ODOO_DATA = process.env['ODOO_DATA'] ?? '/var/tmp/odoo-data';
const ODOO_DB_USER = process.env['ODOO_DB_USER'] ?? 'odoo';
const ODOO_TEMPLATE = process.env['ODOO_TEMPLATE'] ?? 'odoo19_template';
/** Every database this harness makes starts so, with the owning run's id: leftovers of dead runs are dropped. */
export const DB_PREFIX = 'rodoo_';

/**
 * Where start-odoo.sh is: REAL_ODOO_SCRIPT when set (only there), else `../shared/odoo/` beside the clone (a git
 * worktree one level deeper finds it at `../../shared`). Null when absent: a developer's fresh clone.
 */
export function findStartScript(): string | null {
  const configured = process.env['REAL_ODOO_SCRIPT'];
  const candidates = configured
    ? [configured]
    : [join(REPO, '../shared/odoo/start-odoo.sh'), join(REPO, '../../shared/odoo/start-odoo.sh')];
  return candidates.find((path) => existsSync(path)) ?? null;
}

export interface ServerInfo {
  url: string;
  login: string;
  apiKey: string;
  version: string;
}

export function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  return withPgAdmin(work);
}

/**
 * When start-odoo.sh has prepared this machine already (the tree, the template with calendar installed, the
 * administrator's key: what `npm test` does first, through scripts/prepare-real-odoo.sh), the template is copied
 * directly; the script (about 3 s, one suite at a time under its lock) runs only when something is missing.
 */
async function preparedAlready(firstDb: string): Promise<ServerInfo | null> {
  const keyFile = join(ODOO_DATA, `${ODOO_TEMPLATE}.key`);
  if (!existsSync(join(ODOO_TREE, 'odoo-bin')) || !existsSync(keyFile)) return null;
  const apiKey = readFileSync(keyFile, 'utf8').trim();
  if (!apiKey || !(await templateReady())) return null;
  await withPg((pg) => createCopy(pg, firstDb));
  return { url: '', login: 'admin', apiKey, version: '19.0' };
}

/** start-odoo.sh's own test: the template database exists with calendar installed. */
async function templateReady(): Promise<boolean> {
  const url = new URL(pgAdminUrl());
  url.pathname = `/${ODOO_TEMPLATE}`;
  const client = new PgClient({ connectionString: url.toString() });
  try {
    await client.connect();
    const { rows } = await client.query(
      `select 1 from ir_module_module where name = 'calendar' and state = 'installed'`,
    );
    return rows.length === 1;
  } catch {
    return false; // no template (or no PostgreSQL): the script says which
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A copy of the template. Commits need not wait for the disk (the suites never stop PostgreSQL, so what Odoo
 * committed is there for every later reader all the same).
 */
async function createCopy(pg: Client, name: string): Promise<void> {
  await pg.query(`create database "${name}" template "${ODOO_TEMPLATE}" owner "${ODOO_DB_USER}"`);
  await pg.query(`alter database "${name}" set synchronous_commit = off`);
}

/**
 * Runs `start-odoo.sh --install-only` once for this process (under a lock, so concurrent suites on a machine without
 * the template build it once): the tree, Python deps and template are ready, and `firstDb` exists as a copy.
 */
function prepare(script: string, firstDb: string): ServerInfo {
  const lock = join(ODOO_DATA, '..', 'real-odoo-prepare.lock');
  const run = spawnSync('flock', [lock, script, '--db', firstDb, '--install-only', '--info', `/dev/null`], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
    env: { ...process.env, ODOO_TREE, ODOO_DATA, ODOO_DB_USER, ODOO_TEMPLATE },
  });
  const line = run.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) {
    throw new Error(
      `real Odoo: ${script} --install-only failed (exit ${run.status ?? run.signal}): ${run.stderr?.slice(-2000)}`,
    );
  }
  return JSON.parse(line) as ServerInfo;
}

export class RealOdooServer {
  private constructor(
    readonly base: string,
    readonly info: ServerInfo,
    private readonly odoo: OdooProcess,
    private readonly databases: Set<string>,
  ) {}

  /**
   * A server for databases named `<base>_*` (inside a jest run, the run's one Odoo process: ./process.ts); the
   * first, `<base>_<firstSuffix>`, is copied from the template here (or by the script, when it must prepare).
   */
  static async start(script: string, name: string, firstSuffix: string): Promise<RealOdooServer> {
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, 24);
    const base = `${DB_PREFIX}${runOwner()}_${slug}_${Math.random().toString(36).slice(2, 7)}`;
    const first = `${base}_${firstSuffix}`;
    const started = Date.now();
    const prepared = (await preparedAlready(first)) ?? prepare(script, first);
    if (!prepared.url) trace(`${base}: template copied without start-odoo.sh`);
    else await withPg((pg) => pg.query(`alter database "${first}" set synchronous_commit = off`));
    const preparedAt = Date.now();
    try {
      const odoo = await odooProcessFor(base);
      trace(`${base}: prepared in ${preparedAt - started} ms, serving after ${Date.now() - preparedAt} ms`);
      return new RealOdooServer(base, { ...prepared, url: odoo.url }, odoo, new Set([first]));
    } catch (error) {
      await dropDatabases([first]);
      throw error;
    }
  }

  /** A fresh copy of the template, served by this server (about 0.3 s; its first request loads Odoo's registry). */
  async createDatabase(suffix: string): Promise<string> {
    const name = `${this.base}_${suffix}`;
    if (this.databases.has(name)) return name;
    await withPg((pg) => createCopy(pg, name));
    this.databases.add(name);
    return name;
  }

  /** What the server logged lately (for a failing test's message). */
  recentLog(): string {
    return this.odoo.recentLog();
  }

  /** Gives the databases up (inside a jest run they are dropped with the run's others at its end). */
  async stop(): Promise<void> {
    await this.odoo.release();
    if (!dropsDeferred()) await dropDatabases([...this.databases]);
    this.databases.clear();
  }
}

/** REAL_ODOO_TRACE=1 prints how long preparing and starting took (for measuring the harness). */
function trace(line: string): void {
  if (process.env['REAL_ODOO_TRACE']) process.stderr.write(`real Odoo: ${line}\n`);
}
