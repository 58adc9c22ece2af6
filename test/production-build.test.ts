/**
 * Production runs from the build with production dependencies only (issue 14 Must 5): dist/server and dist/contract
 * and dist/docs (not dist/sandbox) and the node_modules `npm ci --omit=dev` installs, as npm itself lists them from the lockfile
 * (`npm ls --omit=dev`), hard-linked into a fresh folder so nothing resolves outside it. There the backend starts in
 * production mode, answers /healthz and /readyz and stops cleanly, and the worker starts on PostgreSQL. A dev dependency or a
 * sandbox module loaded in production would fail to resolve. (The full `npm ci --omit=dev --offline` takes minutes on
 * a loaded 2-core machine, mostly compiling better-sqlite3; scripts/prove-production.sh runs that variant.)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Agent, fetch } from 'undici';
import { createTestDatabaseUrl } from './store/test-databases';

const ROOT = process.cwd();
let dir: string;
const children: ChildProcess[] = [];

function productionEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SYNC_MODE: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://sync.example.test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Upstreams nobody answers: this proves the process runs, not that Microsoft or the ERP do.
    AUTH_AUTHORITY_HOST: 'https://127.0.0.1:9',
    GRAPH_BASE_URL: 'https://127.0.0.1:9',
    AUTH_CLIENT_ID: randomUUID(),
    AUTH_CLIENT_SECRET: 'not-used-here',
    AUTH_ALLOWED_TENANTS: randomUUID(),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    ERP_KIND: 'rest',
    REST_ERP_URL: 'http://127.0.0.1:9/api',
    REST_ERP_TOKEN: 'not-used-here',
    GRAPH_NOTIFICATIONS: 'off',
  };
}

/** Starts `node <entry>` in the install and resolves with its first stdout line matching `ready`. */
function start(
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [entry], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready in 30 s:\n${out}\n${err}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited ${code}:\n${out}\n${err}`));
    });
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'production-install-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
  for (const part of ['server', 'contract', 'docs'])
    cpSync(join(ROOT, 'dist', part), join(dir, 'dist', part), { recursive: true });
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
  const packages = listed
    .split('\n')
    .filter((path) => path.startsWith(join(ROOT, 'node_modules')))
    .map((path) => relative(ROOT, path))
    // A nested package travels with its parent's folder.
    .filter((path, _i, all) => !all.some((other) => other !== path && path.startsWith(`${other}/node_modules/`)));
  for (const path of packages) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    execFileSync('cp', ['-al', join(ROOT, path), join(dir, path)]);
  }
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('production from npm ci --omit=dev', () => {
  it('when the install is read, then it holds no dev dependency and no sandbox', () => {
    // The build and test tools (a dev dependency a production one needs, such as @types/react, is installed too).
    for (const name of [
      '@swc/core',
      'tsx',
      'typescript',
      'jest',
      'webpack',
      'eslint',
      'playwright-core',
      'pino-pretty',
    ])
      expect(existsSync(join(dir, 'node_modules', name))).toBe(false);
    expect(existsSync(join(dir, 'dist', 'sandbox'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'express'))).toBe(true);
  });

  it('when node dist/server/main.js starts in production, then it answers /healthz and /readyz', async () => {
    const data = join(dir, 'data-backend');
    const { child, match } = await start('dist/server/main.js', productionEnv(data), /Backend:\s+(https:\/\/\S+)/);
    const ca = readFileSync(join(data, 'certs', 'ca.pem'), 'utf8');
    const dispatcher = new Agent({ connect: { ca } });
    const url = match[1]!;
    const health = await fetch(`${url}/healthz`, { dispatcher });
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`, { dispatcher });
    expect(ready.status).toBe(200);
    // The database defaults inside DATA_DIR.
    expect(existsSync(join(data, 'sync.db'))).toBe(true);
    expect(await stopped(child)).toBe(0);
  }, 45_000);

  it('when node dist/server/worker.js starts in production on PostgreSQL, then it runs and stops on SIGTERM with 0', async () => {
    const env = { ...productionEnv(join(dir, 'data-worker')), DATABASE_URL: await createTestDatabaseUrl('postgres') };
    const { child } = await start('dist/server/worker.js', env, /worker \d+ started/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(child.exitCode).toBeNull();
    expect(await stopped(child)).toBe(0);
  }, 45_000);
});
