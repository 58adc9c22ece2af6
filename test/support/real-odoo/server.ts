/**
 * One real Odoo 19 server process for a test file, serving throw-away databases copied from the template that
 * `../shared/odoo/start-odoo.sh` builds. The script prepares everything (tree, Python deps, PostgreSQL role,
 * template) under a lock; the server is odoo-bin with the script's own serving arguments, except a db-filter that
 * admits this file's databases (`<base>_<suffix>`), so a file serves both protocols' databases from one process
 * (a new database on a running server answers in ~0.3 s; a new server takes ~1-2 s more). Never product code.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const REPO = resolve(__dirname, '../../..');
const PG_ADMIN = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ODOO_TREE = process.env['ODOO_TREE'] ?? '/var/tmp/odoo-19.0';
const ODOO_DATA = process.env['ODOO_DATA'] ?? '/var/tmp/odoo-data';
const ODOO_DB_USER = process.env['ODOO_DB_USER'] ?? 'odoo';
const ODOO_TEMPLATE = process.env['ODOO_TEMPLATE'] ?? 'odoo19_template';
/** Every database this harness makes starts so, with the creating process id: leftovers of dead runs are dropped. */
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

export async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Databases of this harness whose creating process is gone (a killed run): dropped so they do not pile up. */
async function dropLeftovers(): Promise<void> {
  await withPg(async (pg) => {
    const { rows } = await pg.query<{ datname: string }>(
      `select datname from pg_database where datname like '${DB_PREFIX}%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^rodoo_(\d+)_/.exec(datname)?.[1]);
      if (!pid || alive(pid)) continue;
      await pg.query(`drop database if exists "${datname}" with (force)`);
      await rm(join(ODOO_DATA, 'filestore', datname), { recursive: true, force: true });
    }
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: no such process
  }
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

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export class RealOdooServer {
  private constructor(
    readonly base: string,
    readonly info: ServerInfo,
    private readonly process: ChildProcess,
    private readonly log: string[],
    private readonly databases: Set<string>,
  ) {}

  /** Starts a server for databases named `<base>_*`; the first, `<base>_<firstSuffix>`, is created by the script. */
  static async start(script: string, name: string, firstSuffix: string): Promise<RealOdooServer> {
    await dropLeftovers();
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .slice(0, 24);
    const base = `${DB_PREFIX}${process.pid}_${slug}_${Math.random().toString(36).slice(2, 7)}`;
    const first = `${base}_${firstSuffix}`;
    const started = Date.now();
    const prepared = prepare(script, first);
    const preparedAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const log: string[] = [];
      const child = spawn(
        '/usr/bin/python3',
        // start-odoo.sh's serving arguments (step 6), with a filter for this file's databases and no -d.
        [
          'odoo-bin',
          '--db-filter',
          `^${base}_[a-z0-9_]+$`,
          '--db_host',
          process.env['PGHOST'] ?? '127.0.0.1',
          '--db_port',
          process.env['PGPORT'] ?? '5432',
          '--db_user',
          ODOO_DB_USER,
          '--data-dir',
          ODOO_DATA,
          '--http-interface',
          '127.0.0.1',
          '--http-port',
          String(port),
          '--gevent-port',
          String(port + 1),
          '--max-cron-threads',
          '0',
          '--smtp',
          '127.0.0.1',
          '--smtp-port',
          '9',
          '--log-level=warn',
        ],
        { cwd: ODOO_TREE, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const keep = (chunk: Buffer) => {
        log.push(chunk.toString('utf8'));
        if (log.length > 200) log.shift();
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const url = `http://127.0.0.1:${port}`;
      if (await answers(url, child, 90_000)) {
        trace(`${base}: prepared in ${preparedAt - started} ms, serving after ${Date.now() - preparedAt} ms`);
        return new RealOdooServer(base, { ...prepared, url }, child, log, new Set([first]));
      }
      child.kill('SIGKILL');
      if (attempt >= 3) {
        await dropDatabase(first);
        throw new Error(`real Odoo did not start (3 attempts); last log:\n${log.join('').slice(-3000)}`);
      }
    }
  }

  /** A fresh copy of the template, served by this server (about 0.3 s). */
  async createDatabase(suffix: string): Promise<string> {
    const name = `${this.base}_${suffix}`;
    if (this.databases.has(name)) return name;
    await withPg((pg) => pg.query(`create database "${name}" template "${ODOO_TEMPLATE}" owner "${ODOO_DB_USER}"`));
    this.databases.add(name);
    return name;
  }

  /** What the server logged lately (for a failing test's message). */
  recentLog(): string {
    return this.log.join('').slice(-4000);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((done) => this.process.once('exit', done));
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 1_000);
      await exited;
      clearTimeout(timer);
    }
    for (const name of this.databases) await dropDatabase(name);
    this.databases.clear();
  }
}

/** REAL_ODOO_TRACE=1 prints how long preparing and starting took (for measuring the harness). */
function trace(line: string): void {
  if (process.env['REAL_ODOO_TRACE']) process.stderr.write(`real Odoo: ${line}\n`);
}

async function answers(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(`${url}/web/version`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 150));
  }
  return false;
}

async function dropDatabase(name: string): Promise<void> {
  await withPg((pg) => pg.query(`drop database if exists "${name}" with (force)`));
  await rm(join(ODOO_DATA, 'filestore', name), { recursive: true, force: true });
}
