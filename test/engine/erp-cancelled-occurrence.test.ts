/**
 * Chaos c5 (issue 18): a person in the ERP deletes occurrence X of a synced series while someone renames X in
 * Outlook; the conflict is answered "keep Outlook's". Odoo can bring a deleted occurrence back as a member of its
 * recurrence (a copy of the series' base event at X's times, as Odoo makes its own occurrences), so X comes back in
 * the ERP with Outlook's title: both sides agree, the row is synced, and later runs are quiet.
 */
import type { CanonicalEvent } from '../../server/core';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, erpEvent, startCleanWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const PREFER = { Prefer: 'IdType="ImmutableId"' };
const DAY = 86_400_000;
const utc = (dateTime: string) => Date.parse(`${dateTime.slice(0, 19)}Z`);
const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

interface Instance {
  id: string;
  subject: string;
  type: string;
  start: { dateTime: string };
}

async function instances(masterId: string): Promise<Instance[]> {
  const from = new Date(Date.now() - DAY).toISOString();
  const to = new Date(Date.now() + 30 * DAY).toISOString();
  const path = `/users/${ADELE_ID}/events/${masterId}/instances?startDateTime=${from}&endDateTime=${to}`;
  const answer = await graphCall<{ value: Instance[] }>(w.m365, w.token, 'GET', path, undefined, PREFER);
  return answer.body.value;
}

/** A person in Odoo, through its external API (JSON-2) as the administrator. */
async function odoo<T>(model: string, method: string, body: Record<string, unknown>): Promise<T> {
  const answer = await fetch(`${w.odoo.url}/json/2/${model}/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `bearer ${w.odoo.users.admin.apiKey}`,
      'X-Odoo-Database': w.odoo.database,
    },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`${model}.${method}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}

async function occurrenceAt(erpId: string, start: number): Promise<{ id: number; active: boolean } | undefined> {
  const recurrenceId = Number(erpId.split(':')[1]);
  const rows = await odoo<Array<{ id: number; start: string; active: boolean }>>('calendar.event', 'search_read', {
    domain: [['recurrence_id', '=', recurrenceId]],
    fields: ['start', 'active'],
    context: { active_test: false },
  });
  return rows.find((r) => r.start === naive(start));
}

describe.each([
  ['deleted', 'unlink'],
  ['archived', 'archive'],
] as const)('an occurrence %s in the ERP and renamed in Outlook, answered "keep Outlook’s"', (_how, how) => {
  it('when the person keeps Outlook’s occurrences, then the occurrence comes back in the ERP with Outlook’s title, the row is synced and later runs are quiet', async () => {
    const base = erpEvent(`Weekly review (${how})`, 3);
    const first = Date.parse((base.timing as { start: string }).start);
    const series: CanonicalEvent = {
      ...base,
      recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    };
    const erpId = (await w.erp.createEvent(w.adele, series, `c5-${how}`, { quiet: true, needsReview: false })).id;
    await w.engine.syncMailbox(w.mailbox.id);
    const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.erpId === erpId)!;
    const masterId = row.outlookId!;
    const x = first + 2 * DAY;

    // In Odoo a person deletes (or archives) occurrence X; meanwhile in Outlook someone renames X.
    const record = (await occurrenceAt(erpId, x))!;
    if (how === 'unlink') await odoo('calendar.event', 'unlink', { ids: [record.id] });
    else await odoo('calendar.event', 'write', { ids: [record.id], vals: { active: false } });
    const occurrence = (await instances(masterId)).find((i) => utc(i.start.dateTime) === x)!;
    await graphCall(
      w.m365,
      w.token,
      'PATCH',
      `/users/${ADELE_ID}/events/${occurrence.id}`,
      { subject: 'Review (moved room)' },
      PREFER,
    );
    const conflicted = await w.engine.syncMailbox(w.mailbox.id);
    expect(conflicted.conflicts).toHaveLength(1);
    const asked = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.id === row.id)!;
    expect(asked).toMatchObject({ status: 'conflict', conflict: expect.objectContaining({ fields: ['recurrence'] }) });

    // What the add-in API stores when the person chooses "keep Outlook's" (server/http/addin-routes-events.ts).
    await w.store.mappings.update(w.mailbox.id, row.id, {
      resolution: { choices: { recurrence: 'outlook' }, conflict: asked.conflict, chosenAt: new Date().toISOString() },
      status: 'pending',
    });
    const resolved = await w.engine.syncMailbox(w.mailbox.id);
    for (let i = 0; i < 2; i += 1) await w.engine.syncMailbox(w.mailbox.id);

    expect(resolved.errors).toEqual([]);
    const listed = await instances(masterId);
    expect(listed.map((i) => utc(i.start.dateTime))).toContain(x);
    expect(listed.filter((i) => i.type === 'exception').map((i) => i.subject)).toEqual(['Review (moved room)']);
    const [after] = await w.erp.readEvents([erpId]);
    expect(after!.event.recurrence!.exDates).toEqual([]);
    expect(after!.event.recurrence!.modified.map((m) => [Date.parse(m.originalStart), m.event.title])).toEqual([
      [x, 'Review (moved room)'],
    ]);
    expect(await occurrenceAt(erpId, x)).toMatchObject({ active: true });
    expect((await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.id === row.id)).toMatchObject({
      status: 'synced',
      conflict: null,
      intent: null,
    });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});
