/**
 * Makes sure dist/addin and dist/console hold the task pane and the admin console built from the current sources:
 * builds them (webpack, production) when missing or older than any source, under a lock so parallel suites build
 * once. Run directly, it is the locked step itself; tests call `ensureAddinBuilt()`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const LOCK = join(ROOT, 'dist', '.addin-build.lock');
/** Each webpack build (config name), the page it writes last and the sources it is built from. */
const BUILDS = [
  { name: 'addin', page: join(ROOT, 'dist', 'addin', 'taskpane.html'), sources: ['addin', 'contract'] },
  { name: 'console', page: join(ROOT, 'dist', 'console', 'index.html'), sources: ['console'] },
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** The builds whose page is missing or older than one of their sources (or webpack.config.js). */
export function staleBuilds(): string[] {
  return BUILDS.filter((build) => {
    if (!existsSync(build.page)) return true;
    const built = statSync(build.page).mtimeMs;
    const sources = [...build.sources.map((dir) => join(ROOT, dir)), join(ROOT, 'webpack.config.js')];
    return sources.some((source) => existsSync(source) && newestMtime(source) > built);
  }).map((build) => build.name);
}

export function addinBuildIsStale(): boolean {
  return staleBuilds().length > 0;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Builds the pane and/or the console when stale; the check is repeated inside the lock, so a waiting suite does not build again. */
export function ensureAddinBuilt(): void {
  if (!addinBuildIsStale()) return;
  run('mkdir', ['-p', join(ROOT, 'dist')]);
  run('flock', [LOCK, process.execPath, '--import', 'tsx', join(ROOT, 'test', 'browser', 'addin-build.ts')]);
}

if (require.main === module && addinBuildIsStale()) {
  const stale = staleBuilds();
  const names = stale.flatMap((name) => ['--config-name', name]);
  run(process.execPath, [join(ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production', ...names]);
  // webpack leaves a file it would write unchanged as it was (old mtime): mark the builds as fresh.
  const now = new Date();
  for (const build of BUILDS.filter((b) => stale.includes(b.name))) utimesSync(build.page, now, now);
}
