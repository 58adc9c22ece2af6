/**
 * Issue 19 Must 3: one ERP change feed per tenant. Three connected mailboxes of one tenant (Adele, Megan, Alex) on
 * the Odoo emulator: an idle interval costs exactly one Odoo call for the tenant (the emulator's request counter)
 * and an idle mailbox run none; an Odoo edit flags only the owner's and attendees' mailboxes; an Odoo delete
 * (unlink, which stamps nothing) reaches Outlook at the next tick; a restart keeps every digest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createCalendarService } from '../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, ALEX_ID, CONTOSO_TENANT_ID, MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import { startOdooEmulator, type OdooEmulator } from '../../sandbox/odoo/server';
import { createSyncEngine, graphOutlookSide, type SyncEngine } from '../../server/engine';
import { createOdooAdapter } from '../../server/erp/odoo';
import { createRunHandler, createSyncMetrics } from '../../server/jobs';
import { openStore, type Mailbox, type Store } from '../../server/store';
import { startEmulator } from '../sandbox/microsoft365/helpers';

const silent = pino({ level: 'silent' });
const PEOPLE = [
  { id: ADELE_ID, email: 'adele@contoso.example' },
  { id: MEGAN_ID, email: 'megan@contoso.example' },
  { id: ALEX_ID, email: 'alex@contoso.example' },
];

let dir: string;
let m365: Microsoft365Emulator;
let odoo: OdooEmulator;
let store: Store;
let engine: SyncEngine;
const tokens: Record<string, string> = {};
const mailboxes: Record<string, Mailbox> = {};

/** Opens the store in `dir` and wires an engine with a new adapter: what a process start does. */
async function startProcess(): Promise<void> {
  store = await openStore({ databaseUrl: `file:${join(dir, 'sync.db')}` });
  const clock = { now: () => new Date() };
  const erp = createOdooAdapter({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey: odoo.users.admin.apiKey,
    protocol: 'json2',
    clock,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 10_000,
  });
  const outlook = graphOutlookSide({
    graphBaseUrl: m365.graphBaseUrl,
    getAccessToken: async (m) => tokens[m.userObjectId]!,
    logger: silent,
    clock,
  });
  engine = createSyncEngine({ store, erp, outlook, clock, logger: silent, workerId: 'feed' });
}

const odooCalls = () => odoo.control.calls().total;
const nameOf = (id: string) => PEOPLE.find((p) => mailboxes[p.email]!.id === id)!.email.split('@')[0]!;

/** One tick of the feed: the names of the mailboxes it answers due, and the Odoo calls it cost. */
async function tick(): Promise<{ due: string[]; calls: number }> {
  const before = odooCalls();
  const due = (await engine.checkErpFeed())!;
  return { due: due.map(nameOf).sort(), calls: odooCalls() - before };
}

/** Runs the due mailboxes as the queue would. */
async function runAll(names: string[]): Promise<void> {
  for (const name of names) await engine.syncMailbox(mailboxes[`${name}@contoso.example`]!.id, 'notification');
}

/**
 * The tick after a change flags the same mailboxes once more (a same-second edit leaves the digest as it was:
 * erp-feed.ts `settle`); after their runs, nothing is due.
 */
async function settle(names: string[]): Promise<void> {
  expect((await tick()).due).toEqual(names);
  await runAll(names);
  expect((await tick()).due).toEqual([]);
}

function partnerOf(login: string): number {
  const [user] = odoo.control.act(odoo.users.admin.login, 'res.users', 'search_read', [], {
    domain: [['login', '=', login]],
    fields: ['partner_id'],
  }) as Array<{ partner_id: [number, string] }>;
  return user!.partner_id[0];
}

const naive = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
function createInOdoo(as: string, name: string, attendees: string[] = []): number {
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCHours(10, 0, 0, 0);
  const [id] = odoo.control.act(as, 'calendar.event', 'create', [
    [
      {
        name,
        start: naive(start),
        stop: naive(new Date(start.getTime() + 3_600_000)),
        partner_ids: [[6, 0, [partnerOf(as), ...attendees.map(partnerOf)]]],
      },
    ],
  ]) as number[];
  return id!;
}

async function outlookSubjects(userId: string): Promise<string[]> {
  const answer = await fetch(`${m365.baseUrl}/_control/mailboxes/${userId}/events`);
  return ((await answer.json()) as { value: Array<{ subject: string }> }).value.map((e) => e.subject);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erp-feed-'));
  m365 = await startEmulator({ calendar: createCalendarService });
  odoo = await startOdooEmulator({ version: '19.0' });
  odoo.control.createUser({ login: 'megan@contoso.example', name: 'Megan Bowen', tz: 'Europe/Paris' });
  odoo.control.createUser({ login: 'alex@contoso.example', name: 'Alex Wilber', tz: 'Europe/Paris' });
  for (const p of PEOPLE)
    tokens[p.id] = await m365.control.mintGraphToken({ user: p.id, scopes: ['Calendars.ReadWrite'] });
  await startProcess();
  await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy: {} });
  for (const p of PEOPLE) {
    mailboxes[p.email] = await store.mailboxes.upsert({
      tenantId: CONTOSO_TENANT_ID,
      userObjectId: p.id,
      upn: p.email,
      email: p.email,
      status: 'connected',
    });
  }
}, 60_000);

afterAll(async () => {
  await store?.close();
  await odoo?.stop();
  await m365?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('one ERP change feed per tenant (Odoo emulator)', () => {
  it('when the feed first sees the tenant, then every mailbox is due once, and after their runs none', async () => {
    const first = await tick();
    expect(first.due).toEqual(['adele', 'alex', 'megan']);
    await runAll(first.due);
    await settle(first.due);
  });

  it('when nothing changes, then each interval costs exactly 1 Odoo call for the tenant and a mailbox run none', async () => {
    for (let interval = 0; interval < 3; interval += 1) expect(await tick()).toEqual({ due: [], calls: 1 });
    // A run for Outlook's sake (a notification, the outlook poll) does not read the ERP when the feed saw nothing.
    const adele = mailboxes['adele@contoso.example']!.id;
    // The first run after the first sync meets the echo of its Outlook creates and reads those records by id.
    await engine.syncMailbox(adele, 'notification');
    const before = odooCalls();
    const summary = await engine.syncMailbox(adele, 'notification');
    expect(summary.status).toBe('succeeded');
    expect(odooCalls() - before).toBe(0);
  });

  it('when Megan makes a meeting with Adele in Odoo, then only Megan and Adele are due, and it reaches them', async () => {
    createInOdoo('megan@contoso.example', 'Feed: Megan with Adele', ['adele@contoso.example']);
    const after = await tick();
    expect(after).toEqual({ due: ['adele', 'megan'], calls: 1 });
    await runAll(after.due);
    expect(await outlookSubjects(MEGAN_ID)).toContain('Feed: Megan with Adele');
    await settle(['adele', 'megan']);
  });

  it('when Megan answers a meeting of Adele in Odoo alone, then the next tick flags both, though the event is unchanged', async () => {
    const id = createInOdoo('adele@contoso.example', 'Feed: answer me', ['megan@contoso.example']);
    await runAll((await tick()).due);
    await settle(['adele', 'megan']);
    const [megansAnswer] = odoo.control.act(odoo.users.admin.login, 'calendar.attendee', 'search', [
      [
        ['event_id', '=', id],
        ['partner_id', '=', partnerOf('megan@contoso.example')],
      ],
    ]) as number[];
    // What Odoo's own Accept button does: the attendee's state moves, the event's write_date does not.
    odoo.control.act('megan@contoso.example', 'calendar.attendee', 'write', [[megansAnswer!], { state: 'accepted' }]);
    const after = await tick();
    expect(after).toEqual({ due: ['adele', 'megan'], calls: 1 });
    await runAll(after.due);
    await settle(['adele', 'megan']);
  });

  it('when Adele deletes an event in Odoo (unlink), then the next tick flags her and her run removes it from Outlook', async () => {
    const id = createInOdoo('adele@contoso.example', 'Feed: to be deleted');
    await runAll((await tick()).due);
    await settle(['adele']);
    expect(await outlookSubjects(ADELE_ID)).toContain('Feed: to be deleted');
    odoo.control.act('adele@contoso.example', 'calendar.event', 'unlink', [[id]]);
    const after = await tick();
    expect(after).toEqual({ due: ['adele'], calls: 1 });
    await runAll(after.due);
    expect(await outlookSubjects(ADELE_ID)).not.toContain('Feed: to be deleted');
    await settle(['adele']);
  });

  it('when the process restarts, then the digests are kept: nothing is due, and idle ticks cost 1 call again', async () => {
    await store.close();
    await startProcess();
    // The new process learns the people's partners once (one call for the tenant), then only the feed's call.
    expect(await tick()).toEqual({ due: [], calls: 2 });
    expect(await tick()).toEqual({ due: [], calls: 1 });
    createInOdoo('alex@contoso.example', 'Feed: after restart');
    expect((await tick()).due).toEqual(['alex']);
  });

  it('when Alex presses "Sync now" before the next tick, then his run reads Odoo at once and brings his Odoo edit', async () => {
    await runAll((await tick()).due);
    createInOdoo('alex@contoso.example', 'Feed: asked for now');
    const handler = createRunHandler({ store, engine, metrics: createSyncMetrics(), logger: silent });
    await handler(mailboxes['alex@contoso.example']!.id, [{ kind: 'manual', at: new Date().toISOString() }], {
      signal: new AbortController().signal,
    });
    expect(await outlookSubjects(ALEX_ID)).toContain('Feed: asked for now');
  });
});
