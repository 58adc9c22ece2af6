/**
 * Issue 18 (chaos seeds 28/50, c50): Odoo has no conditional write, so a person's edit can land between the
 * adapter's version check and its read-back. Such an edit is never recorded as synced: the next run copies it to
 * Outlook and both sides end equal. The person acts through the Odoo emulator's afterCall hook, right after our write.
 */
import type { CanonicalEvent } from '../../server/core';
import { graphCall } from '../sandbox/microsoft365/helpers';
import { odooAct } from './acting';
import {
  ADELE_ID,
  createInOutlook,
  erpEvent,
  outlookBody,
  outlookEvents,
  patchInOutlook,
  startCleanWorld,
  type World,
} from './harness';
import { dailySeriesFromErp, DAY, instances, iso, PREFER } from './series-world';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

/** Adele edits Odoo's calendar.event `id` right after the run's next calendar.event write. */
function editInOdooAfterOurWrite(id: number, values: Record<string, unknown>): void {
  w.odoo.control.afterCall('calendar.event', 'write', () => {
    odooAct(w, 'write', [[id], values]);
  });
}

async function outlookEvent(id: string): Promise<Record<string, unknown>> {
  return (await outlookEvents(w)).find((e) => e.id === id)!;
}

describe('a person editing Odoo while a run writes to it (issue 18, c50)', () => {
  it('when the person edits a field the run does not write between its version check and its read-back, then the next run copies the edit to Outlook and both sides end equal', async () => {
    const id = String((await createInOutlook(w, outlookBody('Audit', 4))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = (await w.store.mappings.getByOutlookId(w.mailbox.id, id))!;
    await patchInOutlook(w, id, { subject: 'Audit (moved up)' });
    editInOdooAfterOurWrite(Number(row.erpId), { location: 'Room 12' });

    const racing = await w.engine.syncMailbox(w.mailbox.id);
    const next = await w.engine.syncMailbox(w.mailbox.id);

    expect(racing.applied).toEqual({ outlook: {}, erp: { update: 1 } });
    expect(next.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    expect(await outlookEvent(id)).toMatchObject({
      subject: 'Audit (moved up)',
      location: { displayName: 'Room 12' },
    });
    const [record] = await w.erp.readEvents([row.erpId!]);
    expect(record!.event).toMatchObject({ title: 'Audit (moved up)', location: 'Room 12' });
    expect(await w.store.mappings.getByOutlookId(w.mailbox.id, id)).toMatchObject({ status: 'synced' });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when nobody edits Odoo meanwhile, then the run records the version it read back and the next run reads nothing as changed', async () => {
    const id = String((await createInOutlook(w, outlookBody('Review', 5))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    await patchInOutlook(w, id, { subject: 'Review (final)' });

    await w.engine.syncMailbox(w.mailbox.id);

    const row = (await w.store.mappings.getByOutlookId(w.mailbox.id, id))!;
    const [record] = await w.erp.readEvents([row.erpId!]);
    expect(row.erpVersion).toBe(record!.version);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when a run writes the first occurrence of a series alone (Odoo then reads the series from it), then nothing counts as edited meanwhile: the next run is quiet and the Outlook series keeps its title', async () => {
    const base = erpEvent('Weekly', 3);
    const series: CanonicalEvent = {
      ...base,
      recurrence: { rrule: 'FREQ=DAILY;COUNT=4', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    };
    const erpId = (await w.erp.createEvent(w.adele, series, 'race-first', { quiet: true, needsReview: false })).id;
    await w.engine.syncMailbox(w.mailbox.id);
    const row = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.erpId === erpId)!;
    const [first] = await instances(w, row.outlookId!);
    await graphCall(
      w.m365,
      w.token,
      'PATCH',
      `/users/${ADELE_ID}/events/${first!.id}`,
      { subject: 'Weekly (first)' },
      PREFER,
    );

    const writing = await w.engine.syncMailbox(w.mailbox.id);
    const next = await w.engine.syncMailbox(w.mailbox.id);

    expect(writing.applied).toEqual({ outlook: {}, erp: { update: 1 } });
    expect(next.applied).toEqual({ outlook: {}, erp: {} });
    expect((await outlookEvent(row.outlookId!)).subject).toBe('Weekly');
    const [record] = await w.erp.readEvents([erpId]);
    const [synced] = await w.store.mappings
      .listByMailbox(w.mailbox.id)
      .then((rows) => rows.filter((m) => m.erpId === erpId));
    expect(synced!.erpVersion).toBe(record!.version);
  });

  it('when the person edits one occurrence in Odoo while a run writes the whole series, then the next run copies that occurrence to Outlook', async () => {
    const { erpId, row, first } = await dailySeriesFromErp(w, 'Standup', 'race-series');
    const members = odooAct(w, 'search_read', [
      [['recurrence_id', '=', Number(erpId.split(':')[1])]],
      ['id', 'start'],
    ]) as Array<{ id: number; start: string }>;
    const third = members.find(
      (m) =>
        m.start ===
        iso(first + 2 * DAY)
          .replace('T', ' ')
          .slice(0, 19),
    )!;
    await patchInOutlook(w, row.outlookId!, { subject: 'Standup (daily)' });
    editInOdooAfterOurWrite(third.id, { location: 'Room 3', recurrence_update: 'self_only' });

    const racing = await w.engine.syncMailbox(w.mailbox.id);
    const next = await w.engine.syncMailbox(w.mailbox.id);

    expect(racing.applied).toEqual({ outlook: {}, erp: { update: 1 } });
    expect(next.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    const [record] = await w.erp.readEvents([erpId]);
    expect(record!.event.recurrence!.modified).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ title: 'Standup (daily)', location: 'Room 3' }) }),
    ]);
    const listed = await instances(w, row.outlookId!);
    expect(listed.filter((i) => i.type === 'exception').map((i) => i.location.displayName)).toEqual(['Room 3']);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});
