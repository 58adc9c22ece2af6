/**
 * The odoo-bin process the real-Odoo suites talk to. Inside a jest run (TEST_RUN_OWNER set by
 * test/setup/global-setup.ts) each jest worker has one process serving the databases (`rodoo_<run>_*`) of every
 * suite it runs: the worker's first real-Odoo suite starts it (detached, so it outlives the worker), the next ones
 * find it through a state file, and the run's teardown kills it. One per worker, not one per run: Odoo serves
 * requests in threads under one Python lock, so two suites running at once would share one core. Starting Odoo took
 * 10-24 s of a suite's time on the loaded 2-core machine, once per file; a new database on a running server is ready
 * after its first request loads the registry (1-2 s). Outside a jest run a suite starts and stops its own process,
 * as before. Test code only; never product code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropsDeferred, runOwner } from '../throwaway-databases';

const ODOO_TREE = process.env['ODOO_TREE'] ?? '/var/tmp/odoo-19.0';
const ODOO_DATA = process.env['ODOO_DATA'] ?? '/var/tmp/odoo-data';
const ODOO_DB_USER = process.env['ODOO_DB_USER'] ?? 'odoo';
const START_TIMEOUT_MS = 180_000;

export interface OdooProcess {
  url: string;
  /** The end of what Odoo logged (for a failing test's message). */
  recentLog(): string;
  /** Ends a suite's own process; the run's shared one is left to the run's teardown. */
  release(): Promise<void>;
}

/** An Odoo process serving the databases named `<base>_*` (inside a jest run: the run's, serving all of them). */
export async function odooProcessFor(base: string): Promise<OdooProcess> {
  if (!dropsDeferred()) {
    const log = join(tmpdir(), `${base}.odoo.log`);
    const own = await spawnOdoo(`^${base}_[a-z0-9_]+$`, log, false);
    return {
      url: own.url,
      recentLog: () => tail(log),
      release: async () => {
        await kill(own.child);
        rmSync(log, { force: true });
      },
    };
  }
  return sharedProcess();
}

async function sharedProcess(): Promise<OdooProcess> {
  const owner = runOwner();
  const dir = join(tmpdir(), `real-odoo-run-${owner}-w${process.env['JEST_WORKER_ID'] ?? '1'}`);
  const state = join(dir, 'server.json');
  const failed = join(dir, 'failed');
  const log = join(dir, 'odoo.log');
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (existsSync(state)) {
      const { url, pid } = JSON.parse(readFileSync(state, 'utf8')) as { url: string; pid: number };
      if (!isOdoo(pid)) throw new Error(`the run's real Odoo (pid ${pid}) is gone; its log:\n${tail(log)}`);
      return { url, recentLog: () => tail(log), release: async () => undefined };
    }
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    let starter = false;
    try {
      mkdirSync(join(dir, 'starting'));
      starter = true;
    } catch {
      // another suite is starting it
    }
    if (starter) {
      try {
        const started = await spawnOdoo(`^rodoo_${owner}_[a-z0-9_]+$`, log, true);
        writeFileSync(`${state}.new`, JSON.stringify({ url: started.url, pid: started.child.pid }));
        renameSync(`${state}.new`, state);
        continue;
      } catch (error) {
        writeFileSync(failed, (error as Error).message);
        throw error;
      }
    }
    if (Date.now() > deadline) throw new Error(`the run's real Odoo did not start within ${START_TIMEOUT_MS} ms`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

/** Kills the run's shared processes (teardown), and those of runs that died without their teardown (setup). */
export function stopSharedOdoo(owners: 'this run' | 'dead runs'): void {
  const mine = runOwner();
  for (const entry of readdirSync(tmpdir())) {
    const owner = Number(/^real-odoo-run-(\d+)-w\d+$/.exec(entry)?.[1]);
    if (!owner || (owners === 'this run' ? owner !== mine : owner === mine || alive(owner))) continue;
    const dir = join(tmpdir(), entry);
    try {
      const { pid } = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as { pid: number };
      if (isOdoo(pid)) {
        if (process.env['REAL_ODOO_TRACE'])
          process.stderr.write(`real Odoo: the run's server used ${cpuSeconds(pid)} s CPU\n`);
        process.kill(pid, 'SIGKILL');
      }
    } catch {
      // never started, or already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function spawnOdoo(filter: string, logFile: string, detached: boolean) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const fd = openSync(logFile, 'a');
    const child = spawn(
      '/usr/bin/python3',
      // start-odoo.sh's serving arguments (step 6), with a filter for the suites' databases and no -d.
      [
        'odoo-bin',
        ...['--db-filter', filter, '--db_host', process.env['PGHOST'] ?? '127.0.0.1'],
        ...['--db_port', process.env['PGPORT'] ?? '5432', '--db_user', ODOO_DB_USER, '--data-dir', ODOO_DATA],
        ...['--http-interface', '127.0.0.1', '--http-port', String(port), '--gevent-port', String(port + 1)],
        ...['--max-cron-threads', '0', '--smtp', '127.0.0.1', '--smtp-port', '9', '--log-level=warn'],
      ],
      { cwd: ODOO_TREE, stdio: ['ignore', fd, fd], detached },
    );
    closeSync(fd);
    if (detached) child.unref();
    const url = `http://127.0.0.1:${port}`;
    if (await answers(url, child, 90_000)) return { url, child };
    await kill(child);
    if (attempt >= 3) throw new Error(`real Odoo did not start (3 attempts); last log:\n${tail(logFile)}`);
  }
}

/** Killed: nothing of Odoo's own shutdown is under test, and its graceful stop took 1.4 s. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
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

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: no such process
  }
}

/** User + system CPU time of a process so far (from /proc: clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Whether `pid` is still an odoo-bin (a pid reused by another program is never killed). */
function isOdoo(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('odoo-bin');
  } catch {
    return false;
  }
}
