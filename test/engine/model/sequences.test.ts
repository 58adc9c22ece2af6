/**
 * Issue 13.9 / 18: a model-based property test. fast-check generates sequences of a person's actions on both sides
 * (create, rename, move, relocate, delete, in Outlook and in Odoo), syncs with and without faults (Graph down, a
 * Graph answer lost, Odoo down, an Odoo answer lost after its commit, the process dying before it records), and
 * restarts; after two final clean syncs both sides are compared with the model: 0 lost, 0 duplicated, 0 diverged,
 * no standing error or conflict, no mail. PROPERTY_SEQUENCES sets how many sequences run (500 in CI, 60 otherwise),
 * PROPERTY_SEED replays a failure (CI uses fixed seeds).
 */
import fc from 'fast-check';
import { commandArbitraries, copyOf, tokenOf, type Model } from './commands';
import { same, sync, type LogicalEvent } from './model';
import { mailsSent, odooHolds, outlookHolds, type Fields, type Held } from './people';
import { startModelWorld, type ModelWorld } from './world';

/** 500 in CI (issue 13's floor); fewer by default elsewhere so a local engine run stays quick. */
const SEQUENCES = Number(process.env.PROPERTY_SEQUENCES ?? (process.env.CI === 'true' ? 500 : 60));
/**
 * Sequences run in batches of 25, one test each, so no test runs for minutes (issue 16) and a failure names its
 * batch. CI runs one fixed set: batch i draws from seed CI_SEED + i, the same every run, so a red CI always
 * reproduces (PROPERTY_SEED=<the batch's seed> PROPERTY_SEQUENCES=25); elsewhere each run draws new ones.
 * PROPERTY_SEED runs one batch of PROPERTY_SEQUENCES from that seed (a counterexample's replay).
 */
const BATCH = 25;
const CI_SEED = 20261203;
const REPLAY_SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const batches: { runs: number; seed: number | undefined }[] =
  REPLAY_SEED !== undefined
    ? [{ runs: SEQUENCES, seed: REPLAY_SEED }]
    : Array.from({ length: Math.ceil(SEQUENCES / BATCH) }, (_, i) => ({
        runs: Math.min(BATCH, SEQUENCES - i * BATCH),
        seed: process.env.CI === 'true' ? CI_SEED + i : undefined,
      }));
const MAX_COMMANDS = 14;

let world: ModelWorld;
const totals = { sequences: 0, steps: 0, syncs: 0, lost: 0, duplicated: 0, diverged: 0 };

beforeAll(async () => {
  // Outlook wins a field changed on both sides (the model needs a deterministic policy); the rest is the default.
  world = await startModelWorld({ conflicts: 'outlook' });
});
afterAll(async () => {
  console.log(
    `property test: ${totals.sequences} sequences, ${totals.steps} steps; ` +
      `lost ${totals.lost}, duplicated ${totals.duplicated}, diverged ${totals.diverged}`,
  );
  await world?.stop();
});

const fieldsOf = (h: Held | null): Fields | null =>
  h === null ? null : { title: h.title, start: h.start, location: h.location };

/** What is wrong with one logical event after the final syncs, or null. */
function verdict(event: LogicalEvent, o: Held | null, e: Held | null): string | null {
  const real = { o: fieldsOf(o), e: fieldsOf(e) };
  if (event.candidates.some((c) => same(c.o, real.o) && same(c.e, real.e))) return null;
  const expected = JSON.stringify(event.candidates.map((c) => ({ o: c.o, e: c.e })));
  const kind = real.o !== null && real.e !== null ? 'diverged' : 'lost';
  return `${kind}: k${event.k} holds ${JSON.stringify(real)}, the model allows ${expected}`;
}

async function finalCheck(model: Model): Promise<void> {
  for (let i = 0; i < 2; i += 1) {
    await world.sync();
    for (const event of model.events) sync(event, false);
  }
  const outlook = await outlookHolds(world);
  const odoo = odooHolds(world);
  const problems: string[] = [];
  for (const held of [...outlook, ...odoo]) {
    if (tokenOf(held.title) === null) problems.push(`a copy nobody made: ${held.title}`);
  }
  for (const event of model.events) {
    let copies: { o: Held | null; e: Held | null };
    try {
      copies = { o: copyOf(outlook, event.k), e: copyOf(odoo, event.k) };
    } catch (error) {
      totals.duplicated += 1;
      problems.push((error as Error).message);
      continue;
    }
    const wrong = verdict(event, copies.o, copies.e);
    if (wrong === null) continue;
    if (wrong.startsWith('diverged')) totals.diverged += 1;
    else totals.lost += 1;
    problems.push(wrong);
  }
  const stuck = await world.store.mappings.listByMailbox(world.mailbox.id, { status: ['error', 'conflict'] });
  for (const row of stuck)
    problems.push(`standing ${row.status}: ${row.lastErrorMessage ?? JSON.stringify(row.conflict)}`);
  if ((await mailsSent(world)) > 0) problems.push('mail was sent in quiet mode');
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

describe(`${SEQUENCES} random sequences of people's actions, syncs, restarts and faults`, () => {
  test.each(batches.map((batch, i) => ({ ...batch, i: i + 1 })))(
    'batch $i ($runs sequences, seed $seed) ends with both sides as the model says',
    async ({ runs, seed }) => {
      await fc.assert(
        fc.asyncProperty(commandArbitraries(MAX_COMMANDS), async (commands) => {
          await world.fresh();
          const model: Model = { events: [], steps: 0 };
          await fc.asyncModelRun(() => ({ model, real: { world } }), commands);
          await finalCheck(model);
          totals.sequences += 1;
          totals.steps += model.steps;
        }),
        { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
      );
    },
    // 25 sequences take 15-20 s on the idle 2-core machine; generous for a loaded one.
    600_000,
  );
});
