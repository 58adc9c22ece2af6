/**
 * Trigger latency against the sandbox emulators (npm run bench:latency): N Outlook edits timed until the ERP has
 * them (Graph notification -> queue -> sync; the ERP poll also runs, but at 5 s it rarely comes first), then N ERP
 * edits timed until Outlook has them
 * (the ERP poll every BENCH_ERP_POLL_SECONDS). Writes bench/results/latency.json and prints a table.
 * Env: BENCH_EDITS (default 20), BENCH_ERP_POLL_SECONDS (default 5;
 * production's default is 60, which would make N edits take N minutes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  odooAct,
  odooName,
  outlookSubjects,
  outlookWrite,
  startBenchWorld,
  type BenchWorld,
} from './lib/sandbox-backend';

const EDITS = Number(process.env['BENCH_EDITS'] ?? 20);
const ERP_POLL_SECONDS = Number(process.env['BENCH_ERP_POLL_SECONDS'] ?? 5);
const PROBE_MS = 20;
const GIVE_UP_MS = 60_000;
const QUIET_MS = 700;

async function until(what: string, probe: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await probe())) {
    if (performance.now() - started > GIVE_UP_MS) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
  }
  return performance.now();
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p % of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function stats(seconds: readonly number[]) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: seconds.length,
    medianSeconds: round(percentile(seconds, 50)),
    p95Seconds: round(percentile(seconds, 95)),
    minSeconds: round(Math.min(...seconds)),
    maxSeconds: round(Math.max(...seconds)),
  };
}

/**
 * Waits until no sync has run for QUIET_MS, so an edit's own echo (our Outlook write notifies us back and that
 * run also reads the ERP) cannot carry the next edit and make the poll look faster than it is.
 */
async function quiet(world: BenchWorld): Promise<void> {
  const runs = async () => {
    const metric = await world.backend.services.metrics.registry.getSingleMetricAsString('sync_runs_total');
    const inFlight = await world.backend.services.metrics.registry.getSingleMetricAsString('sync_queue_in_flight');
    return `${metric}|${inFlight}`;
  };
  let last = await runs();
  let since = performance.now();
  while (performance.now() - since < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
    const now = await runs();
    if (now !== last) {
      last = now;
      since = performance.now();
    }
  }
}

async function erpIdOf(world: BenchWorld, name: string): Promise<number | undefined> {
  const found = (await odooAct(world, 'search_read', [[['name', '=', name]], ['id']])) as {
    result?: Array<{ id: number }>;
  };
  return found.result?.[0]?.id;
}

async function outlookToErp(world: BenchWorld, eventId: string, erpId: number): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 1; i <= EDITS; i += 1) {
    const subject = `Outlook edit ${i}`;
    await quiet(world);
    const t0 = performance.now();
    await outlookWrite(world, 'PATCH', `/events/${eventId}`, { subject });
    const t1 = await until(subject, async () => (await odooName(world, erpId)) === subject);
    seconds.push((t1 - t0) / 1000);
  }
  return seconds;
}

async function erpToOutlook(world: BenchWorld, erpId: number): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 1; i <= EDITS; i += 1) {
    const name = `ERP edit ${i}`;
    await quiet(world);
    // A uniform phase against the poll's timer, as a person's edit would have.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * ERP_POLL_SECONDS * 1000));
    const t0 = performance.now();
    await odooAct(world, 'write', [[erpId], { name }]);
    const t1 = await until(name, async () => (await outlookSubjects(world)).includes(name));
    seconds.push((t1 - t0) / 1000);
  }
  return seconds;
}

async function main(): Promise<void> {
  const world = await startBenchWorld({ ERP_POLL_SECONDS: String(ERP_POLL_SECONDS), SWEEP_HOURS: '1000' });
  try {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
    const subject = 'Latency probe';
    const created = await outlookWrite(world, 'POST', '/events', {
      subject,
      start: at(start),
      end: at(new Date(start.getTime() + 3_600_000)),
      categories: ['ERP'],
    });
    let erpId: number | undefined;
    await until('the probe in the ERP', async () => (erpId = await erpIdOf(world, subject)) !== undefined);
    const outlook = await outlookToErp(world, String(created['id']), erpId!);
    const erp = await erpToOutlook(world, erpId!);
    const result = {
      measuredAt: new Date().toISOString(),
      node: process.version,
      edits: EDITS,
      setup: {
        runtime: 'SQLite, in-process queue, one backend process',
        emulators: 'sandbox Microsoft 365 (HTTPS) and Odoo 19 emulators in the same process',
        erpPollSeconds: ERP_POLL_SECONDS,
        probeIntervalMs: PROBE_MS,
      },
      outlookToErpViaNotifications: stats(outlook),
      erpToOutlookViaPoll: stats(erp),
      samples: { outlookToErpSeconds: outlook, erpToOutlookSeconds: erp },
    };
    const dir = join(process.cwd(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latency.json'), `${JSON.stringify(result, null, 2)}\n`);
    const row = (label: string, s: ReturnType<typeof stats>) =>
      `| ${label.padEnd(40)} | ${String(s.n).padStart(3)} | ${s.medianSeconds.toFixed(3).padStart(8)} | ${s.p95Seconds.toFixed(3).padStart(8)} |`;
    process.stdout.write(
      [
        `| ${'path'.padEnd(40)} |   n | median s |    p95 s |`,
        `| ${'-'.repeat(40)} | --- | -------- | -------- |`,
        row('Outlook edit -> ERP (notification)', result.outlookToErpViaNotifications),
        row(`ERP edit -> Outlook (poll every ${ERP_POLL_SECONDS} s)`, result.erpToOutlookViaPoll),
        '',
        'Written to bench/results/latency.json',
        '',
      ].join('\n'),
    );
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
