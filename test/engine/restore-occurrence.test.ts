/**
 * Chaos c57: a person in the ERP moves an occurrence while the organizer cancels it in Outlook; the conflict is
 * answered "keep the ERP's". Outlook cannot bring back a cancelled occurrence, so the cancellation is carried (the
 * pane says so before the choice) and the ERP's other changes are kept: both sides agree and stay so.
 */
import type { CanonicalEvent } from '../../server/core';
import { exceptionsToWrite } from '../../server/engine/series-writes';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { ADELE_ID, erpEvent, startCleanWorld, type World } from './harness';
import { answerConflict, dailySeriesFromErp, DAY, HOUR, instances, iso, PREFER, utc } from './series-world';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

describe('an occurrence cancelled in Outlook and moved in the ERP, answered "keep the ERP’s"', () => {
  it('when the person keeps the ERP’s occurrences, then the occurrence stays cancelled on both sides, the ERP’s other change is kept, and nothing reverses on later runs', async () => {
    const { erpId, row, masterId, first } = await dailySeriesFromErp(w, 'Weekly sync', 'restore-series');
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
    const occurrence = (await instances(w, masterId)).find((i) => utc(i.start.dateTime) === x)!;
    await graphCall(w.m365, w.token, 'DELETE', `/users/${ADELE_ID}/events/${occurrence.id}`, undefined, PREFER);
    const conflicted = await w.engine.syncMailbox(w.mailbox.id);
    expect(conflicted.conflicts).toHaveLength(1);
    const asked = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.id === row.id)!;
    expect(asked).toMatchObject({ status: 'conflict', conflict: expect.objectContaining({ fields: ['recurrence'] }) });

    await answerConflict(w, row, { recurrence: 'erp' });
    const resolved = await w.engine.syncMailbox(w.mailbox.id);
    for (let i = 0; i < 2; i += 1) await w.engine.syncMailbox(w.mailbox.id);

    expect(resolved.errors).toEqual([]);
    const listed = await instances(w, masterId);
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
