/**
 * Chaos c57: a person in the ERP moves an occurrence while the organizer cancels it in Outlook; the conflict is
 * answered "keep the ERP's". Outlook cannot bring back a cancelled occurrence, so the cancellation is carried (the
 * pane says so before the choice) and the ERP's other changes are kept: both sides agree and stay so.
 */
import type { CanonicalEvent } from '../../server/core';
import { exceptionsToWrite } from '../../server/engine/series-writes';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, erpEvent, startCleanWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const PREFER = { Prefer: 'IdType="ImmutableId"' };
const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const utc = (dateTime: string) => Date.parse(`${dateTime.slice(0, 19)}Z`);

interface Instance {
  id: string;
  subject: string;
  type: string;
  start: { dateTime: string };
  originalStart?: string;
}

async function instances(masterId: string): Promise<Instance[]> {
  const from = new Date(Date.now() - DAY).toISOString();
  const to = new Date(Date.now() + 30 * DAY).toISOString();
  const path = `/users/${ADELE_ID}/events/${masterId}/instances?startDateTime=${from}&endDateTime=${to}`;
  const answer = await graphCall<{ value: Instance[] }>(w.m365, w.token, 'GET', path, undefined, PREFER);
  return answer.body.value;
}

describe('an occurrence cancelled in Outlook and moved in the ERP, answered "keep the ERP’s"', () => {
  it('when the person keeps the ERP’s occurrences, then the occurrence stays cancelled on both sides, the ERP’s other change is kept, and nothing reverses on later runs', async () => {
    const base = erpEvent('Weekly sync', 3);
    const first = Date.parse((base.timing as { start: string }).start);
    const series: CanonicalEvent = {
      ...base,
      recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    };
    const erpId = (await w.erp.createEvent(w.adele, series, 'restore-series', { quiet: true, needsReview: false })).id;
    await w.engine.syncMailbox(w.mailbox.id);
    const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.erpId === erpId)!;
    const masterId = row.outlookId!;
    const x = first + 2 * DAY;
    const y = first + 3 * DAY;
    // In the ERP: occurrence X moved two hours later, occurrence Y renamed.
    const [record] = await w.erp.readEvents([erpId]);
    const at = (start: number, title: string) => ({
      ...record!.event,
      title,
      timing: { kind: 'timed' as const, start: iso(start), end: iso(start + HOUR), timeZone: 'Europe/Paris' },
    });
    await w.erp.updateEvent(
      erpId,
      {
        ...record!.event,
        recurrence: {
          ...record!.event.recurrence!,
          modified: [
            { originalStart: iso(x), event: at(x + 2 * HOUR, 'Weekly sync') },
            { originalStart: iso(y), event: at(y, 'Weekly sync (customer)') },
          ],
        },
      },
      ['recurrence'],
      { quiet: true },
    );
    // Meanwhile the organizer cancels occurrence X in Outlook.
    const occurrence = (await instances(masterId)).find((i) => utc(i.start.dateTime) === x)!;
    await graphCall(w.m365, w.token, 'DELETE', `/users/${ADELE_ID}/events/${occurrence.id}`, undefined, PREFER);
    const conflicted = await w.engine.syncMailbox(w.mailbox.id);
    expect(conflicted.conflicts).toHaveLength(1);
    const asked = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.id === row.id)!;
    expect(asked).toMatchObject({ status: 'conflict', conflict: expect.objectContaining({ fields: ['recurrence'] }) });

    // What the add-in API stores when the person chooses "keep the ERP's" (server/http/addin-routes-events.ts).
    await w.store.mappings.update(w.mailbox.id, row.id, {
      resolution: { choices: { recurrence: 'erp' }, conflict: asked.conflict, chosenAt: new Date().toISOString() },
      status: 'pending',
    });
    const resolved = await w.engine.syncMailbox(w.mailbox.id);
    for (let i = 0; i < 2; i += 1) await w.engine.syncMailbox(w.mailbox.id);

    expect(resolved.errors).toEqual([]);
    const listed = await instances(masterId);
    expect(listed.map((i) => utc(i.start.dateTime))).not.toContain(x);
    expect(listed.map((i) => utc(i.start.dateTime))).not.toContain(x + 2 * HOUR);
    expect(listed.filter((i) => i.type === 'exception').map((i) => i.subject)).toEqual(['Weekly sync (customer)']);
    const [after] = await w.erp.readEvents([erpId]);
    expect(after!.event.recurrence!.exDates.map((d) => Date.parse(d))).toEqual([x]);
    expect(after!.event.recurrence!.modified.map((m) => m.event.title)).toEqual(['Weekly sync (customer)']);
    expect((await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.id === row.id)).toMatchObject({
      status: 'synced',
      conflict: null,
      intent: null,
    });
    const audit = await w.store.audit.listByMapping(w.mailbox.id, row.id);
    expect(audit.filter((a) => a.rule === 'resolved by the person in the pane').length).toBeGreaterThan(0);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});

describe('the Outlook series write (defence in depth)', () => {
  it('when the result changes an occurrence Outlook shows cancelled, then no PATCH of it is planned', () => {
    const base = erpEvent('Weekly sync', 3);
    const first = Date.parse((base.timing as { start: string }).start);
    const x = first + 2 * DAY;
    const recurrence = { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] };
    const moved = { ...base, timing: { ...base.timing, start: iso(x + HOUR), end: iso(x + 2 * HOUR) } };
    const result: CanonicalEvent = {
      ...base,
      recurrence: { ...recurrence, modified: [{ originalStart: iso(x), event: moved }] },
    };
    const outlook: CanonicalEvent = { ...base, recurrence: { ...recurrence, exDates: [iso(x)] } };
    expect(exceptionsToWrite(result, outlook, false)).toEqual({ cancel: [], modify: [] });
  });
});
