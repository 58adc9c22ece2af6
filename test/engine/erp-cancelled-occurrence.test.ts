/**
 * Chaos c5 (issue 18): a person in the ERP deletes occurrence X of a synced series while someone renames X in
 * Outlook; the conflict is answered "keep Outlook's". Odoo can bring a deleted occurrence back as a member of its
 * recurrence (a copy of the series' base event at X's times, as Odoo makes its own occurrences), so X comes back in
 * the ERP with Outlook's title: both sides agree, the row is synced, and later runs are quiet.
 */
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, startCleanWorld, type World } from './harness';
import { answerConflict, dailySeriesFromErp, DAY, instances, PREFER, utc } from './series-world';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const naive = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

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
    const { erpId, row, masterId, first } = await dailySeriesFromErp(w, `Weekly review (${how})`, `c5-${how}`);
    const x = first + 2 * DAY;

    // In Odoo a person deletes (or archives) occurrence X; meanwhile in Outlook someone renames X.
    const record = (await occurrenceAt(erpId, x))!;
    if (how === 'unlink') await odoo('calendar.event', 'unlink', { ids: [record.id] });
    else await odoo('calendar.event', 'write', { ids: [record.id], vals: { active: false } });
    const occurrence = (await instances(w, masterId)).find((i) => utc(i.start.dateTime) === x)!;
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

    await answerConflict(w, row, { recurrence: 'outlook' });
    const resolved = await w.engine.syncMailbox(w.mailbox.id);
    for (let i = 0; i < 2; i += 1) await w.engine.syncMailbox(w.mailbox.id);

    expect(resolved.errors).toEqual([]);
    const listed = await instances(w, masterId);
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
