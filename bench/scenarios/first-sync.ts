/**
 * First sync of one person's N events, each way: N marked Outlook events into an empty Odoo, or N Odoo events into
 * an empty mailbox. Timed from the connect to the end of the first run; the runs our own writes cause afterwards
 * ("echo") are counted apart. The model's lower bound is what the latency model alone forces (lower-bound.ts).
 */
import type { Counts } from '../lib/emulators';
import { quiet, until } from '../lib/observe';
import { addPeople, connect, odooCount, outlookSubjects, seedOdoo, seedOutlook } from '../lib/people';
import { startWorld, type WorldOptions } from '../lib/world';
import { firstSyncLowerBound } from './lower-bound';

export type Direction = 'outlookToErp' | 'erpToOutlook';

export interface FirstSyncResult {
  direction: Direction;
  n: number;
  completed: boolean;
  /** Why it did not complete, when it did not. */
  failure: string | null;
  seconds: number;
  /** The first run alone, from its start to its end (the rest of `seconds` is connecting and queueing). */
  runSeconds: number | null;
  graphRequests: number;
  graphHttp: number;
  graphThrottled: number;
  erpCalls: number;
  erpByMethod: Record<string, number>;
  /** Synced events found on the destination side after the run. */
  arrived: number;
  peakRssMiB: number;
  backendCpuSeconds: number;
  lowerBoundSeconds: number;
  ratio: number;
  echo: { seconds: number; graphRequests: number; erpCalls: number; runs: number };
}

function figures(c: Counts) {
  return {
    graphRequests: c.graph,
    graphHttp: c.graphHttp,
    graphThrottled: c.graphThrottled,
    erpCalls: c.erp,
    erpByMethod: c.erpByMethod,
  };
}

export async function firstSync(
  direction: Direction,
  n: number,
  base: Omit<WorldOptions, 'name' | 'erpPollSeconds'>,
  giveUpMs: number,
): Promise<FirstSyncResult> {
  const world = await startWorld({ ...base, name: `first-${direction}-${n}`, erpPollSeconds: 3600 });
  try {
    const { emulators, observer } = world;
    const [person] = await addPeople(emulators, 1, `first-${direction}`);
    if (direction === 'outlookToErp') await seedOutlook(emulators, person!, n);
    else seedOdoo(emulators, person!, n);
    const before = emulators.counts();
    const t0 = performance.now();
    const wallStart = Date.now();
    await connect(emulators, world.backend.url!, person!);
    let failure: string | null = null;
    let run: Awaited<ReturnType<typeof observer.firstRun>>;
    try {
      // Polled often: the echo run of our own writes starts the moment the first run ends.
      await until('the first run', async () => (run = await observer.firstRun()) !== undefined, giveUpMs, 20);
    } catch (error) {
      failure = (error as Error).message;
    }
    const first = emulators.since(before);
    const seconds = run ? (Date.parse(run.finishedAt) - wallStart) / 1000 : (performance.now() - t0) / 1000;
    if (run && run.status === 'failed') failure = `the first run failed: ${run.error ?? 'no reason recorded'}`;
    const runsAfterFirst = 1;
    let echo = { seconds: 0, graphRequests: 0, erpCalls: 0, runs: 0 };
    if (failure === null) {
      const t1 = performance.now();
      const lastActivity = await quiet(observer, 3000, giveUpMs);
      const extra = emulators.since(before);
      echo = {
        seconds: Math.max(0, (lastActivity - t1) / 1000),
        graphRequests: extra.graph - first.graph,
        erpCalls: extra.erp - first.erp,
        runs: (await observer.runs()).started - runsAfterFirst,
      };
    }
    const arrived =
      direction === 'outlookToErp'
        ? odooCount(emulators, person!)
        : (await outlookSubjects(emulators, person!)).filter((s) => s.startsWith('Odoo ')).length;
    if (failure === null && arrived !== n) failure = `${arrived} of ${n} events arrived`;
    const lowerBoundSeconds = firstSyncLowerBound(direction, n, base.latency);
    return {
      direction,
      n,
      completed: failure === null,
      failure,
      seconds,
      runSeconds: run ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : null,
      ...figures(first),
      arrived,
      peakRssMiB: world.backend.peakRssMiB(),
      backendCpuSeconds: world.backend.cpuSeconds(),
      lowerBoundSeconds,
      ratio: seconds / lowerBoundSeconds,
      echo,
    };
  } finally {
    await world.stop();
  }
}
