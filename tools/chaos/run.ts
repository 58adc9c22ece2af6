/**
 * One chaos run's phases over a started world: seed events on both sides, connect everyone and let the first sync
 * settle, then people edit while the monkey injects faults and kills processes, then quiet (faults cleared, the
 * conflicts people see resolved by them) until both sides agree, then a final admin sync of every mailbox and the
 * final comparison. Returns every figure; printing is the CLI's.
 */
import { request } from 'undici';
import { queryRows } from '../harness/dump';
import type { World } from '../harness/world';
import { clean, compare, type Comparison } from './compare';
import type { ErpSide } from './erp-side';
import type { ChaosMonkey } from './faults';
import type { Ledger } from './ledger';
import type { OutlookSide } from './outlook-side';
import type { People } from './people';
import type { Random } from './random';

export interface RunOptions {
  events: number;
  edits: number;
  /** People's actions per second. */
  rate: number;
  faultEverySeconds: number;
  killEverySeconds: number;
  convergeLimitSeconds: number;
  /** How long the first sync of the seeded events may take before the run goes on without agreement. */
  firstSyncLimitSeconds: number;
  log(line: string): void;
}

export interface RunParts {
  world: World;
  ledger: Ledger;
  people: People;
  monkey: ChaosMonkey;
  outlook: OutlookSide;
  erp: ErpSide;
  random: Random;
}

export interface RunResult {
  seeded: { singles: number; series: number };
  initialSyncSeconds: number | null;
  edits: number;
  activeSeconds: number;
  conflictsResolved: number;
  /** Tokens of events with a conflict although only one side was ever edited by a person. */
  falseConflicts: string[];
  convergeSeconds: number | null;
  final: Comparison;
  /** Mails sent, by side and kind (people never send any: every one here was caused by the sync). */
  mails: { outlook: Record<string, number>; erp: Record<string, number> };
  /** Mapping rows not synced after the graceful stop, with their error, for the report. */
  unsettled: Array<{ status: string; code: string | null; message: string | null; title: string | null }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(parts: RunParts, options: RunOptions): Promise<RunResult> {
  const { world, ledger, people, monkey, random } = parts;
  const log = options.log;
  const compareNow = () =>
    compare({ people: world.people, ledger, outlook: parts.outlook, erp: parts.erp, databaseUrl: world.databaseUrl });

  // 1. Seed: events on both sides, a fifth of them series, before anyone connects (as on a customer's first day).
  const seeded = { singles: 0, series: 0 };
  for (let i = 0; i < options.events; i += 1) {
    const series = random.chance(0.2);
    await people.create(i % world.people.length, random.chance(0.5) ? 'outlook' : 'erp', series);
    seeded[series ? 'series' : 'singles'] += 1;
  }
  log(`seeded ${seeded.singles} single events and ${seeded.series} series over ${world.people.length} mailboxes`);
  for (const person of world.people) await world.connect(person);
  const initialSyncSeconds = await converge(compareNow, options.firstSyncLimitSeconds, log, 'first sync');

  // 2. People act while the monkey works.
  let conflictsResolved = 0;
  const falseConflicts = new Set<string>();
  const started = Date.now();
  let nextFault = Date.now() + options.faultEverySeconds * 1000;
  let nextKill = Date.now() + options.killEverySeconds * 1000 * (0.5 + random.next());
  let nextResolve = Date.now() + 15_000;
  let killing: Promise<unknown> = Promise.resolve();
  for (let edit = 0; edit < options.edits; edit += 1) {
    const stepStarted = Date.now();
    await people.step();
    if (Date.now() >= nextFault) {
      // A control call the busy emulator dropped skips that fault; it must not end the run (a full run died so).
      await monkey.inject().catch((error: unknown) => log(`  a fault could not be injected: ${String(error)}`));
      nextFault = Date.now() + options.faultEverySeconds * 1000 * (0.5 + random.next());
    }
    await monkey.tick();
    if (Date.now() >= nextKill) {
      killing = killing.then(() =>
        monkey.kill().then((what) => log(`  killed the ${what} (SIGKILL) and started it again`)),
      );
      nextKill = Date.now() + options.killEverySeconds * 1000 * (0.5 + random.next());
    }
    if (Date.now() >= nextResolve) {
      // The backend may be down (killed): the person looks again later.
      conflictsResolved += await resolveConflicts(parts, falseConflicts).catch(() => 0);
      nextResolve = Date.now() + 15_000;
    }
    if ((edit + 1) % 100 === 0) log(`  ${edit + 1} edits, ${monkey.total()} faults, ${monkey.kills} kills`);
    await sleep(Math.max(0, 1000 / options.rate - (Date.now() - stepStarted)));
  }
  await killing;
  const activeSeconds = Math.round((Date.now() - started) / 1000);

  // 3. Quiet: no fault left; people answer the conflicts their pane shows; wait until both sides agree.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await monkey.clear();
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(2_000);
    }
  }
  log(`quiet after ${activeSeconds} s of edits`);
  const quietStarted = Date.now();
  let convergeSeconds: number | null = null;
  let lastQuiet: Comparison | undefined;
  while ((Date.now() - quietStarted) / 1000 < options.convergeLimitSeconds) {
    // A look that failed (the busy emulator dropped a control call) is a missed look, not the end of the run.
    conflictsResolved += (await resolveConflicts(parts, falseConflicts).catch(missedLook(log))) ?? 0;
    lastQuiet = (await compareNow().catch(missedLook(log))) ?? lastQuiet;
    if (lastQuiet !== undefined && clean(lastQuiet)) {
      convergeSeconds = Math.round((Date.now() - quietStarted) / 1000);
      break;
    }
    await sleep(5_000);
  }
  log(
    convergeSeconds === null
      ? `not converged after ${options.convergeLimitSeconds} s`
      : `converged in ${convergeSeconds} s`,
  );
  // What still differed when the quiet period ended: the final admin sync may hide it from the figures.
  if (convergeSeconds === null)
    for (const f of lastQuiet?.findings.slice(0, 10) ?? []) log(`  still ${f.verdict}: ${f.token} ${f.detail}`);

  // 4. A final sync of every mailbox through the admin API, then the comparison that counts. A conflict the final
  // sync shows is answered by its person, and that answer is carried out by one more sync of every mailbox.
  for (let round = 0; round < 3; round += 1) {
    for (const person of world.people) await adminSync(world, person.email);
    const answered = await resolveConflicts(parts, falseConflicts);
    conflictsResolved += answered;
    if (answered === 0) break;
  }
  // A graceful stop lets runs in flight finish: a run still `running` after it was abandoned and never closed.
  await world.backend.stop();
  for (const worker of world.workers) await worker.stop();
  const final = await compareNow();
  const mail = await world.control.call<{ value: Array<{ kind: string }> }>('GET', '/mail-log');
  const outlookMails: Record<string, number> = {};
  for (const entry of mail.value) outlookMails[entry.kind] = (outlookMails[entry.kind] ?? 0) + 1;
  const unsettled = await queryRows<{
    status: string;
    code: string | null;
    message: string | null;
    title: string | null;
  }>(
    world.databaseUrl,
    `select status, last_error_code as code, last_error_message as message, base_json as title from mappings
     where status in ('error', 'conflict', 'pending')`,
  );
  return {
    seeded,
    initialSyncSeconds,
    edits: options.edits,
    activeSeconds,
    conflictsResolved,
    falseConflicts: [...falseConflicts],
    convergeSeconds,
    final,
    mails: { outlook: outlookMails, erp: parts.erp.mailKinds() },
    unsettled: unsettled.map((u) => ({
      ...u,
      title: u.title === null ? null : String((JSON.parse(u.title) as { title?: string }).title ?? ''),
    })),
  };
}

async function converge(
  compareNow: () => Promise<Comparison>,
  limitSeconds: number,
  log: (line: string) => void,
  what: string,
): Promise<number | null> {
  const started = Date.now();
  let last: Comparison | undefined;
  while ((Date.now() - started) / 1000 < limitSeconds) {
    last = (await compareNow().catch(missedLook(log))) ?? last;
    if (last !== undefined && clean(last)) {
      const seconds = Math.round((Date.now() - started) / 1000);
      log(`${what}: both sides agree after ${seconds} s`);
      return seconds;
    }
    await sleep(5_000);
  }
  log(
    `${what}: sides still differ after ${limitSeconds} s (lost ${last?.lost}, duplicated ${last?.duplicated}, diverged ${last?.diverged})`,
  );
  return null;
}

/** Logs a failed look with its cause (undici's `fetch failed` hides it) and stands for no result. */
function missedLook(log: (line: string) => void) {
  return (error: unknown): undefined => {
    const cause = error instanceof Error && error.cause !== undefined ? ` (${String(error.cause)})` : '';
    log(`  a look at both sides failed and is retried: ${String(error)}${cause}`);
    return undefined;
  };
}

async function adminSync(world: World, mailbox: string): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const answer = await request(`${world.url}/admin/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mailbox }),
      dispatcher: world.dispatcher,
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    await answer.body.dump();
    if (answer.statusCode < 300) return;
    await sleep(2_000);
  }
}

/**
 * Conflicts the people's panes show: each person answers, field by field, with a random side. A conflict on an
 * event only one side was ever edited on is a false conflict (the sync took its own write for a person's).
 */
async function resolveConflicts(parts: RunParts, falseConflicts: Set<string>): Promise<number> {
  const { world, ledger, random } = parts;
  const rows = await queryRows<{ outlook_id: string; email: string }>(
    world.databaseUrl,
    `select m.outlook_id, b.email from mappings m join mailboxes b on b.id = m.mailbox_id
     where m.status = 'conflict' and m.outlook_id is not null`,
  );
  let resolved = 0;
  // One listing of a mailbox per round, not one per conflict row (a full run holds dozens of conflicts at once).
  const listings = new Map<string, ReturnType<OutlookSide['items']>>();
  const itemsOf = (personId: string) => {
    const known = listings.get(personId) ?? parts.outlook.items(personId);
    listings.set(personId, known);
    return known;
  };
  for (const row of rows) {
    const person = world.people.find((p) => p.email === row.email);
    if (person === undefined) continue;
    const token = await world.addinToken(person);
    const path = `${world.url}/api/events/${encodeURIComponent(row.outlook_id)}`;
    const status = await request(path, { headers: { authorization: `Bearer ${token}` }, dispatcher: world.dispatcher });
    if (status.statusCode !== 200) {
      await status.body.dump();
      continue;
    }
    const body = (await status.body.json()) as { conflicts?: Array<{ field: string }>; link?: unknown };
    const fields = (body.conflicts ?? []).map((c) => c.field);
    if (fields.length === 0) continue;
    const eventToken = (await itemsOf(person.id)).find((i) => i.id === row.outlook_id)?.subject.match(/\[c\d+\]/)?.[0];
    const event = eventToken === undefined ? undefined : ledger.events.get(eventToken);
    if (event && ledger.editedSides(event).size < 2) falseConflicts.add(event.token);
    const choices = Object.fromEntries(fields.map((f) => [f, random.chance(0.5) ? 'outlook' : 'erp']));
    const answer = await request(`${path}/conflicts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ choices }),
      dispatcher: world.dispatcher,
    });
    await answer.body.dump();
    if (answer.statusCode < 300) {
      resolved += 1;
      if (eventToken) ledger.record(eventToken, 'outlook', 'resolve', JSON.stringify(choices));
    }
  }
  return resolved;
}
