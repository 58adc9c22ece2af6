/**
 * A tenant of M connected people on PostgreSQL with worker processes: what it costs per ERP poll interval while
 * nobody changes anything, and how many changes per second the workers propagate when every person changes one
 * event at once (each way), with 1, 2, 4... worker processes in turn.
 */
import type { CalendarChange } from '../../sandbox/microsoft365/contracts';
import { settle, sleep, until } from '../lib/observe';
import {
  addPeople,
  connect,
  editOdoo,
  editOutlook,
  inParallel,
  seedOdoo,
  seedOutlook,
  type Person,
} from '../lib/people';
import { startWorld, type WorldOptions } from '../lib/world';

/**
 * One direction of a round. The window runs from the first sync run started after the edits to the last change
 * arriving: what the workers drain. Before it, `waitSeconds` is detection (a Graph notification, or the ERP feed's
 * next tick, up to one poll interval), the same whatever the number of workers.
 */
export interface DirectionFigures {
  seconds: number;
  changesPerSecond: number;
  waitSeconds: number;
}

export interface ThroughputRound {
  workers: number;
  outlookToErp: DirectionFigures;
  erpToOutlook: DirectionFigures;
  /** Runs each worker started over the round (echo runs of our own writes included) and their mean wall time. */
  runsPerWorker: number[];
  meanRunSeconds: number[];
  /** Peak RSS (MiB) and CPU seconds of each worker over the round. */
  workerPeakRssMiB: number[];
  workerCpuSeconds: number[];
  loadAverage: number;
}

export interface TenantResult {
  mailboxes: number;
  /** Mailboxes that change one event each way in a round (all of them unless --changes says fewer). */
  changes: number;
  erpPollSeconds: number;
  setupSeconds: number;
  idleInterval: { intervals: number; graphRequests: number; erpCalls: number; runs: number };
  throughput: ThroughputRound[];
}

interface Seeded {
  person: Person;
  outlookId: string;
  odooId: number;
}

export async function tenant(
  mailboxes: number,
  workerCounts: readonly number[],
  erpPollSeconds: number,
  idleIntervals: number,
  base: Omit<WorldOptions, 'name' | 'erpPollSeconds' | 'backendConcurrency'>,
  giveUpMs: number,
  changes = mailboxes,
): Promise<TenantResult> {
  if (!base.postgres) throw new Error('the tenant scenario needs PostgreSQL (--postgres)');
  const world = await startWorld({ ...base, name: 'tenant', erpPollSeconds, backendConcurrency: 0 });
  try {
    const { emulators, observer } = world;
    const t0 = performance.now();
    const people = await addPeople(emulators, mailboxes, 'tenant');
    // One event each side per person, seeded side by side: the seeding is the bench's own cost, not the product's.
    const seeded: Seeded[] = new Array<Seeded>(people.length);
    await inParallel(people, 16, async (person) => {
      const [outlookId] = await seedOutlook(emulators, person, 1);
      const [odooId] = seedOdoo(emulators, person, 1);
      seeded[person.index] = { person, outlookId: outlookId!, odooId: odooId! };
    });
    progress(`${mailboxes} people seeded in ${since(t0)} s`);
    await world.startWorkers(Math.max(...workerCounts));
    progress(`connecting ${mailboxes} people`);
    const tConnect = performance.now();
    await inParallel(people, CONNECTS_AT_ONCE, (person) => connect(emulators, world.backend.url!, person));
    progress(`connected in ${since(tConnect)} s`);
    await until('every first sync', async () => (await observer.runs()).started >= mailboxes, giveUpMs, 500);
    progress(`first syncs started, ${since(tConnect)} s after the first connect; waiting for quiet`);
    // Quiet for two ERP feed intervals: the feed's first ticks flag every mailbox once (their first cursors), and
    // an idle interval measured during those settling runs counts them as idle cost. At least a minute to get there:
    // with 24 s, --quick beside the other lane on a loaded machine (load 14-27) was not quiet in 3 runs of 4, and
    // once its idle figures counted a settling run (0.5 Graph, 0.5 runs per interval instead of 0).
    const settled = await settle(
      observer,
      2 * erpPollSeconds * 1000 + 1000,
      Math.max(60_000, 8 * erpPollSeconds * 1000, drainMs(mailboxes, 3)),
    );
    if (!settled) progress('not quiet before the idle intervals: the idle figures include settling runs');
    const setupSeconds = (performance.now() - t0) / 1000;
    progress(`set-up took ${setupSeconds.toFixed(1)} s (${(await observer.runs()).started} runs)`);
    // Every step-th mailbox changes: fewer changes than mailboxes keep a round of a large tenant inside a session
    // while the feed, the queue and the scheduler still carry all of them.
    const step = Math.max(1, Math.floor(seeded.length / Math.max(1, changes)));
    const changing = seeded.filter((_, i) => i % step === 0).slice(0, changes);

    progress(`idle for ${idleIntervals} intervals`);
    const before = emulators.counts();
    const runsBefore = (await observer.runs()).started;
    await sleep(idleIntervals * erpPollSeconds * 1000);
    const idle = emulators.since(before);
    const idleInterval = {
      intervals: idleIntervals,
      graphRequests: idle.graph / idleIntervals,
      erpCalls: idle.erp / idleIntervals,
      runs: ((await observer.runs()).started - runsBefore) / idleIntervals,
    };

    const throughput: ThroughputRound[] = [];
    for (const [round, workers] of workerCounts.entries()) {
      progress('restarting the workers');
      await world.stopWorkers();
      await world.startWorkers(workers);
      progress(`${workers} workers: one change in each of ${changing.length} mailboxes, each way`);
      // The previous round's last runs (echoes of our own Outlook writes) drain first: with 1,000 mailboxes they
      // outlast two feed intervals, and a round started over them would count their runs as its own.
      await settle(observer, 2000, Math.max(2 * erpPollSeconds * 1000, drainMs(changes, 1)));
      const roundStart = new Date().toISOString();
      progress('  Outlook -> ERP');
      const outlookToErp = await outlookRound(world, changing, round, giveUpMs);
      // Quiet for a whole feed interval: the feed flags a mailbox once more at the tick after its digest changed
      // (FeedState.settle, erp-feed.ts), so the Outlook round's writes make a second wave of runs one tick later.
      // Edits made before that tick would be counted from its runs, which started before the edits were made.
      // With 1,000 mailboxes the two waves of feed runs outlast four intervals: wait for them (drainMs).
      await settle(observer, erpPollSeconds * 1000 + 2000, Math.max(4 * erpPollSeconds * 1000, drainMs(changes, 2)));
      progress('  ERP -> Outlook');
      const erpToOutlook = await erpRound(world, changing, round, giveUpMs);
      const byWorker = await observer.runsByWorkerSince(roundStart);
      throughput.push({
        workers,
        outlookToErp,
        erpToOutlook,
        runsPerWorker: byWorker.map((w) => w.runs),
        meanRunSeconds: byWorker.map((w) => w.meanSeconds),
        workerPeakRssMiB: world.workers.map((w) => w.peakRssMiB()),
        workerCpuSeconds: world.workers.map((w) => w.cpuSeconds()),
        loadAverage: (await import('node:os')).loadavg()[0] ?? 0,
      });
    }
    return { mailboxes, changes: changing.length, erpPollSeconds, setupSeconds, idleInterval, throughput };
  } finally {
    await world.stop();
  }
}

/** Connects sent at once: the add-in's people connect independently; 8 made 1,000 connects a phase of its own. */
const CONNECTS_AT_ONCE = 16;

/** Longest wait for `waves` runs of every mailbox to drain, at 2 runs per second (slower than any worker seen). */
function drainMs(mailboxes: number, waves: number): number {
  return (mailboxes * waves * 1000) / 2;
}

const since = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}]   ${line}\n`);
}

type RoundWorld = Awaited<ReturnType<typeof startWorld>>;

async function outlookRound(world: RoundWorld, seeded: Seeded[], round: number, giveUpMs: number) {
  const { emulators } = world;
  const prefix = `R${round} O `;
  const arrived = () =>
    emulators.odoo.control.act('admin', 'calendar.event', 'search_count', [
      [['name', '=like', `${prefix}%`]],
    ]) as number;
  const since = new Date().toISOString();
  await inParallel(seeded, 16, (s) => editOutlook(emulators, s.person, s.outlookId, `${prefix}${s.person.index}`));
  await until(`${seeded.length} Outlook changes in Odoo`, async () => arrived() >= seeded.length, giveUpMs, 200);
  return figures(world, since, seeded.length);
}

/** The round's figures once every change arrived (DirectionFigures). */
async function figures(world: RoundWorld, since: string, changes: number): Promise<DirectionFigures> {
  const end = Date.now();
  const first = (await world.observer.firstStartSince(since)) ?? Date.parse(since);
  const seconds = (end - first) / 1000;
  return { seconds, changesPerSecond: changes / seconds, waitSeconds: (first - Date.parse(since)) / 1000 };
}

async function erpRound(world: RoundWorld, seeded: Seeded[], round: number, giveUpMs: number) {
  const { emulators } = world;
  const updated = new Set<string>();
  const users = new Set(seeded.map((s) => s.person.userId));
  // Our writes are the only Outlook changes now: count the people whose calendar the product updated.
  const stop = emulators.m365.context.calendar!.onChange((change: CalendarChange) => {
    if (change.changeType === 'updated' && users.has(change.userId)) updated.add(change.userId);
  });
  try {
    const since = new Date().toISOString();
    for (const s of seeded) editOdoo(emulators, s.person, s.odooId, `R${round} E ${s.person.index}`);
    await until(`${seeded.length} ERP changes in Outlook`, async () => updated.size >= seeded.length, giveUpMs, 200);
    return await figures(world, since, seeded.length);
  } finally {
    stop();
  }
}
