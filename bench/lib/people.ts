/**
 * People of a benchmark: each one a Microsoft 365 user and an Odoo user with the same e-mail, connected to the
 * backend the way the add-in connects them (an add-in token, `POST /api/connect`, on-behalf-of at the identity
 * emulator). Also what they do: seed and edit events on either side, through the emulators' control APIs (a
 * person's own actions are not the product's traffic and are not counted as such).
 */
import { randomUUID } from 'node:crypto';
import { CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import type { Emulators } from './emulators';

export interface Person {
  index: number;
  email: string;
  userId: string;
  odooUid: number;
  odooPartnerId: number;
}

export async function addPeople(emulators: Emulators, count: number, prefix: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let index = 0; index < count; index += 1) {
    const email = `${prefix}-${String(index).padStart(4, '0')}@contoso.example`;
    const userId = randomUUID();
    emulators.m365.context.directory.addUser({
      id: userId,
      tenantId: CONTOSO_TENANT_ID,
      userPrincipalName: email,
      mail: email,
      displayName: `Bench person ${index}`,
    });
    const odoo = emulators.odoo.control.createUser({ login: email, name: `Bench person ${index}`, tz: 'UTC' });
    people.push({ index, email, userId, odooUid: odoo.uid, odooPartnerId: odoo.partnerId });
  }
  return people;
}

/**
 * Connects through the add-in API; the backend queues the mailbox's first sync. A 503 (the backend could not reach
 * the identity platform on a loaded machine) is tried again after a pause, as the add-in's user would, 5 times.
 */
export async function connect(emulators: Emulators, backendUrl: string, person: Person): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const token = await emulators.m365.control.mintAddinToken({ user: person.userId });
    const answer = await fetch(`${backendUrl}/api/connect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (answer.status === 200) return;
    const text = await answer.text();
    if (answer.status !== 503 || attempt >= 5) throw new Error(`connect ${person.email}: ${answer.status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

const DAY_MS = 86_400_000;

/** The i-th of n one-hour slots spread over the next 300 days, from tomorrow 08:00 UTC (inside the default window). */
export function slot(i: number, n: number): { start: Date; end: Date } {
  const first = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS + 8 * 3_600_000);
  const days = Math.max(1, Math.min(300, n));
  const start = new Date(first.getTime() + (i % days) * DAY_MS + Math.floor(i / days) * 3_600_000 * 0.25);
  return { start, end: new Date(start.getTime() + 3_600_000) };
}

const wall = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });

async function control<T>(emulators: Emulators, method: string, path: string, body?: unknown): Promise<T> {
  return emulators.m365.control.call<T>(method, path, body);
}

/** Creates `count` events marked for sync (category ERP) in the person's Outlook; answers their ids. */
export async function seedOutlook(emulators: Emulators, person: Person, count: number): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const { start, end } = slot(i, count);
      const created = await control<{ id: string }>(
        emulators,
        'POST',
        `/mailboxes/${person.userId}/events?send=false`,
        {
          subject: `Outlook ${person.index}-${i}`,
          body: { contentType: 'html', content: `<p>Seeded event ${i}</p>` },
          start: wall(start),
          end: wall(end),
          location: { displayName: 'Room 1' },
          categories: ['ERP'],
        },
      );
      ids[i] = created.id;
    },
  );
  return ids;
}

/** Edits an Outlook event as its owner (the emulator notifies subscribers, as Exchange would). */
export async function editOutlook(emulators: Emulators, person: Person, eventId: string, subject: string) {
  await control(emulators, 'PATCH', `/mailboxes/${person.userId}/events/${encodeURIComponent(eventId)}?send=false`, {
    subject,
  });
}

/** Outlook subjects of the person's calendar (from the control API, not counted as Graph traffic). */
export async function outlookSubjects(emulators: Emulators, person: Person): Promise<string[]> {
  const events = await control<{ value: Array<{ subject: string }> }>(
    emulators,
    'GET',
    `/mailboxes/${person.userId}/events`,
  );
  return events.value.map((e) => e.subject);
}

/** Creates `count` Odoo events owned by the person (as the administrator, no mail); answers their ids. */
export function seedOdoo(emulators: Emulators, person: Person, count: number): number[] {
  const naive = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
  const values = Array.from({ length: count }, (_, i) => {
    const { start, end } = slot(i, count);
    return {
      name: `Odoo ${person.index}-${i}`,
      start: naive(start),
      stop: naive(end),
      user_id: person.odooUid,
      partner_ids: [[6, 0, [person.odooPartnerId]]],
      description: `<p>Seeded ERP event ${i}</p>`,
      location: 'Room 2',
    };
  });
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    ids.push(...emulators.odoo.control.createRecords('calendar.event', values.slice(i, i + 1000)));
  }
  return ids;
}

/** Edits an Odoo event as its owner would in Odoo's web client. */
export function editOdoo(emulators: Emulators, person: Person, id: number, name: string): void {
  emulators.odoo.control.act(person.email, 'calendar.event', 'write', [[id], { name }]);
}

/** Names of the person's Odoo events. */
export function odooNames(emulators: Emulators, person: Person): string[] {
  const rows = emulators.odoo.control.act(person.email, 'calendar.event', 'search_read', [
    [['user_id', '=', person.odooUid]],
    ['name'],
  ]) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/** How many Odoo events the person owns. */
export function odooCount(emulators: Emulators, person: Person): number {
  return emulators.odoo.control.act(person.email, 'calendar.event', 'search_count', [
    [['user_id', '=', person.odooUid]],
  ]) as number;
}
