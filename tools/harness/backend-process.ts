/**
 * The backend (or a worker) as production runs it: `node dist/server/main.js` (or `worker.js`) in a child process
 * with a production environment, its output kept in a log file. The harness can kill it with any signal (SIGKILL
 * for the chaos run) and start it again on the same port and database. Nothing here imports product code.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { request } from 'undici';

/** Builds dist/ once per tool run (SWC, a second or two): the child processes run the built code, as production. */
export function buildBackend(root: string): void {
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: root, stdio: 'pipe' });
  if (built.status !== 0) throw new Error(`building the backend failed:\n${built.stderr.toString()}`);
}

/** Every child still running, so none outlives the tool: on the tool's exit, however it ends, each gets SIGKILL. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the harness asked for it (kill, stop); false is a crash. */
  expected: boolean;
}

export interface BackendProcessOptions {
  root: string;
  /** `main` (HTTP backend) or `worker` (sync worker on PostgreSQL). */
  entry: 'main' | 'worker';
  env: Record<string, string>;
  /** Where stdout and stderr are appended. */
  logFile: string;
  /** For readiness probes of the HTTP backend (trusting its CA). */
  url?: string;
  dispatcher?: Dispatcher;
}

export class BackendProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private expectingExit = false;
  /** Every exit so far, in order. */
  readonly exits: ProcessExit[] = [];
  /** Called when the process exits on its own (a crash). */
  onCrash: ((exit: ProcessExit) => void) | undefined;

  constructor(private readonly options: BackendProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and, for the HTTP backend, waits until /readyz answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error('already running');
    this.expectingExit = false;
    const script = join(this.options.root, 'dist', 'server', `${this.options.entry}.js`);
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: this.options.root,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    this.log.write(`\n=== ${new Date().toISOString()} start ${this.options.entry} pid ${child.pid}\n`);
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      live.delete(child);
      const exit = { code, signal, expected: this.expectingExit };
      this.exits.push(exit);
      this.log.write(`\n=== ${new Date().toISOString()} exit code ${code} signal ${signal}\n`);
      if (!exit.expected) this.onCrash?.(exit);
    });
    if (this.options.entry === 'main') await this.waitReady(timeoutMs);
  }

  /** Sends a signal and waits for the exit (SIGKILL: the process gets no chance to finish anything). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Graceful stop (SIGTERM), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`the backend exited while starting; see ${this.options.logFile}`);
      try {
        const answer = await request(`${this.options.url}/readyz`, {
          dispatcher: this.options.dispatcher,
          headersTimeout: 2_000,
        });
        await answer.body.dump();
        if (answer.statusCode === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`the backend was not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
