/**
 * Issue 18, items 1-4: every write is conditional and recorded exactly once. A person's edit made while a run writes
 * is never overwritten nor stored as synced; a create whose answer is lost on every retry is adopted, never copied
 * back; a write that landed unrecorded is recognised as ours; abandoned runs are closed; a conflict is audited once.
 */
import {
  crashingStore,
  deleteInOdoo as remove,
  editInOdoo as edit,
  odooEvent as read,
  outlookActingFirst as actingFirst,
} from './acting';
import {
  createInOutlook,
  erpTitles,
  outlookBody,
  outlookEvents,
  outlookSubjects,
  patchInOutlook,
  startCleanWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const count = (list: string[], title: string) => list.filter((t) => t === title).length;
const editInOdoo = (erpId: string, values: Record<string, unknown>) => edit(w, erpId, values);
const odooEvent = (erpId: string) => read(w, erpId)!;
const deleteInOdoo = (erpId: string) => remove(w, erpId);

async function outlookEvent(id: string): Promise<Record<string, unknown>> {
  return (await outlookEvents(w)).find((e) => e.id === id)!;
}

const outlookActingFirst = (before: () => Promise<void>) => actingFirst(w, before);

async function pairedRow(outlookId: string) {
  return (await w.store.mappings.getByOutlookId(w.mailbox.id, outlookId))!;
}

describe('every write is conditional and recorded exactly once (issue 18)', () => {
  it('18.1 when the person edits the Outlook event while a run copies an ERP change into it, then the edit is not stored as synced: it reaches the ERP and both sides end equal', async () => {
    const id = String((await createInOutlook(w, outlookBody('Budget', 5))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = await pairedRow(id);
    editInOdoo(row.erpId!, { name: 'Budget (ERP)' });
    const racing = w.engineWith({
      outlook: outlookActingFirst(() => patchInOutlook(w, id, { location: { displayName: 'Room 7' } })),
    });

    await racing.syncMailbox(w.mailbox.id);
    await w.engine.syncMailbox(w.mailbox.id);

    expect(await outlookEvent(id)).toMatchObject({ subject: 'Budget (ERP)', location: { displayName: 'Room 7' } });
    expect(odooEvent(row.erpId!)).toMatchObject({ name: 'Budget (ERP)', location: 'Room 7' });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('18.1 when the person edits the same field in Outlook while a run copies the ERP value into it, then the run does not overwrite it: the person sees a conflict', async () => {
    const id = String((await createInOutlook(w, outlookBody('Forecast', 6))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = await pairedRow(id);
    editInOdoo(row.erpId!, { name: 'Forecast (ERP)' });
    const racing = w.engineWith({
      outlook: outlookActingFirst(() => patchInOutlook(w, id, { subject: 'Forecast (me)' })),
    });

    await racing.syncMailbox(w.mailbox.id);

    expect((await outlookEvent(id)).subject).toBe('Forecast (me)');
    expect(odooEvent(row.erpId!).name).toBe('Forecast (ERP)');
    expect(await pairedRow(id)).toMatchObject({
      status: 'conflict',
      conflict: expect.objectContaining({ fields: ['title'] }),
    });
  });

  it('18.2 when an ERP create commits but loses its answer on every retry, then the next run adopts the record: one copy on each side, no error, nothing unrecorded', async () => {
    const id = String((await createInOutlook(w, outlookBody('Lost answer', 7))).id);
    w.odoo.control.addFault({ kind: 'commit_then_drop', model: 'calendar.event', method: 'load', times: 50 });
    const first = await w.engine.syncMailbox(w.mailbox.id);
    w.odoo.control.clearFaults();
    expect(first.status).not.toBe('succeeded');
    expect(count(await erpTitles(w), 'Lost answer')).toBe(1);

    const second = await w.engine.syncMailbox(w.mailbox.id);

    expect(second.errors).toEqual([]);
    expect(second.status).toBe('succeeded');
    expect(count(await erpTitles(w), 'Lost answer')).toBe(1);
    expect(count(await outlookSubjects(w), 'Lost answer')).toBe(1);
    expect(await pairedRow(id)).toMatchObject({
      status: expect.stringMatching(/synced|needs_review/),
      erpId: expect.any(String),
    });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('18.2 when the person keeps an event the ERP deleted and its new ERP copy loses its answer on every retry, then the next run adopts that copy: one on each side (chaos --quick --seed 3, c43)', async () => {
    const id = String((await createInOutlook(w, outlookBody('Kept', 9))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    deleteInOdoo((await pairedRow(id)).erpId!);
    await patchInOutlook(w, id, { subject: 'Kept (edited)' });
    await w.engine.syncMailbox(w.mailbox.id);
    const conflicted = await pairedRow(id);
    expect(conflicted.status).toBe('conflict');
    await w.store.mappings.update(w.mailbox.id, conflicted.id, {
      resolution: { choices: { event: 'outlook' }, conflict: conflicted.conflict, chosenAt: new Date().toISOString() },
    });
    w.odoo.control.addFault({ kind: 'commit_then_drop', model: 'calendar.event', method: 'load', times: 50 });
    w.odoo.control.addFault({ kind: 'commit_then_drop', model: 'calendar.event', method: 'create', times: 50 });
    await w.engine.syncMailbox(w.mailbox.id);
    w.odoo.control.clearFaults();

    const next = await w.engine.syncMailbox(w.mailbox.id);

    expect(next.errors).toEqual([]);
    expect(count(await erpTitles(w), 'Kept (edited)')).toBe(1);
    expect(count(await outlookSubjects(w), 'Kept (edited)')).toBe(1);
    expect(await pairedRow(id)).toMatchObject({ status: expect.stringMatching(/synced|needs_review/) });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('18.2 when results cannot be recorded, then the run does not report succeeded', async () => {
    await createInOutlook(w, outlookBody('Unrecorded', 8));
    const summary = await w.engineWith({ store: crashingStore(w.store, { crashing: true }) }).syncMailbox(w.mailbox.id);
    expect(summary.status).not.toBe('succeeded');
    expect(summary.cursorsAdvanced).toBe(false);
    await w.engine.syncMailbox(w.mailbox.id);
    expect(count(await erpTitles(w), 'Unrecorded')).toBe(1);
  });

  it('18.3 when an Outlook write landed but was never recorded and the person edits on top of it, then the next run knows the write as its own: the edit reaches the ERP, no conflict', async () => {
    const id = String((await createInOutlook(w, outlookBody('Offsite', 9))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = await pairedRow(id);
    editInOdoo(row.erpId!, { name: 'Offsite (ERP)' });
    await w.engineWith({ store: crashingStore(w.store, { crashing: true }) }).syncMailbox(w.mailbox.id);
    expect((await outlookEvent(id)).subject).toBe('Offsite (ERP)');
    await patchInOutlook(w, id, { subject: 'Offsite (final)' });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.conflicts).toEqual([]);
    expect(odooEvent(row.erpId!).name).toBe('Offsite (final)');
    expect(await pairedRow(id)).toMatchObject({ status: expect.stringMatching(/synced|needs_review/), conflict: null });
  });

  it('18.3 when Graph applies a write and loses its answer, then the next run does not take the landed write for a person change', async () => {
    const id = String((await createInOutlook(w, outlookBody('Workshop', 10))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = await pairedRow(id);
    editInOdoo(row.erpId!, { name: 'Workshop (ERP)' });
    await w.m365.control.addFault({ kind: 'lose-response', method: 'PATCH', path: '/events/', count: 10 });
    await w.engine.syncMailbox(w.mailbox.id);
    await w.m365.control.clearFaults();
    expect((await outlookEvent(id)).subject).toBe('Workshop (ERP)');
    await patchInOutlook(w, id, { subject: 'Workshop (me)' });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.conflicts).toEqual([]);
    expect(odooEvent(row.erpId!).name).toBe('Workshop (me)');
  });

  it('18.4 when a run was cut short (its process killed), then the next run closes it as abandoned', async () => {
    const cut = await w.store.syncRuns.start({ mailboxId: w.mailbox.id, trigger: 'sweep', workerId: 'killed' });
    await w.engine.syncMailbox(w.mailbox.id);
    const runs = await w.store.syncRuns.listRecent(w.mailbox.id);
    expect(runs.find((r) => r.id === cut.id)).toMatchObject({ status: 'abandoned', finishedAt: expect.any(String) });
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  });

  it('18.4 when a conflict stays unresolved over several polls, then it is audited once', async () => {
    const id = String((await createInOutlook(w, outlookBody('Standup', 11))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const row = await pairedRow(id);
    editInOdoo(row.erpId!, { name: 'Standup (ERP)' });
    await patchInOutlook(w, id, { subject: 'Standup (me)' });
    for (let i = 0; i < 3; i += 1) await w.engine.syncMailbox(w.mailbox.id);
    const audit = await w.store.audit.listByMapping(w.mailbox.id, row.id);
    expect(audit.filter((a) => a.action === 'conflict')).toHaveLength(1);
  });
});
