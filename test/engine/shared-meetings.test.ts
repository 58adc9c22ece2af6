/**
 * Issue 13 Must 5 (case 6): one meeting, one ERP record across a tenant's mailboxes. Megan organizes a meeting with
 * Adele in Outlook (the Microsoft 365 emulator puts Adele's copy in her calendar, same iCalUId); both mark it; both
 * mailboxes sync with one engine and one store against the Odoo emulator, in either order, quiet and full.
 */
import pino from 'pino';
import { createCalendarService } from '../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID, MEGAN_ID } from '../../sandbox/microsoft365/world/seed';
import { startOdooEmulator, type OdooEmulator } from '../../sandbox/odoo/server';
import type { SyncPolicy } from '../../server/core';
import { createSyncEngine, graphOutlookSide, type SyncEngine } from '../../server/engine';
import { createOdooAdapter } from '../../server/erp/odoo';
import { openStore, type Mailbox, type Store } from '../../server/store';
import { graphCall, startEmulator } from '../sandbox/microsoft365/helpers';

const silent = pino({ level: 'silent' });
const PREFER = { Prefer: 'IdType="ImmutableId"' };
const DAY = 86_400_000;

interface Shared {
  m365: Microsoft365Emulator;
  odoo: OdooEmulator;
  store: Store;
  engine: SyncEngine;
  adele: Mailbox;
  megan: Mailbox;
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

async function startShared(policy: Partial<SyncPolicy>): Promise<Shared> {
  const m365 = await startEmulator({ calendar: createCalendarService });
  const odoo = await startOdooEmulator({ version: '19.0' });
  odoo.control.createUser({ login: 'megan@contoso.example', name: 'Megan Bowen', tz: 'Europe/Paris' });
  const tokens: Record<string, string> = {};
  for (const user of [ADELE_ID, MEGAN_ID])
    tokens[user] = await m365.control.mintGraphToken({ user, scopes: ['Calendars.ReadWrite'] });
  const store = await openStore({ databaseUrl: 'file::memory:' });
  await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy });
  const mailbox = (userObjectId: string, email: string) =>
    store.mailboxes.upsert({ tenantId: CONTOSO_TENANT_ID, userObjectId, upn: email, email, status: 'connected' });
  const adele = await mailbox(ADELE_ID, 'adele@contoso.example');
  const megan = await mailbox(MEGAN_ID, 'megan@contoso.example');
  const clock = { now: () => new Date() };
  const erp = createOdooAdapter({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey: odoo.users.admin.apiKey,
    protocol: 'auto',
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
  const engine = createSyncEngine({ store, erp, outlook, clock, logger: silent, workerId: 'shared' });
  return {
    m365,
    odoo,
    store,
    engine,
    adele,
    megan,
    tokens,
    stop: async () => {
      await store.close();
      await odoo.stop();
      await m365.stop();
    },
  };
}

async function graph(w: Shared, user: string, method: string, path: string, body?: unknown) {
  const answer = await graphCall(w.m365, w.tokens[user]!, method, `/users/${user}${path}`, body, PREFER);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Megan's meeting with Adele, marked in Megan's calendar; answers Megan's id and Adele's copy's id. */
async function meeting(w: Shared, subject: string, days: number): Promise<{ megan: string; adele: string }> {
  const date = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  const made = await graph(w, MEGAN_ID, 'POST', '/events', {
    subject,
    body: { contentType: 'html', content: `<p>${subject}</p>` },
    start: { dateTime: `${date}T10:00:00`, timeZone: 'Europe/Paris' },
    end: { dateTime: `${date}T11:00:00`, timeZone: 'Europe/Paris' },
    categories: ['ERP'],
    attendees: [{ emailAddress: { address: 'adele@contoso.example', name: 'Adele Vance' }, type: 'required' }],
  });
  const copies = (await calendar(w, ADELE_ID)).filter((e) => e.subject === subject);
  expect(copies).toHaveLength(1);
  expect(copies[0]!.iCalUId).toBe(made.iCalUId);
  return { megan: String(made.id), adele: String(copies[0]!.id) };
}

async function calendar(w: Shared, user: string): Promise<Array<Record<string, unknown>>> {
  const answer = await fetch(`${w.m365.baseUrl}/_control/mailboxes/${user}/events`);
  return ((await answer.json()) as { value: Array<Record<string, unknown>> }).value;
}

function erpNamed(w: Shared, name: string): Array<Record<string, unknown>> {
  const rows = w.odoo.control.act('admin', 'calendar.event', 'search_read', [[['name', '=', name]], ['name']]);
  return rows as Array<Record<string, unknown>>;
}

async function rowOf(w: Shared, mailbox: Mailbox, outlookId: string) {
  return w.store.mappings.getByOutlookId(mailbox.id, outlookId);
}

describe('one meeting, one ERP record across the tenant (quiet attendees)', () => {
  let w: Shared;
  beforeAll(async () => {
    w = await startShared({});
    await w.engine.syncMailbox(w.adele.id);
    await w.engine.syncMailbox(w.megan.id);
  });
  afterAll(() => w.stop());

  it('when the organizer syncs first and the attendee marks her copy, then her mailbox joins the same ERP record and writes nothing', async () => {
    const ids = await meeting(w, 'Quarterly review', 5);
    expect((await w.engine.syncMailbox(w.megan.id)).applied.erp).toEqual({ create: 1 });
    await graph(w, ADELE_ID, 'PATCH', `/events/${ids.adele}`, { categories: ['ERP'] });

    const adeleRun = await w.engine.syncMailbox(w.adele.id);

    expect(adeleRun.errors).toEqual([]);
    expect(adeleRun.applied).toEqual({ outlook: {}, erp: {} });
    expect(erpNamed(w, 'Quarterly review')).toHaveLength(1);
    const meganRow = await rowOf(w, w.megan, ids.megan);
    expect(await rowOf(w, w.adele, ids.adele)).toMatchObject({ erpId: meganRow!.erpId });
    expect((await calendar(w, ADELE_ID)).filter((e) => e.subject === 'Quarterly review')).toHaveLength(1);
    expect((await w.engine.syncMailbox(w.adele.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when the attendee syncs first, then the organizer joins the record her mailbox made, and later runs of both add nothing', async () => {
    const ids = await meeting(w, 'Supplier visit', 6);
    await graph(w, ADELE_ID, 'PATCH', `/events/${ids.adele}`, { categories: ['ERP'] });
    expect((await w.engine.syncMailbox(w.adele.id)).applied.erp).toEqual({ create: 1 });

    const meganRun = await w.engine.syncMailbox(w.megan.id);

    expect(meganRun.errors).toEqual([]);
    expect(meganRun.applied.erp).toEqual({});
    expect(erpNamed(w, 'Supplier visit')).toHaveLength(1);
    const adeleRow = await rowOf(w, w.adele, ids.adele);
    expect(await rowOf(w, w.megan, ids.megan)).toMatchObject({ erpId: adeleRow!.erpId });
    expect((await w.engine.syncMailbox(w.adele.id)).applied).toEqual({ outlook: {}, erp: {} });
    expect((await w.engine.syncMailbox(w.megan.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when the attendee removes the meeting from her calendar, then the ERP record stays (only her pairing ends)', async () => {
    const ids = await meeting(w, 'Board prep', 7);
    await w.engine.syncMailbox(w.megan.id);
    await graph(w, ADELE_ID, 'PATCH', `/events/${ids.adele}`, { categories: ['ERP'] });
    await w.engine.syncMailbox(w.adele.id);
    await graph(w, ADELE_ID, 'DELETE', `/events/${ids.adele}`);

    const run = await w.engine.syncMailbox(w.adele.id);

    expect(run.errors).toEqual([]);
    expect(run.applied.erp).toEqual({});
    expect(erpNamed(w, 'Board prep')).toHaveLength(1);
    expect(await rowOf(w, w.adele, ids.adele)).toBeUndefined();
  });
});

describe('one meeting, one ERP record across the tenant (full attendees)', () => {
  let w: Shared;
  beforeAll(async () => {
    w = await startShared({ attendees: 'full' });
    await w.engine.syncMailbox(w.adele.id);
    await w.engine.syncMailbox(w.megan.id);
  });
  afterAll(() => w.stop());

  it('when the organizer’s meeting reaches the ERP with the attendee in it, then the attendee’s mailbox mints no second Outlook copy, and joins when she marks hers', async () => {
    const ids = await meeting(w, 'Launch plan', 5);
    await w.engine.syncMailbox(w.megan.id);
    expect(erpNamed(w, 'Launch plan')).toHaveLength(1);

    const first = await w.engine.syncMailbox(w.adele.id);

    expect(first.errors).toEqual([]);
    expect((await calendar(w, ADELE_ID)).filter((e) => e.subject === 'Launch plan')).toHaveLength(1);
    await graph(w, ADELE_ID, 'PATCH', `/events/${ids.adele}`, { categories: ['ERP'] });
    const joined = await w.engine.syncMailbox(w.adele.id);
    expect(joined.applied).toEqual({ outlook: {}, erp: {} });
    expect(erpNamed(w, 'Launch plan')).toHaveLength(1);
    expect((await calendar(w, ADELE_ID)).filter((e) => e.subject === 'Launch plan')).toHaveLength(1);
    const meganRow = await rowOf(w, w.megan, ids.megan);
    expect(await rowOf(w, w.adele, ids.adele)).toMatchObject({ erpId: meganRow!.erpId });
  });
});
