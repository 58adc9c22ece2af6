/**
 * When the Outlook copy of an organizer-less ERP appointment is created but not recorded, the next run adopts it by
 * our mapping-id property with the ERP record as its base (server/engine/pair.ts, lostOutlookCreate), so the
 * organizer Exchange adds (Adele) is an Outlook change, not a conflict, on an ERP that stores organizers (REST).
 */
import type { Store } from '../../server/store';
import { REST_ERP } from './erp-fixtures';
import { startErpWorld, type ErpWorld } from './erp-world';
import { erpEvent, outlookSubjects, removeSeededSeries } from './harness';

function crashingStore(store: Store): Store {
  return {
    ...store,
    transaction: (work) =>
      store.transaction(async (tx) => {
        const result = await work(tx);
        if (result === undefined) throw new Error('process died before the result was recorded');
        return result;
      }),
  };
}

let w: ErpWorld;
beforeAll(async () => {
  w = await startErpWorld(REST_ERP);
  await removeSeededSeries(w);
  await w.engine.syncMailbox(w.mailbox.id);
});
afterAll(() => w.stop());

it('when an organizer-less REST appointment’s Outlook create is lost, then the next run pairs it as synced', async () => {
  const id = await w.running.create(w.adele, erpEvent('No organizer', 4, { organizer: null }));
  await w.engineWith({ store: crashingStore(w.store) }).syncMailbox(w.mailbox.id);
  expect((await outlookSubjects(w)).filter((s) => s === 'No organizer')).toHaveLength(1);

  await w.engine.syncMailbox(w.mailbox.id);

  const row = await w.store.mappings.getByErpRef(w.mailbox.id, { model: 'rest', id });
  expect(row).toMatchObject({ status: 'synced', conflict: null });
});
