/**
 * `npm run chaos [-- --quick] [--mailboxes N] [--events M] [--edits E] [--rate R] [--seed S] [--database postgres
 * --workers W]`: N mailboxes and M events (series, attendees) edited on both sides by simulated people while the
 * emulators inject faults and the backend (and workers) are killed with SIGKILL and restarted; then quiet, a final
 * sync and a comparison of both sides and the mapping table. Prints, and fails on any non-zero: lost, duplicated,
 * diverged, resurrected, invitation mails, false conflicts, unsettled mapping rows, runs left running, and not
 * converging. The last line is one JSON object with every figure.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWorld, type World } from '../harness/world';
import { ErpSide } from './erp-side';
import { ChaosMonkey } from './faults';
import { Ledger } from './ledger';
import { OutlookSide } from './outlook-side';
import { People } from './people';
import { Random } from './random';
import { run, type RunResult } from './run';

const ROOT = resolve(__dirname, '..', '..');
const PEOPLE_APP = '22222222-3333-4444-8555-666666666666';
const CONTOSO = 'a8f3c2d1-4b5e-4c6f-9a7b-1c2d3e4f5a6b';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mailboxes: { type: 'string' },
    events: { type: 'string' },
    edits: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string' },
    database: { type: 'string', default: 'sqlite' },
    workers: { type: 'string' },
    'fault-every': { type: 'string' },
    'kill-every': { type: 'string' },
    'converge-limit': { type: 'string' },
    'first-sync-limit': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const quick = args.quick;
const MAILBOXES = Number(args.mailboxes ?? (quick ? 4 : 20));
const EVENTS = Number(args.events ?? (quick ? 60 : 2_000));
const EDITS = Number(args.edits ?? (quick ? 120 : 3_000));
const RATE = Number(args.rate ?? 4);
const SEED = Number(args.seed ?? Date.now() % 2_147_483_647);
const DATABASE = args.database === 'postgres' ? 'postgres' : 'sqlite';
const WORKERS = DATABASE === 'postgres' ? Number(args.workers ?? 2) : 0;

const STARTED = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);

/** People read their own calendars through Graph with an app of their own (Outlook is not our app). */
async function peopleApp(world: World): Promise<(userId: string) => Promise<string>> {
  await world.control.call('POST', '/apps', {
    clientId: PEOPLE_APP,
    displayName: 'Outlook (the people)',
    homeTenantId: CONTOSO,
    secrets: ['people-app-secret'],
    appIdUri: `api://outlook.example/${PEOPLE_APP}`,
    consents: { [CONTOSO]: { delegated: ['Calendars.ReadWrite', 'User.Read'], application: [] } },
  });
  const tokens = new Map<string, { token: string; until: number }>();
  return async (userId) => {
    const known = tokens.get(userId);
    if (known && known.until > Date.now()) return known.token;
    const token = await world.control.mintGraphToken({
      user: userId,
      clientId: PEOPLE_APP,
      scopes: ['Calendars.ReadWrite'],
    });
    tokens.set(userId, { token, until: Date.now() + 30 * 60_000 });
    return token;
  };
}

function print(result: RunResult, world: World, monkey: ChaosMonkey, people: People, ledger: Ledger): boolean {
  const f = result.final;
  const invitations = (result.mails.outlook['invitation'] ?? 0) + (result.mails.erp['invitation'] ?? 0);
  const figures = {
    lost: f.lost,
    duplicated: f.duplicated,
    diverged: f.diverged,
    resurrected: f.resurrected,
    invitationMails: invitations,
    falseConflicts: result.falseConflicts.length,
    unsettledRows: f.unsettledRows,
    runningRuns: f.runningRuns,
  };
  log('');
  log('edits by people:');
  for (const [kind, n] of [...people.counts].sort()) log(`  ${kind.padEnd(28)} ${n}`);
  log(`  (refused by the person's own client: ${people.failures})`);
  log('faults injected:');
  for (const [kind, n] of [...monkey.faults].sort()) log(`  ${kind.padEnd(28)} ${n}`);
  log(`  SIGKILL + restart            ${monkey.kills}`);
  log('');
  log(
    `chaos figures (seed ${SEED}, ${MAILBOXES} mailboxes, ${result.seeded.singles + result.seeded.series} events, ${[...people.counts.values()].reduce((a, b) => a + b, 0)} edits):`,
  );
  for (const [name, value] of Object.entries(figures)) log(`  ${name.padEnd(18)} ${value}`);
  log(`  converged in       ${result.convergeSeconds === null ? 'NOT CONVERGED' : `${result.convergeSeconds} s`}`);
  log(`  first sync agreed  ${result.initialSyncSeconds === null ? 'NO' : `after ${result.initialSyncSeconds} s`}`);
  log(`  conflicts resolved by people: ${result.conflictsResolved}; events compared: ${f.compared}`);
  log(`  delete/edit races held as conflicts for the admin: ${f.openConflicts}`);
  log(
    `  mails caused by the sync: Outlook ${JSON.stringify(result.mails.outlook)}, ERP ${JSON.stringify(result.mails.erp)}`,
  );
  for (const row of result.unsettled.slice(0, 10)) {
    log(`  unsettled row: ${row.status} ${row.code ?? ''} ${row.message ?? ''} (${row.title ?? 'never synced'})`);
  }
  const failed = Object.values(figures).some((v) => v > 0) || result.convergeSeconds === null;
  if (f.findings.length > 0) {
    log('');
    log('findings (token: what, then what people did to it):');
    for (const finding of f.findings.slice(0, 25)) {
      log(`  ${finding.verdict} ${finding.token} (${finding.owner}): ${finding.detail}`);
      log(`    history: ${ledger.history(finding.token)}`);
    }
  }
  for (const token of result.falseConflicts.slice(0, 10)) {
    log(`  false conflict ${token}: ${ledger.history(token)}`);
  }
  if (failed) log(`logs: ${world.dir}`);
  log(
    JSON.stringify({
      tool: 'chaos',
      seed: SEED,
      mailboxes: MAILBOXES,
      events: result.seeded.singles + result.seeded.series,
      series: result.seeded.series,
      edits: [...people.counts.values()].reduce((a, b) => a + b, 0),
      faults: monkey.total(),
      kills: monkey.kills,
      database: DATABASE,
      workers: WORKERS,
      activeSeconds: result.activeSeconds,
      wallSeconds: Math.round((Date.now() - STARTED) / 1000),
      ...figures,
      convergeSeconds: result.convergeSeconds,
      initialSyncSeconds: result.initialSyncSeconds,
      conflictsResolved: result.conflictsResolved,
      openConflicts: f.openConflicts,
    }),
  );
  return failed;
}

async function main(): Promise<void> {
  log(
    `chaos: seed ${SEED}, ${MAILBOXES} mailboxes, ${EVENTS} events, ${EDITS} edits at ${RATE}/s, ${DATABASE}${WORKERS ? ` with ${WORKERS} workers` : ''}`,
  );
  const world = await startWorld({
    root: ROOT,
    people: MAILBOXES,
    database: DATABASE,
    workers: WORKERS,
    env: { ERP_POLL_SECONDS: quick ? '3' : '5', LOG_LEVEL: 'warn' },
  });
  let failed = true;
  try {
    const random = new Random(SEED);
    const ledger = new Ledger();
    const outlook = new OutlookSide(world.control, world.m365.baseUrl, world.dispatcher, await peopleApp(world));
    const erp = new ErpSide(world.odoo);
    const customerPartners = erp.customers();
    const people = new People({
      people: world.people,
      outlook,
      erp,
      ledger,
      random,
      customerEmails: ['alex@fabrikam.example', 'info@fabrikam.example', 'sales@northwind.example'],
      customerPartners,
    });
    const monkey = new ChaosMonkey({
      control: world.control,
      odoo: world.odoo,
      backend: world.backend,
      workers: world.workers,
      random,
      maxHoldMs: quick ? 20_000 : 60_000,
    });
    world.backend.onCrash = (exit) => log(`  the backend exited on its own: ${JSON.stringify(exit)}`);
    const result = await run(
      { world, ledger, people, monkey, outlook, erp, random },
      {
        events: EVENTS,
        edits: EDITS,
        rate: RATE,
        faultEverySeconds: Number(args['fault-every'] ?? (quick ? 2 : 3)),
        killEverySeconds: Number(args['kill-every'] ?? (quick ? 20 : 45)),
        convergeLimitSeconds: Number(args['converge-limit'] ?? (quick ? 90 : 360)),
        // A full run's first sync copies 2,000 events through both emulators' latency: minutes, not seconds.
        firstSyncLimitSeconds: Number(args['first-sync-limit'] ?? (quick ? 90 : 1_500)),
        log,
      },
    );
    failed = print(result, world, monkey, people, ledger);
  } finally {
    await world.stop();
    if (!args.keep && !failed) rmSync(world.dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause !== undefined ? `\ncaused by: ${String(error.cause)}` : '';
  process.stderr.write(`chaos failed to run: ${(error as Error).stack ?? String(error)}${cause}\n`);
  process.exit(2);
});
