// `npm start`: builds the backend (SWC, about a second) and, when its sources are newer than its bundle, the task
// pane (webpack, about a minute on a fresh clone) BEFORE the backend starts, so the ready banner never points at a
// half-built pane. (Should the bundle still be missing, the backend serves a clear "being built" page, not a 404.)
// An installation without dev dependencies (`npm ci --omit=dev` after `npm run build`) builds nothing: it runs dist/.
// `node scripts/start.mjs worker` (npm run worker) starts the worker-only process the same way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const entry = process.argv[2] === 'worker' ? 'dist/server/worker.js' : 'dist/server/main.js';

function installed(name) {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const devInstall = installed('@swc/core') && installed('webpack-cli/package.json');
if (!devInstall && !existsSync(entry)) {
  process.stderr.write(`${entry} is missing: run npm run build (with dev dependencies) before npm ci --omit=dev\n`);
  process.exit(1);
}
const built = devInstall ? spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' }) : null;
if (built && built.status !== 0) process.exit(built.status ?? 1);

// The bundle's page: webpack writes it last.
const sources = Math.max(newest('addin'), newest('contract'), newest('webpack.config.js'));
if (devInstall && entry.endsWith('main.js') && newest('dist/addin/taskpane.html') < sources) {
  process.stdout.write('building the task pane (dist/addin) before starting; about a minute on a fresh clone...\n');
  const pane = spawnSync(
    process.execPath,
    ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production', '--stats', 'errors-only'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pane.status !== 0) {
    process.stderr.write(`the task pane build failed (${pane.status}); fix it and run npm start again\n`);
    process.exit(pane.status ?? 1);
  }
  process.stdout.write('task pane built\n');
}

const backend = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => backend.kill(signal));
backend.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
