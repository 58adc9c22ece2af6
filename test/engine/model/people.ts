/**
 * Adele acting as a person, and what each side holds, without the product's code: Outlook through Graph (the
 * emulator's public API, as Outlook would) and its control listing; Odoo through the emulator's control API acting
 * as Adele in Odoo's web client. Events are one hour long; times are whole hours in UTC.
 */
import { graphCall } from '../../sandbox/microsoft365/helpers';
import { ADELE_ID, ADELE_LOGIN, type ModelWorld } from './world';

/** What the model compares of one event. */
export interface Fields {
  title: string;
  /** Start, epoch ms (whole hours); the end is one hour later. */
  start: number;
  location: string;
}

const HOUR = 3_600_000;
const PREFER = { Prefer: 'IdType="ImmutableId"' };

function graphTime(ms: number) {
  return { dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' };
}

function odooTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function graphBody(fields: Partial<Fields>): Record<string, unknown> {
  return {
    ...(fields.title !== undefined ? { subject: fields.title } : {}),
    ...(fields.start !== undefined ? { start: graphTime(fields.start), end: graphTime(fields.start + HOUR) } : {}),
    ...(fields.location !== undefined ? { location: { displayName: fields.location } } : {}),
  };
}

async function graph(w: ModelWorld, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const answer = await graphCall(w.m365, w.token, method, `/users/${ADELE_ID}${path}`, body, PREFER);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export const outlookPerson = {
  async create(w: ModelWorld, fields: Fields): Promise<string> {
    const made = await graph(w, 'POST', '/events', { ...graphBody(fields), categories: ['ERP'] });
    return String(made.id);
  },
  async edit(w: ModelWorld, id: string, fields: Partial<Fields>): Promise<void> {
    await graph(w, 'PATCH', `/events/${id}`, graphBody(fields));
  },
  async remove(w: ModelWorld, id: string): Promise<void> {
    await graph(w, 'DELETE', `/events/${id}`);
  },
};

function odoo(w: ModelWorld, method: string, args: unknown[]): unknown {
  return w.odoo.control.act(ADELE_LOGIN, 'calendar.event', method, args);
}

function odooValues(fields: Partial<Fields>): Record<string, unknown> {
  return {
    ...(fields.title !== undefined ? { name: fields.title } : {}),
    ...(fields.start !== undefined ? { start: odooTime(fields.start), stop: odooTime(fields.start + HOUR) } : {}),
    ...(fields.location !== undefined ? { location: fields.location } : {}),
  };
}

export const odooPerson = {
  create(w: ModelWorld, fields: Fields): string {
    const [id] = odoo(w, 'create', [[odooValues(fields)]]) as number[];
    return String(id);
  },
  edit(w: ModelWorld, id: string, fields: Partial<Fields>): void {
    odoo(w, 'write', [[Number(id)], odooValues(fields)]);
  },
  remove(w: ModelWorld, id: string): void {
    odoo(w, 'unlink', [[Number(id)]]);
  },
};

/** One event as a side holds it. */
export interface Held extends Fields {
  id: string;
}

/** Adele's single Outlook events (raw, as the emulator stores them). */
export async function outlookHolds(w: ModelWorld): Promise<Held[]> {
  const answer = await fetch(`${w.m365.baseUrl}/_control/mailboxes/${ADELE_ID}/events`);
  type Raw = {
    id: string;
    type: string;
    subject: string;
    start: { dateTime: string };
    location?: { displayName?: string };
  };
  const events = ((await answer.json()) as { value: Raw[] }).value;
  return events
    .filter((e) => e.type === 'singleInstance')
    .map((e) => ({
      id: String(e.id),
      title: String(e.subject),
      start: Date.parse(`${e.start.dateTime.slice(0, 19)}Z`),
      location: String(e.location?.displayName ?? ''),
    }));
}

/** Adele's active Odoo events. */
export function odooHolds(w: ModelWorld): Held[] {
  const rows = odoo(w, 'search_read', [[], ['name', 'start', 'location']]) as Array<{
    id: number;
    name: string;
    start: string;
    location: string | false;
  }>;
  return rows.map((r) => ({
    id: String(r.id),
    title: String(r.name),
    start: Date.parse(`${String(r.start).replace(' ', 'T')}Z`),
    location: r.location ? String(r.location) : '',
  }));
}

/** What anyone would have received: Graph's and Odoo's mail logs. */
export async function mailsSent(w: ModelWorld): Promise<number> {
  const outlook = (await (await fetch(`${w.m365.baseUrl}/_control/mail-log`)).json()) as { value: unknown[] };
  return outlook.value.length + w.odoo.control.mailLog().length;
}
