// `npm start`: builds the backend (SWC, about a second), starts it, and builds the task pane beside it when the
// pane's sources are newer than its bundle, so the backend is ready in seconds even on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// The bundle's page: it is written last by webpack.
const paneStale = newest('dist/addin/taskpane.html') < Math.max(newest('addin'), newest('webpack.config.js'));
const pane = paneStale
  ? spawn(process.execPath, ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production', '--stats', 'errors-only'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
  : null;
if (pane) {
  process.stdout.write('building the task pane in the background (dist/addin)...\n');
  pane.on('exit', (code) =>
    process.stdout.write(code === 0 ? 'task pane built\n' : `task pane build failed (${code})\n`),
  );
}

const backend = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    pane?.kill(signal);
    backend.kill(signal);
  });
}
backend.on('exit', (code, signal) => {
  pane?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
