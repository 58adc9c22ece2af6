// `npm start`: builds the backend (SWC, about a second) and, when their sources are newer than their bundles, the
// task pane and the admin console (webpack, about a minute on a fresh clone) BEFORE the backend starts, so the ready
// banner never points at a half-built pane. (Should the bundle still be missing, the backend serves a clear "being built" page, not a 404.)
// An installation without dev dependencies (`npm ci --omit=dev` after `npm run build`) builds nothing: it runs dist/.
// `node scripts/start.mjs worker` (npm run worker) starts the worker-only process the same way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
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
const sources = Math.max(newest('addin'), newest('console'), newest('contract'), newest('webpack.config.js'));
const bundled = Math.min(newest('dist/addin/taskpane.html'), newest('dist/console/index.html'));
if (devInstall && entry.endsWith('main.js') && bundled < sources) {
  process.stdout.write(
    'building the task pane (dist/addin) and the admin console (dist/console) before starting; about a minute on a fresh clone...\n',
  );
  const pane = spawnSync(
    process.execPath,
    ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production', '--stats', 'errors-only'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pane.status !== 0) {
    process.stderr.write(`the task pane build failed (${pane.status}); fix it and run npm start again\n`);
    process.exit(pane.status ?? 1);
  }
  // webpack leaves an unchanged output file as it was (old mtime): mark the bundles as built from these sources.
  const now = new Date();
  for (const page of ['dist/addin/taskpane.html', 'dist/console/index.html']) utimesSync(page, now, now);
  process.stdout.write('task pane and admin console built\n');
}

const backend = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => backend.kill(signal));
backend.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
