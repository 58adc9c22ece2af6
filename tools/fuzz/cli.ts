/**
 * `npm run fuzz [-- --quick] [--requests N] [--seed S] [--people P] [--concurrency C] [--database sqlite|postgres]`:
 * thousands of malformed or hostile requests against the add-in API, the webhooks and the admin API of a backend
 * running as in production (child process, emulators over HTTPS). Prints, and fails on any non-zero: 5xx,
 * error bodies that are not JSON problems, bodies with stacks or paths, forged credentials accepted, another
 * person's data in an answer, requests left unanswered, crashes, and changes to stored data (database and both
 * emulators, dumped before and after). The last line is one JSON object with every figure.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { startWorld, type World } from '../harness/world';
import { compareDumps, dumpDatabase, queryRows, type Dump } from '../harness/dump';
import { fuzzRequests, type FuzzMaterial, type FuzzRequest } from './requests';
import { send } from './send';
import { adminBearers, forgedAddinAuthorizations, forgedAdminAuthorizations } from './tokens';
import { judge, type Figure, type Finding, type Markers } from './verdict';

const ROOT = resolve(__dirname, '..', '..');
/** The msal token cache: on-behalf-of reads refresh it; it is a cache, not a person's data. */
// admin_actions: the admin API records every action it refuses (who tried what), by design (issue 14).
const VOLATILE_TABLES = ['token_cache', 'admin_actions'];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    seed: { type: 'string' },
    people: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    database: { type: 'string', default: 'sqlite' },
    keep: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(args.requests ?? (args.quick ? 1_500 : 10_000));
const PEOPLE = Number(args.people ?? (args.quick ? 3 : 8));
const SEED = Number(args.seed ?? Date.now() % 2_147_483_647);
const CONCURRENCY = Number(args.concurrency);
const DATABASE = args.database === 'postgres' ? 'postgres' : 'sqlite';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 120_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** People with two marked events each, connected and synced; returns their tokens, event ids and markers. */
async function seedPeople(
  world: World,
): Promise<{ material: Omit<FuzzMaterial, 'forgedAddin' | 'forgedAdmin' | 'adminBearer'>; markers: Markers }> {
  const people: FuzzMaterial['people'] = [];
  const markers: Markers = { byPerson: [] };
  for (const [index, person] of world.people.entries()) {
    // What only this person's data holds. Not the e-mail address: each person is an Odoo user, whose contact (with
    // the address) Odoo shows every internal user, so the ERP record search (open to connected people with an ERP
    // user) rightly lists it (fuzz seed 1063689726: `q=%%` listed every contact and was counted a leak).
    const mine: string[] = [person.id];
    const eventIds: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const subject = `Fuzz marker ${index}-${n} ${randomBytes(6).toString('hex')}`;
      const start = new Date(Date.now() + (n + 2) * 86_400_000);
      start.setUTCHours(9, 0, 0, 0);
      const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
      const event = await world.control.call<{ id: string }>('POST', `/mailboxes/${person.id}/events?send=false`, {
        subject,
        start: at(start),
        end: at(new Date(start.getTime() + 3_600_000)),
        categories: ['ERP'],
      });
      eventIds.push(event.id);
      mine.push(subject, event.id);
    }
    await world.connect(person);
    // As a person does in the pane's "Your Odoo key" card: the ERP search acts with their own rights.
    await world.linkErpKey(person);
    people.push({ token: await world.addinToken(person), eventIds });
    markers.byPerson.push(mine);
  }
  const expected = world.people.length * 2;
  await waitFor('the first syncs', async () => {
    const [mapped] = await queryRows<{ n: number | string }>(
      world.databaseUrl,
      `select count(*) as n from mappings where erp_id is not null`,
    );
    const [running] = await queryRows<{ n: number | string }>(
      world.databaseUrl,
      `select count(*) as n from sync_runs where status = 'running'`,
    );
    return Number(mapped?.n) >= expected && Number(running?.n) === 0 ? true : undefined;
  });
  const mailboxes = await queryRows<{ id: string; email: string }>(
    world.databaseUrl,
    'select id, email from mailboxes',
  );
  for (const mailbox of mailboxes) {
    const index = world.people.findIndex((p) => p.email === mailbox.email);
    if (index >= 0) markers.byPerson[index]?.push(mailbox.id);
  }
  const subscriptions = await queryRows<{ subscription_id: string }>(
    world.databaseUrl,
    'select subscription_id from graph_subscriptions',
  );
  const tenants = await queryRows<{ id: string }>(world.databaseUrl, 'select id from tenants');
  return {
    material: {
      people,
      adminKey: world.adminKey,
      erpWebhookSecret: world.env['ERP_WEBHOOK_SECRET'] ?? '',
      subscriptionIds: subscriptions.map((s) => s.subscription_id),
      tenantIds: tenants.map((t) => t.id),
      mailboxIds: mailboxes.map((b) => b.id),
    },
    markers,
  };
}

/** Everything stored: the backend's database and both emulators' calendars. */
async function snapshot(world: World): Promise<Dump> {
  const dump = await dumpDatabase(world.databaseUrl, VOLATILE_TABLES);
  for (const person of world.people) {
    const { value } = await world.control.call<{ value: unknown[] }>('GET', `/mailboxes/${person.id}/events`);
    dump.set(`outlook:${person.email}`, value.map((e) => JSON.stringify(e)).sort());
  }
  const erp = (await world.odoo.control.act('admin', 'calendar.event', 'search_read', [
    [['active', 'in', [true, false]]],
    ['name', 'start', 'stop', 'write_date', 'active', 'user_id', 'partner_ids', 'description'],
  ])) as unknown[];
  dump.set('odoo:calendar.event', erp.map((e) => JSON.stringify(e)).sort());
  return dump;
}

/** Warm-up reads a person's pane makes anyway (links the ERP user), so the run starts from a settled store. */
async function warmUp(
  world: World,
  material: Omit<FuzzMaterial, 'forgedAddin' | 'forgedAdmin' | 'adminBearer'>,
): Promise<void> {
  for (const person of material.people) {
    for (const path of [
      '/api/me',
      '/api/erp/records?q=fabri',
      `/api/events/${encodeURIComponent(person.eventIds[0] ?? '')}`,
    ]) {
      await send(world.url, world.dispatcher, '', {
        category: 'warm-up',
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${person.token}` },
        as: 0,
      });
    }
  }
}

/**
 * The requests, made as they are sent in chunks of 100 (chunk i from seed + i, so a seed replays the same run):
 * huge bodies are never all in memory at once, and the emulators in this process are never stalled by one long
 * synchronous burst of generation.
 */
function requestSource(arbitrary: fc.Arbitrary<FuzzRequest>): () => FuzzRequest | undefined {
  let chunk: FuzzRequest[] = [];
  let made = 0;
  let chunkIndex = 0;
  return () => {
    if (chunk.length === 0 && made < REQUESTS) {
      const numRuns = Math.min(100, REQUESTS - made);
      chunk = fc.sample(arbitrary, { seed: SEED + chunkIndex, numRuns });
      chunkIndex += 1;
      made += numRuns;
    }
    return chunk.shift();
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  log(`fuzz: ${REQUESTS} requests, seed ${SEED}, ${PEOPLE} people, ${DATABASE}`);
  const world = await startWorld({
    root: ROOT,
    people: PEOPLE,
    database: DATABASE,
    env: {
      ERP_POLL_SECONDS: '86400',
      SWEEP_HOURS: '1000',
      ERP_WEBHOOK_SECRET: randomBytes(24).toString('base64url'),
    },
  });
  const ca = readFileSync(join(world.dir, 'certs', 'ca.pem'), 'utf8');
  const figures: Record<Figure | 'crashes' | 'dataChanges', number> = {
    fiveHundreds: 0,
    nonJson: 0,
    stackOrPath: 0,
    forgedAccepted: 0,
    leaks: 0,
    unanswered: 0,
    crashes: 0,
    dataChanges: 0,
  };
  const examples: Finding[] = [];
  let restarting: Promise<void> | undefined;
  world.backend.onCrash = (exit) => {
    figures.crashes += 1;
    examples.push({
      figure: 'unanswered',
      request: 'backend process',
      status: 0,
      excerpt: `exited ${JSON.stringify(exit)}`,
    });
    restarting = world.backend.start();
  };
  try {
    const { material, markers } = await seedPeople(world);
    await warmUp(world, material);
    const forgedAddin = await forgedAddinAuthorizations(
      world.m365.baseUrl,
      world.control,
      world.people[0]!.id,
      world.dispatcher,
    );
    const bearers = await adminBearers(world.control, material.people[0]!.token);
    const forgedAdmin = [...forgedAdminAuthorizations(world.adminKey, material.people[0]!.token), ...bearers.forged];
    const before = await snapshot(world);
    const nextRequest = requestSource(
      fuzzRequests({ ...material, forgedAddin, forgedAdmin, adminBearer: bearers.genuine }),
    );
    log(`world ready in ${Math.round((Date.now() - started) / 1000)} s; sending`);
    const categories = new Map<string, number>();
    let next = 0;
    const sendOne = async () => {
      for (;;) {
        const request = nextRequest();
        if (request === undefined) return;
        const index = next++;
        if (restarting) await restarting.catch(() => undefined);
        categories.set(
          request.category.split(':')[0] ?? '',
          (categories.get(request.category.split(':')[0] ?? '') ?? 0) + 1,
        );
        const answer = await send(world.url, world.dispatcher, ca, request);
        for (const finding of judge(request, answer, markers)) {
          figures[finding.figure] += 1;
          if (examples.filter((e) => e.figure === finding.figure).length < 8) examples.push(finding);
        }
        if ((index + 1) % 1000 === 0) log(`  ${index + 1} sent`);
      }
    };
    const sending = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, sendOne));
    const seconds = (Date.now() - sending) / 1000;
    if (restarting) await restarting.catch(() => undefined);
    // Anything the requests set going (a queued sync, a background write) has time to land before the second dump.
    await new Promise((r) => setTimeout(r, 3_000));
    const changes = compareDumps(before, await snapshot(world));
    figures.dataChanges = changes.reduce((n, c) => n + c.added.length + c.removed.length, 0);
    for (const change of changes.slice(0, 8)) {
      examples.push({
        figure: 'unanswered',
        request: `data change in ${change.table}`,
        status: 0,
        excerpt: `+${change.added.slice(0, 2).join(' | ')} -${change.removed.slice(0, 2).join(' | ')}`.slice(0, 600),
      });
    }
    log('');
    log('requests by kind:');
    for (const [kind, n] of [...categories].sort()) log(`  ${kind.padEnd(30)} ${n}`);
    log('');
    log(`fuzz figures (${REQUESTS} requests in ${seconds.toFixed(1)} s, seed ${SEED}):`);
    for (const [name, value] of Object.entries(figures)) log(`  ${name.padEnd(16)} ${value}`);
    const failed = Object.values(figures).some((v) => v > 0);
    if (failed) {
      log('');
      log('examples:');
      for (const e of examples)
        log(`  [${e.figure}] ${e.request} -> ${e.status}: ${e.excerpt.replace(/\s+/g, ' ').slice(0, 300)}`);
      log(`logs: ${world.dir}`);
    }
    log(
      JSON.stringify({
        tool: 'fuzz',
        requests: REQUESTS,
        seed: SEED,
        people: PEOPLE,
        database: DATABASE,
        seconds: Math.round(seconds),
        ...figures,
      }),
    );
    process.exitCode = failed ? 1 : 0;
  } finally {
    await world.stop();
    if (!args.keep && process.exitCode === 0) rmSync(world.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fuzz failed to run: ${(error as Error).stack ?? String(error)}\n${String((error as Error).cause ?? '')}\n`,
  );
  process.exit(2);
});
