/**
 * Values Odoo holds only partly (its port's `represent`): an Outlook event that is tentative and personal reaches
 * Odoo as busy and private, and an Odoo edit of another field never writes busy/private back over Outlook.
 */
import { createInOutlook, outlookBody, outlookEvents, removeSeededSeries, startWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
  // A private event is Adele's alone in Odoo: it syncs with her own key (test/engine/private-events.test.ts).
  await w.personKeys.link(w.adele.id, w.mailbox.id, w.odoo.users.adele.apiKey);
});
afterAll(() => w.stop());

describe('values Odoo holds only partly', () => {
  it('when Outlook says tentative/personal and Odoo renames the event, then Outlook gets the title and keeps tentative/personal, and the next run is quiet', async () => {
    const created = await createInOutlook(w, outlookBody('Maybe', 5, { showAs: 'tentative', sensitivity: 'personal' }));
    const id = String(created.id);
    const first = await w.engine.syncMailbox(w.mailbox.id);
    expect(first.applied.erp).toEqual({ create: 1 });
    const row = await w.store.mappings.getByOutlookId(w.mailbox.id, id);
    const [record] = await w.erp.readEvents([row!.erpId!]);
    expect(record!.event).toMatchObject({ showAs: 'busy', sensitivity: 'private' });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });

    await w.erp.updateEvent(record!.id, { ...record!.event, title: 'Maybe (renamed in Odoo)' }, ['title'], {
      quiet: true,
    });
    const second = await w.engine.syncMailbox(w.mailbox.id);

    expect(second.errors).toEqual([]);
    expect(second.applied).toEqual({ outlook: { update: 1 }, erp: {} });
    const graph = (await outlookEvents(w)).find((e) => e.id === id)!;
    expect(graph).toMatchObject({ subject: 'Maybe (renamed in Odoo)', showAs: 'tentative', sensitivity: 'personal' });
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });
});
