/**
 * The scenario suite's world: the Microsoft 365 emulator, a store in SQLite memory, Adele's mailbox, the engine
 * with the back-end's ERP adapter, and what a person does and sees on each side. What both sides hold is read
 * with the sides' own APIs (Graph calendarView in UTC; Odoo's calendar.event rows), never with the product's
 * mappers, so a scenario's verdict does not depend on the code under test.
 */
import pino from 'pino';
import { createCalendarService } from '../../../sandbox/microsoft365/calendar';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import type { SyncPolicy } from '../../../server/core';
import { createSyncEngine, graphOutlookSide, type RunSummary, type SyncEngine } from '../../../server/engine';
import { openStore, type Mailbox, type Store } from '../../../server/store';
import { graphCall, startEmulator } from '../../sandbox/microsoft365/helpers';
import { ZONE, type ScenarioErp } from './backends';

const silent = pino({ level: 'silent' });
const PREFER = { Prefer: 'IdType="ImmutableId"' };
const DAY = 86_400_000;

export interface ScenarioWorld {
  erp: ScenarioErp;
  m365: Microsoft365Emulator;
  token: string;
  store: Store;
  mailbox: Mailbox;
  engine: SyncEngine;
  sync(): Promise<RunSummary>;
  stop(): Promise<void>;
}

export async function startScenarioWorld(erp: ScenarioErp, policy: Partial<SyncPolicy> = {}): Promise<ScenarioWorld> {
  // Outlook's documented limits (4 concurrent requests per mailbox): the engine's calendar draws on the process's
  // request budget (server/outlook/request-budget.ts), as every Graph calendar does.
  const m365 = await startEmulator({ calendar: createCalendarService });
  const token = await m365.control.mintGraphToken({ user: ADELE_ID, scopes: ['Calendars.ReadWrite'] });
  const store = await openStore({ databaseUrl: 'file::memory:' });
  await store.tenants.upsert({ id: CONTOSO_TENANT_ID, name: 'Contoso', authMode: 'delegated', policy });
  const mailbox = await store.mailboxes.upsert({
    tenantId: CONTOSO_TENANT_ID,
    userObjectId: ADELE_ID,
    upn: 'adele@contoso.example',
    email: 'adele@contoso.example',
    status: 'connected',
  });
  const clock = { now: () => new Date() };
  const outlook = graphOutlookSide({
    graphBaseUrl: m365.graphBaseUrl,
    getAccessToken: async () => token,
    logger: silent,
    clock,
  });
  const engine = createSyncEngine({ store, erp: erp.port, outlook, clock, logger: silent, workerId: 'scenarios' });
  return {
    erp,
    m365,
    token,
    store,
    mailbox,
    engine,
    sync: () => engine.syncMailbox(mailbox.id),
    stop: async () => {
      await store.close();
      await m365.stop();
    },
  };
}

// ---- Outlook, as Adele acts in it (Graph, as Outlook itself would) ----

export async function graph<T = Record<string, unknown>>(
  w: ScenarioWorld,
  method: string,
  path: string,
  body?: unknown,
  expected?: number,
): Promise<T> {
  const answer = await graphCall<T>(w.m365, w.token, method, `/users/${ADELE_ID}${path}`, body, PREFER);
  if (expected !== undefined && answer.status !== expected)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The local date `days` from today (scenarios start a week or more ahead, inside the default window). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/** A marked Outlook event at `hour`:00 in Paris on `date`, `extra` merged in. */
export function outlookEvent(subject: string, date: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    body: { contentType: 'html', content: `<p>${subject}</p>` },
    start: { dateTime: `${date}T10:00:00`, timeZone: ZONE },
    end: { dateTime: `${date}T11:00:00`, timeZone: ZONE },
    categories: ['ERP'],
    ...extra,
  };
}

export async function createOutlookSeries(
  w: ScenarioWorld,
  subject: string,
  date: string,
  pattern: Record<string, unknown>,
  range: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const body = outlookEvent(subject, date, {
    recurrence: { pattern, range: { startDate: date, ...range } },
    ...extra,
  });
  return String((await graph(w, 'POST', '/events', body, 201)).id);
}

export interface Instance {
  id: string;
  subject: string;
  type: string;
  start: string;
  end: string;
  seriesMasterId?: string;
  attendees: Array<{ emailAddress: { address: string } }>;
}

interface GraphInstance {
  id: string;
  subject: string;
  type: string;
  seriesMasterId?: string;
  start: { dateTime: string };
  end: { dateTime: string };
  attendees?: Array<{ emailAddress: { address: string } }>;
}

const minute = (dateTime: string) => dateTime.slice(0, 16);

function toInstance(g: GraphInstance): Instance {
  return {
    id: g.id,
    subject: g.subject,
    type: g.type,
    start: minute(g.start.dateTime),
    end: minute(g.end.dateTime),
    attendees: g.attendees ?? [],
    ...(g.seriesMasterId ? { seriesMasterId: g.seriesMasterId } : {}),
  };
}

async function pages(w: ScenarioWorld, first: string): Promise<GraphInstance[]> {
  const all: GraphInstance[] = [];
  let path: string | null = first;
  while (path) {
    const answer: GraphCall = await graphCall(w.m365, w.token, 'GET', path, undefined, {
      Prefer: 'IdType="ImmutableId", outlook.timezone="UTC", odata.maxpagesize=1000',
    });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
    const body = answer.body as { value: GraphInstance[]; '@odata.nextLink'?: string };
    all.push(...body.value);
    const next = body['@odata.nextLink'];
    path = next ? next.slice(w.m365.graphBaseUrl.length) : null;
  }
  return all;
}
type GraphCall = Awaited<ReturnType<typeof graphCall>>;

const VIEW_FROM = () => new Date(Date.now() - 20 * DAY).toISOString();
const VIEW_TO = () => new Date(Date.now() + 360 * DAY).toISOString();

/** Every occurrence and single event in Adele's Outlook whose subject starts with `prefix`, in UTC, by start. */
export async function outlookView(w: ScenarioWorld, prefix: string): Promise<Instance[]> {
  const all = await pages(w, `/users/${ADELE_ID}/calendarView?startDateTime=${VIEW_FROM()}&endDateTime=${VIEW_TO()}`);
  return all
    .filter((g) => g.subject.startsWith(prefix))
    .map(toInstance)
    .sort((a, b) => a.start.localeCompare(b.start) || a.subject.localeCompare(b.subject));
}

/** The occurrences of one series master in the view window. */
export async function instancesOf(w: ScenarioWorld, masterId: string): Promise<Instance[]> {
  const path = `/users/${ADELE_ID}/events/${masterId}/instances?startDateTime=${VIEW_FROM()}&endDateTime=${VIEW_TO()}`;
  return (await pages(w, path)).map(toInstance).sort((a, b) => a.start.localeCompare(b.start));
}

/** Series masters and single events (not occurrences) whose subject starts with `prefix`. */
export async function outlookItems(w: ScenarioWorld, prefix: string): Promise<Array<Record<string, unknown>>> {
  const answer = await fetch(`${w.m365.baseUrl}/_control/mailboxes/${ADELE_ID}/events`);
  const all = ((await answer.json()) as { value: Array<Record<string, unknown>> }).value;
  return all.filter((e) => String(e.subject).startsWith(prefix) && e.type !== 'occurrence' && e.type !== 'exception');
}

// ---- The ERP, as Adele acts in Odoo ----

export interface OdooRow {
  id: number;
  name: string;
  start: string;
  stop: string;
  recurrence_id: [number, string] | false;
  partner_ids: number[];
  user_id: [number, string] | false;
}

/** Adele's active calendar.event rows whose name starts with `prefix` (occurrences one by one), by start. */
export async function erpRows(w: ScenarioWorld, prefix: string): Promise<OdooRow[]> {
  const rows = await w.erp.act<OdooRow[]>(
    'calendar.event',
    'search_read',
    [[['name', '=like', `${prefix}%`]], ['name', 'start', 'stop', 'recurrence_id', 'partner_ids', 'user_id']],
    { order: 'start asc, id asc' },
  );
  return rows;
}

/** The ERP's rows as the Outlook view's shape: `subject @ UTC start`. */
export async function erpView(w: ScenarioWorld, prefix: string): Promise<string[]> {
  return byStart((await erpRows(w, prefix)).map((r) => `${r.name} @ ${r.start.replace(' ', 'T').slice(0, 16)}`));
}

export async function outlookLines(w: ScenarioWorld, prefix: string): Promise<string[]> {
  return byStart((await outlookView(w, prefix)).map((i) => `${i.subject} @ ${i.start}`));
}

/** `subject @ start` lines by start, then subject. */
function byStart(lines: string[]): string[] {
  const start = (line: string) => line.slice(line.lastIndexOf(' @ ') + 3);
  return lines.sort((a, b) => start(a).localeCompare(start(b)) || a.localeCompare(b));
}

/** The distinct Odoo recurrences among the rows of `prefix` (a duplicated series shows as two). */
export async function erpSeries(w: ScenarioWorld, prefix: string): Promise<number[]> {
  const ids = (await erpRows(w, prefix)).map((r) => (r.recurrence_id ? r.recurrence_id[0] : -r.id));
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** Odoo's "HH:MM" start in UTC, as written by a person (naive UTC datetime string). */
export function odooTime(date: string, utcTime: string): string {
  return `${date} ${utcTime}:00`;
}
