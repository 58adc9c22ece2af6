/**
 * Makes sure dist/addin and dist/console hold the task pane and the admin console built from the current sources:
 * builds them (webpack, production) when missing or older than any source, under a lock so parallel suites build
 * once. Run directly, it is the locked step itself; tests call `ensureAddinBuilt()`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const BUILT_PAGES = [join(ROOT, 'dist', 'addin', 'taskpane.html'), join(ROOT, 'dist', 'console', 'index.html')];
const LOCK = join(ROOT, 'dist', '.addin-build.lock');
const SOURCES = [join(ROOT, 'addin'), join(ROOT, 'console'), join(ROOT, 'webpack.config.js')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

export function addinBuildIsStale(): boolean {
  if (!BUILT_PAGES.every((page) => existsSync(page))) return true;
  const built = Math.min(...BUILT_PAGES.map((page) => statSync(page).mtimeMs));
  return SOURCES.some((source) => newestMtime(source) > built);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Builds the pane when stale; the check is repeated inside the lock, so a waiting suite does not build again. */
export function ensureAddinBuilt(): void {
  if (!addinBuildIsStale()) return;
  run('mkdir', ['-p', join(ROOT, 'dist')]);
  run('flock', [LOCK, process.execPath, '--import', 'tsx', join(ROOT, 'test', 'browser', 'addin-build.ts')]);
}

if (require.main === module && addinBuildIsStale()) {
  run(process.execPath, [join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production']);
  // webpack leaves a file whose content did not change unwritten (compareBeforeEmit): mark the build as done, or
  // every later suite would find it stale and build again (about 100 s each on a loaded machine).
  const now = new Date();
  utimesSync(BUILT_PAGE, now, now);
}
