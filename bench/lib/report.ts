/**
 * The bench's answer: a Markdown table a person reads (and bench/RESULTS.md keeps), and one JSON object with the
 * figures issue 19 asks for, printed as the last line so CI and scripts can take it with `tail -n 1`.
 */
import type { BenchResults } from '../run';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const int = (x: number) => (Number.isFinite(x) ? String(Math.round(x)) : 'n/a');

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderTable(results: BenchResults): string {
  const { latency } = results.settings;
  const lines = [
    `Latency model: ${latency.graphMs} ms per Graph request, ${latency.odooMs} ms per Odoo call.`,
    '',
    row(['Figure', 'Seconds', 'Graph requests', 'ERP calls', 'Peak RSS MiB', 'Lower bound s', 'Ratio', 'Notes']),
    row(['---', '---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const r of results.firstSync) {
    const name = `First sync ${r.direction === 'outlookToErp' ? 'Outlook -> ERP' : 'ERP -> Outlook'}, N = ${r.n}`;
    const notes = r.completed
      ? `run ${r.runSeconds === null ? '?' : f1(r.runSeconds)} s; echo afterwards: ${r.echo.runs} runs, ${r.echo.graphRequests} Graph, ${r.echo.erpCalls} ERP; CPU ${f1(r.backendCpuSeconds)} s`
      : `NOT COMPLETED: ${r.failure}`;
    lines.push(
      row([
        name,
        f1(r.seconds),
        int(r.graphRequests),
        int(r.erpCalls),
        int(r.peakRssMiB),
        f2(r.lowerBoundSeconds),
        f1(r.ratio),
        notes,
      ]),
    );
  }
  const c = results.changes;
  if (c) {
    const change = (label: string, x: ChangesRow) =>
      row([
        label,
        `p50 ${f2(x.p50Seconds)}, p95 ${f2(x.p95Seconds)}`,
        f1(x.graphRequests),
        f1(x.erpCalls),
        '',
        '',
        '',
        `${f1(x.runs)} runs per change`,
      ]);
    lines.push(change('One Outlook edit -> ERP (notification)', c.outlookToErp));
    lines.push(change(`One ERP edit -> Outlook (poll ${c.erpPollSeconds} s)`, c.erpToOutlook));
    lines.push(
      row([
        'Run of a mailbox where nothing changed',
        f2(c.idleRun.seconds),
        f1(c.idleRun.graphRequests),
        f1(c.idleRun.erpCalls),
        '',
        '',
        '',
        '',
      ]),
    );
    lines.push(
      row([
        `Idle mailbox, per ${c.erpPollSeconds} s interval`,
        '',
        f1(c.idleInterval.graphRequests),
        f1(c.idleInterval.erpCalls),
        '',
        '',
        '',
        `${f1(c.idleInterval.runs)} runs per interval`,
      ]),
    );
  }
  const t = results.tenant;
  if (t) {
    lines.push(
      row([
        `Idle tenant of ${t.mailboxes} mailboxes, per ${t.erpPollSeconds} s interval`,
        '',
        f1(t.idleInterval.graphRequests),
        f1(t.idleInterval.erpCalls),
        '',
        '',
        '',
        `${f1(t.idleInterval.runs)} runs per interval`,
      ]),
    );
    for (const round of t.throughput) {
      lines.push(
        row([
          `${t.mailboxes} mailboxes, ${t.changes === t.mailboxes ? 'one change each' : `one change in ${t.changes}`}, ${round.workers} worker${round.workers > 1 ? 's' : ''}`,
          `${f1(round.outlookToErp.seconds)} / ${f1(round.erpToOutlook.seconds)}`,
          '',
          '',
          round.workerPeakRssMiB.map(int).join(', '),
          '',
          '',
          `${f1(round.outlookToErp.changesPerSecond)} changes/s Outlook -> ERP, ${f1(round.erpToOutlook.changesPerSecond)} ERP -> Outlook ` +
            `(after ${f1(round.outlookToErp.waitSeconds)} / ${f1(round.erpToOutlook.waitSeconds)} s to the first run); ` +
            `runs per worker ${round.runsPerWorker.join(', ')}, mean run ${round.meanRunSeconds.map(f2).join(', ')} s; ` +
            `worker CPU ${round.workerCpuSeconds.map(f1).join(', ')} s; load ${f2(round.loadAverage)}`,
        ]),
      );
    }
  }
  return lines.join('\n');
}

type ChangesRow = NonNullable<BenchResults['changes']>['outlookToErp'];

/** The figures of issue 19, Must 5, in one object. */
export function summaryJson(results: BenchResults) {
  const first = (direction: string) =>
    Object.fromEntries(
      results.firstSync
        .filter((r) => r.direction === direction)
        .map((r) => [
          `n${r.n}`,
          {
            completed: r.completed,
            seconds: round(r.seconds),
            graphRequests: r.graphRequests,
            erpCalls: r.erpCalls,
            peakRssMiB: Math.round(r.peakRssMiB),
            lowerBoundSeconds: round(r.lowerBoundSeconds),
            ratio: round(r.ratio),
          },
        ]),
    );
  const c = results.changes;
  const t = results.tenant;
  return {
    bench: 'outlook-erp-sync',
    quick: results.settings.quick,
    at: results.startedAt,
    latency: results.settings.latency,
    firstSync: { outlookToErp: first('outlookToErp'), erpToOutlook: first('erpToOutlook') },
    requestsPerChange: c
      ? {
          outlookToErp: { graph: round(c.outlookToErp.graphRequests), erp: round(c.outlookToErp.erpCalls) },
          erpToOutlook: { graph: round(c.erpToOutlook.graphRequests), erp: round(c.erpToOutlook.erpCalls) },
        }
      : null,
    idle: {
      mailboxRun: c ? { graph: round(c.idleRun.graphRequests), erp: round(c.idleRun.erpCalls) } : null,
      mailboxPerInterval: c
        ? { graph: round(c.idleInterval.graphRequests), erp: round(c.idleInterval.erpCalls), seconds: c.erpPollSeconds }
        : null,
      tenantPerInterval: t
        ? {
            mailboxes: t.mailboxes,
            graph: round(t.idleInterval.graphRequests),
            erp: round(t.idleInterval.erpCalls),
            seconds: t.erpPollSeconds,
          }
        : null,
    },
    propagation: c
      ? {
          outlookToErp: { p50: round(c.outlookToErp.p50Seconds), p95: round(c.outlookToErp.p95Seconds) },
          erpToOutlook: {
            p50: round(c.erpToOutlook.p50Seconds),
            p95: round(c.erpToOutlook.p95Seconds),
            pollSeconds: c.erpPollSeconds,
          },
        }
      : null,
    changesPerSecond: t
      ? {
          mailboxes: t.mailboxes,
          changes: t.changes,
          byWorkers: Object.fromEntries(
            t.throughput.map((r) => [
              String(r.workers),
              {
                outlookToErp: round(r.outlookToErp.changesPerSecond),
                erpToOutlook: round(r.erpToOutlook.changesPerSecond),
              },
            ]),
          ),
        }
      : null,
    seconds: round(results.seconds),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
