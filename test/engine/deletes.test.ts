/**
 * Issue 13, item 3: deletes only of what was seen. A delete carries the version it was decided on; delete versus edit
 * is a conflict the person resolves in the pane (the Outlook item exists) or the admin resolves (it does not);
 * "not re-read" never means "unchanged"; a copy we made and the person deleted before the next round is seen.
 */
import { deleteInOdoo, editInOdoo, erpActingFirst, odooEvent, outlookActingFirst } from './acting';
import {
  createInOutlook,
  deleteInOutlook,
  erpEvent,
  outlookBody,
  outlookEvents,
  patchInOutlook,
  startCleanWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

async function outlookEvent(id: string): Promise<Record<string, unknown> | undefined> {
  return (await outlookEvents(w)).find((e) => e.id === id);
}

async function paired(title: string, days: number) {
  const id = String((await createInOutlook(w, outlookBody(title, days))).id);
  await w.engine.syncMailbox(w.mailbox.id);
  return (await w.store.mappings.getByOutlookId(w.mailbox.id, id))!;
}

async function resolve(mappingId: string, winner: 'outlook' | 'erp') {
  const row = (await w.store.mappings.getById(w.mailbox.id, mappingId))!;
  await w.store.mappings.update(w.mailbox.id, mappingId, {
    resolution: { choices: { event: winner }, conflict: row.conflict, chosenAt: new Date().toISOString() },
  });
}

describe('deletes only of what was seen (issue 13.3)', () => {
  it('when the ERP deletes an event the person edited in Outlook, then nothing is deleted: the pane shows a delete-versus-edit conflict; keeping it copies it back to the ERP', async () => {
    const row = await paired('Site visit', 3);
    deleteInOdoo(w, row.erpId!);
    await patchInOutlook(w, row.outlookId!, { subject: 'Site visit (moved to Lyon)' });

    await w.engine.syncMailbox(w.mailbox.id);

    expect(await outlookEvent(row.outlookId!)).toMatchObject({ subject: 'Site visit (moved to Lyon)' });
    const conflicted = (await w.store.mappings.getById(w.mailbox.id, row.id))!;
    expect(conflicted).toMatchObject({ status: 'conflict', conflict: { kind: 'deleteVsChange', deletedOn: 'erp' } });
    await resolve(row.id, 'outlook');
    const kept = await w.engine.syncMailbox(w.mailbox.id);
    expect(kept.applied.erp).toEqual({ create: 1 });
    const after = (await w.store.mappings.getById(w.mailbox.id, row.id))!;
    expect(odooEvent(w, after.erpId!)).toMatchObject({ name: 'Site visit (moved to Lyon)' });
  });

  it('when the person edits the Outlook event just before the run deletes it (the ERP deleted it), then the delete is refused by If-Match and the edit becomes a conflict', async () => {
    const row = await paired('Training', 4);
    deleteInOdoo(w, row.erpId!);
    const racing = w.engineWith({
      outlook: outlookActingFirst(w, () => patchInOutlook(w, row.outlookId!, { subject: 'Training (room 3)' })),
    });

    await racing.syncMailbox(w.mailbox.id);

    expect(await outlookEvent(row.outlookId!)).toMatchObject({ subject: 'Training (room 3)' });
    expect(await w.store.mappings.getById(w.mailbox.id, row.id)).toMatchObject({
      status: 'conflict',
      conflict: { kind: 'deleteVsChange', deletedOn: 'erp' },
    });
  });

  it('when Outlook deletes an event the ERP changed, then the ERP record stays and the admin view holds a delete_conflict; deleting it there goes through', async () => {
    const row = await paired('Inventory', 5);
    await deleteInOutlook(w, row.outlookId!);
    editInOdoo(w, row.erpId!, { name: 'Inventory (recount)' });

    await w.engine.syncMailbox(w.mailbox.id);

    expect(odooEvent(w, row.erpId!)).toMatchObject({ name: 'Inventory (recount)' });
    const condition = await w.store.conditions.get(w.mailbox.id, 'delete_conflict', row.id);
    expect(condition).toMatchObject({ clearedBy: 'admin', reason: expect.stringContaining('Inventory (recount)') });
    await w.engine.syncMailbox(w.mailbox.id);
    expect((await w.store.conditions.get(w.mailbox.id, 'delete_conflict', row.id))?.occurrences).toBe(1);
    await resolve(row.id, 'outlook');
    const deleted = await w.engine.syncMailbox(w.mailbox.id);
    expect(deleted.applied.erp).toEqual({ delete: 1 });
    expect(odooEvent(w, row.erpId!)).toBeNull();
    expect(await w.store.conditions.get(w.mailbox.id, 'delete_conflict', row.id)).toBeUndefined();
  });

  it('when the admin keeps the ERP side of a delete_conflict, then the event is copied back to Outlook', async () => {
    const row = await paired('Audit prep', 6);
    await deleteInOutlook(w, row.outlookId!);
    editInOdoo(w, row.erpId!, { name: 'Audit prep (v2)' });
    await w.engine.syncMailbox(w.mailbox.id);

    await resolve(row.id, 'erp');
    const kept = await w.engine.syncMailbox(w.mailbox.id);

    expect(kept.applied.outlook).toEqual({ create: 1 });
    expect((await outlookEvents(w)).filter((e) => e.subject === 'Audit prep (v2)')).toHaveLength(1);
    expect(await w.store.conditions.get(w.mailbox.id, 'delete_conflict', row.id)).toBeUndefined();
  });

  it('when the person edits the ERP record just before the run deletes it (Outlook deleted it), then the version check refuses the delete and it becomes a conflict', async () => {
    const row = await paired('Retro', 7);
    await deleteInOutlook(w, row.outlookId!);
    const racing = w.engineWith({
      erp: erpActingFirst(w.erp, () => editInOdoo(w, row.erpId!, { name: 'Retro (agenda)' })),
    });

    await racing.syncMailbox(w.mailbox.id);

    expect(odooEvent(w, row.erpId!)).toMatchObject({ name: 'Retro (agenda)' });
    expect(await w.store.mappings.getById(w.mailbox.id, row.id)).toMatchObject({
      status: 'conflict',
      conflict: { kind: 'deleteVsChange', deletedOn: 'outlook' },
    });
  });

  it('when the person deletes an Outlook copy we made before the next delta round, then the next run still sees the delete', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Quick sync', 8), 'person-quick', { quiet: true, needsReview: false });
    await w.engine.syncMailbox(w.mailbox.id);
    const copy = (await outlookEvents(w)).find((e) => e.subject === 'Quick sync')!;
    const row = (await w.store.mappings.getByOutlookId(w.mailbox.id, String(copy.id)))!;
    await deleteInOutlook(w, String(copy.id));

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.applied.erp).toEqual({ delete: 1 });
    expect(odooEvent(w, row.erpId!)).toBeNull();
  });
});
