/**
 * `npm run bench`: the product against the emulators under a latency model (80 ms per Graph request, 30 ms per
 * Odoo call by default), in its own processes, as production runs it. Prints a table, writes
 * bench/results/bench.json, and prints one JSON object as its last line. `--quick` is the CI run (small sizes,
 * under 2 minutes); see bench/README.md for every flag and bench/RESULTS.md for a full run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { changes, type ChangesResult } from './scenarios/changes';
import { firstSync, type Direction, type FirstSyncResult } from './scenarios/first-sync';
import { tenant, type TenantResult } from './scenarios/tenant';
import { buildProduct, startSeconds } from './lib/processes';
import { renderTable, summaryJson } from './lib/report';

const { values } = parseArgs({
  allowNegative: true,
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    mailboxes: { type: 'string' },
    changes: { type: 'string' },
    workers: { type: 'string' },
    edits: { type: 'string' },
    'graph-ms': { type: 'string', default: '80' },
    'odoo-ms': { type: 'string', default: '30' },
    'poll-seconds': { type: 'string' },
    'tenant-poll-seconds': { type: 'string' },
    postgres: {
      type: 'string',
      default: process.env['BENCH_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    only: { type: 'string', default: 'first,changes,tenant' },
    directions: { type: 'string', default: 'outlookToErp,erpToOutlook' },
    'give-up-minutes': { type: 'string', default: '40' },
    'side-by-side': { type: 'boolean' },
    'reuse-build': { type: 'boolean', default: false },
  },
});

const quick = values.quick === true;
const list = (text: string | undefined, fallback: number[]) =>
  text ? text.split(',').map((s) => Number(s.trim())) : fallback;
const settings = {
  quick,
  sizes: list(values.sizes, quick ? [100] : [2000, 10000]),
  mailboxes: Number(values.mailboxes ?? (quick ? 10 : 1000)),
  /** Mailboxes of the tenant that change in a throughput round; absent: all of them. */
  changes: values.changes === undefined ? undefined : Number(values.changes),
  workers: list(values.workers, quick ? [1, 2] : [1, 2, 4]),
  edits: Number(values.edits ?? (quick ? 3 : 20)),
  latency: { graphMs: Number(values['graph-ms']), odooMs: Number(values['odoo-ms']) },
  pollSeconds: Number(values['poll-seconds'] ?? (quick ? 3 : 5)),
  tenantPollSeconds: Number(values['tenant-poll-seconds'] ?? (quick ? 3 : 30)),
  only: new Set((values.only ?? '').split(',').map((s) => s.trim())),
  directions: (values.directions ?? '').split(',').map((s) => s.trim()) as Direction[],
  giveUpMs: Number(values['give-up-minutes']) * 60_000,
  sideBySide: values['side-by-side'] ?? quick,
  postgres: values.postgres ?? '',
};

export interface BenchResults {
  settings: typeof settings;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    loadBefore: number[];
    loadAfter: number[];
  };
  startedAt: string;
  seconds: number;
  firstSync: FirstSyncResult[];
  changes: ChangesResult | null;
  tenant: TenantResult | null;
}

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const logDir = join(process.cwd(), 'bench', 'results', 'logs');
  mkdirSync(logDir, { recursive: true });
  const base = { latency: settings.latency, logDir };
  // --reuse-build: dist/server as it is (.ci/run built it just before, for the production proof beside the bench).
  if (values['reuse-build'] && existsSync(join('dist', 'server', 'main.js'))) log('backend from dist/ as it is');
  else {
    buildProduct();
    log(`backend built into dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const loadBefore = loadavg();
  const results: BenchResults = {
    settings,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadBefore,
      loadAfter: [],
    },
    startedAt,
    seconds: 0,
    firstSync: [],
    changes: null,
    tenant: null,
  };
  // Two lanes: one person's figures (first syncs, then changes) and the tenant's. Side by side (--quick's default)
  // the bench takes about as long as the tenant alone; one after the other (a full run's default) no lane shares the
  // CPU with another, which the figures of bench/RESULTS.md need.
  const person = async () => {
    if (settings.only.has('first')) {
      for (const n of settings.sizes) {
        for (const direction of settings.directions) {
          log(`first sync ${direction}, N = ${n}`);
          const result = await firstSync(direction, n, base, settings.giveUpMs);
          log(`  ${result.completed ? 'done' : `NOT COMPLETED (${result.failure})`} in ${result.seconds.toFixed(1)} s`);
          results.firstSync.push(result);
        }
      }
    }
    if (settings.only.has('changes')) {
      log(`changes: ${settings.edits} edits each way, ERP poll every ${settings.pollSeconds} s`);
      results.changes = await changes(settings.edits, settings.pollSeconds, base);
      log('  changes done');
    }
  };
  const tenantLane = async () => {
    if (!settings.only.has('tenant')) return;
    log(`tenant: ${settings.mailboxes} mailboxes on PostgreSQL, workers ${settings.workers.join(', ')}`);
    results.tenant = await tenant(
      settings.mailboxes,
      settings.workers,
      settings.tenantPollSeconds,
      2,
      { ...base, postgres: settings.postgres },
      settings.giveUpMs,
      settings.changes ?? settings.mailboxes,
    );
    log('  tenant done');
  };
  if (settings.sideBySide) {
    // Both lanes end (each stops its own processes) before a failure of either is reported.
    const lanes = await Promise.allSettled([person(), tenantLane()]);
    for (const lane of lanes) if (lane.status === 'rejected') throw lane.reason;
  } else {
    await person();
    await tenantLane();
  }
  const starts = startSeconds.map((s) => s.toFixed(1)).join(', ');
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s; product processes ready after (s): ${starts}`);
  results.machine.loadAfter = loadavg();
  results.seconds = (performance.now() - t0) / 1000;
  const dir = join(process.cwd(), 'bench', 'results');
  writeFileSync(join(dir, quick ? 'bench-quick.json' : 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(results)}\n`);
  process.stdout.write(`${JSON.stringify(summaryJson(results))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
