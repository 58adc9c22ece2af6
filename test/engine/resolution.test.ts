/**
 * A conflict kept for the person, their per-field choices stored on the mapping (as the add-in API stores them),
 * and the next run applying them to both emulators: chosen values written to the losing sides, conflict cleared.
 */
import { createInOutlook, outlookBody, patchInOutlook, removeSeededSeries, startWorld, type World } from './harness';
import { ADELE_ID } from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
});
afterAll(() => w.stop());

async function rowOf(outlookId: string) {
  return (await w.store.mappings.listByMailbox(w.mailbox.id)).find((m) => m.outlookId === outlookId)!;
}

async function graphEvent(id: string): Promise<Record<string, unknown>> {
  const answer = await fetch(`${w.m365.baseUrl}/_control/mailboxes/${ADELE_ID}/events`);
  const all = ((await answer.json()) as { value: Array<Record<string, unknown>> }).value;
  return all.find((e) => e.id === id)!;
}

describe('an Odoo edit in the same second as the sync', () => {
  it('when the Odoo clock is frozen and the person edits right after the sync wrote, then the next run still sees the edit', async () => {
    const frozenAt = new Date(Date.now() + 1000); // after every earlier write, so the ERP cursor keeps its order
    w.odoo.control.setClock(frozenAt);
    try {
      const id = String((await createInOutlook(w, outlookBody('Same second', 4))).id);
      await w.engine.syncMailbox(w.mailbox.id);
      const erpId = (await rowOf(id)).erpId!;
      const [record] = await w.erp.readEvents([erpId]);
      await w.erp.updateEvent(erpId, { ...record!.event, location: 'Edited in Odoo' }, ['location'], { quiet: true });

      const run = await w.engine.syncMailbox(w.mailbox.id);

      expect(run.applied).toEqual({ outlook: { update: 1 }, erp: {} });
      expect(((await graphEvent(id)).location as { displayName: string }).displayName).toBe('Edited in Odoo');
    } finally {
      w.odoo.control.setClock(new Date(frozenAt.getTime() + 1000), false);
    }
  });
});

describe('a conflict the person resolved in the pane', () => {
  let outlookId: string;
  it('when title and location changed differently on both sides and the person picks per field, then the next run writes each chosen value to the other side and clears the conflict', async () => {
    outlookId = String((await createInOutlook(w, outlookBody('Pick me', 3, { location: { displayName: 'A' } }))).id);
    await w.engine.syncMailbox(w.mailbox.id);
    const erpId = (await rowOf(outlookId)).erpId!;
    await patchInOutlook(w, outlookId, { subject: 'Outlook title', location: { displayName: 'Outlook room' } });
    const [erpRecord] = await w.erp.readEvents([erpId]);
    await w.erp.updateEvent(
      erpId,
      { ...erpRecord!.event, title: 'ERP title', location: 'ERP room' },
      ['title', 'location'],
      {
        quiet: true,
      },
    );
    const first = await w.engine.syncMailbox(w.mailbox.id);
    expect(first.conflicts).toHaveLength(1);
    const conflicted = await rowOf(outlookId);
    expect(conflicted.status).toBe('conflict');

    // What the add-in API stores when the person chooses (server/http/addin-routes-events.ts).
    await w.store.mappings.update(w.mailbox.id, conflicted.id, {
      resolution: {
        choices: { title: 'erp', location: 'outlook' },
        conflict: conflicted.conflict,
        chosenAt: new Date().toISOString(),
      },
      status: 'pending',
    });
    const resolved = await w.engine.syncMailbox(w.mailbox.id);

    expect(resolved.errors).toEqual([]);
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.applied).toEqual({ outlook: { update: 1 }, erp: { update: 1 } });
    const [after] = await w.erp.readEvents([erpId]);
    expect(after!.event).toMatchObject({ title: 'ERP title', location: 'Outlook room' });
    const graph = await graphEvent(outlookId);
    expect(graph.subject).toBe('ERP title');
    expect((graph.location as { displayName: string }).displayName).toBe('Outlook room');
    const row2 = await rowOf(outlookId);
    expect(row2).toMatchObject({ status: 'synced', conflict: null, resolution: null });
    const audit = await w.store.audit.listByMapping(w.mailbox.id, row2.id);
    const writes = audit.filter((a) => a.action === 'update');
    expect(writes.map((a) => a.rule)).toEqual([
      'resolved by the person in the pane',
      'resolved by the person in the pane',
    ]);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when the conflict changed after the person chose, then the stale choices are dropped and the conflict is asked again', async () => {
    const row = await rowOf(outlookId);
    await patchInOutlook(w, outlookId, { subject: 'Outlook again' });
    const [erpRecord] = await w.erp.readEvents([row.erpId!]);
    await w.erp.updateEvent(row.erpId!, { ...erpRecord!.event, title: 'ERP again' }, ['title'], { quiet: true });
    await w.engine.syncMailbox(w.mailbox.id);
    const conflicted = await rowOf(outlookId);
    await w.store.mappings.update(w.mailbox.id, conflicted.id, {
      resolution: { choices: { title: 'outlook' }, conflict: conflicted.conflict, chosenAt: new Date().toISOString() },
      status: 'pending',
    });
    await patchInOutlook(w, outlookId, { subject: 'Outlook third' });

    const run = await w.engine.syncMailbox(w.mailbox.id);

    expect(run.conflicts).toHaveLength(1);
    expect(run.applied).toEqual({ outlook: {}, erp: {} });
    expect(await rowOf(outlookId)).toMatchObject({
      status: 'conflict',
      resolution: null,
    });
  });
});
