/**
 * One synced person making changes: K edits in Outlook (a Graph notification starts the run), then K edits in
 * Odoo (found by the ERP change feed / poll), each timed until the other side has it and counted until the runs
 * it caused (our own write's echo included) are over. Then what a run costs when nothing changed, and what an
 * idle interval costs.
 */
import type { Counts } from '../lib/emulators';
import { quiet, sleep, until } from '../lib/observe';
import {
  addPeople,
  connect,
  editOdoo,
  editOutlook,
  odooNames,
  outlookSubjects,
  seedOdoo,
  seedOutlook,
} from '../lib/people';
import { startWorld, type WorldOptions } from '../lib/world';

export interface Percentiles {
  n: number;
  p50Seconds: number;
  p95Seconds: number;
  maxSeconds: number;
}

export interface ChangeCost {
  graphRequests: number;
  erpCalls: number;
  runs: number;
}

export interface ChangesResult {
  edits: number;
  erpPollSeconds: number;
  outlookToErp: Percentiles & ChangeCost;
  erpToOutlook: Percentiles & ChangeCost;
  /** A run of a mailbox where nothing changed (asked by the admin API). */
  idleRun: ChangeCost & { seconds: number };
  /** A mailbox nobody touches, per ERP poll interval. */
  idleInterval: ChangeCost & { intervals: number };
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
  return { n: sorted.length, p50Seconds: at(50), p95Seconds: at(95), maxSeconds: at(100) };
}

function cost(c: Counts, runs: number, per: number): ChangeCost {
  return { graphRequests: c.graph / per, erpCalls: c.erp / per, runs: runs / per };
}

export async function changes(
  edits: number,
  erpPollSeconds: number,
  base: Omit<WorldOptions, 'name' | 'erpPollSeconds'>,
): Promise<ChangesResult> {
  const world = await startWorld({ ...base, name: 'changes', erpPollSeconds });
  try {
    const { emulators, observer } = world;
    const [person] = await addPeople(emulators, 1, 'changes');
    const outlookIds = await seedOutlook(emulators, person!, 20);
    const odooIds = seedOdoo(emulators, person!, 20);
    await connect(emulators, world.backend.url!, person!);
    await until('the first sync', async () => (await observer.runs()).started >= 1, 60_000);
    await quiet(observer, 2000, 120_000);
    const mailboxId = await observer.mailboxIdByEmail(person!.email);

    const measure = async (
      edit: (i: number) => Promise<string>,
      arrived: (name: string) => Promise<boolean>,
      beforeEdit: () => Promise<void> = async () => undefined,
    ) => {
      const seconds: number[] = [];
      const before = emulators.counts();
      const runsBefore = (await observer.runs()).started;
      for (let i = 0; i < edits; i += 1) {
        await quiet(observer, 700, 60_000);
        await beforeEdit();
        const t0 = performance.now();
        const name = await edit(i);
        await until(`"${name}" to arrive`, () => arrived(name), 120_000, 20);
        seconds.push((performance.now() - t0) / 1000);
      }
      await quiet(observer, 2000, 60_000);
      const runs = (await observer.runs()).started - runsBefore;
      return { ...percentiles(seconds), ...cost(emulators.since(before), runs, edits) };
    };
    const outlookEdit = async (i: number) => {
      const name = `Outlook edit ${i}`;
      await editOutlook(emulators, person!, outlookIds[i % outlookIds.length]!, name);
      return name;
    };
    const odooEdit = async (i: number) => {
      const name = `ERP edit ${i}`;
      editOdoo(emulators, person!, odooIds[i % odooIds.length]!, name);
      return name;
    };
    // A uniform phase against the poll's timer, as a person's edit would have (not counted in the time).
    const phase = () => sleep(Math.random() * erpPollSeconds * 1000);
    const outlookToErp = await measure(outlookEdit, async (name) => odooNames(emulators, person!).includes(name));
    const erpToOutlook = await measure(
      odooEdit,
      async (name) => (await outlookSubjects(emulators, person!)).includes(name),
      phase,
    );

    await quiet(observer, 700, 60_000);
    const idleBefore = emulators.counts();
    const t0 = performance.now();
    const answer = await fetch(`${world.backend.url}/admin/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mailbox: mailboxId }),
    });
    if (answer.status !== 200) throw new Error(`admin sync: ${answer.status} ${await answer.text()}`);
    const idleRun = { ...cost(emulators.since(idleBefore), 1, 1), seconds: (performance.now() - t0) / 1000 };

    const intervals = 3;
    await quiet(observer, 700, 60_000);
    const intervalBefore = emulators.counts();
    const runsBefore = (await observer.runs()).started;
    await sleep(intervals * erpPollSeconds * 1000);
    const idleInterval = {
      ...cost(emulators.since(intervalBefore), (await observer.runs()).started - runsBefore, intervals),
      intervals,
    };
    return { edits, erpPollSeconds, outlookToErp, erpToOutlook, idleRun, idleInterval };
  } finally {
    await world.stop();
  }
}
