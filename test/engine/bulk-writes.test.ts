/**
 * Issue 19 Must 2: a run creates its new ERP records in lists (one Odoo `load` for many events), not one at a time;
 * a bulk create whose answer is lost is recovered by the next run from the idempotency keys, never duplicated.
 */
import type { Store } from '../../server/store';
import { createInOutlook, erpTitles, outlookBody, startCleanWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const calls = () => w.odoo.control.calls();
const count = (list: string[], prefix: string) => list.filter((t) => t.startsWith(prefix)).length;

interface Watch {
  transactions: number;
  appends?: number;
  /** Mapping statements: one row's update, or many rows' (updateMany). */
  rowUpdates?: number;
  manyUpdates?: number;
  refuse: string | null;
}

/** The store, counting its transactions and refusing to record a result whose base has the title `refuse`. */
function watchedStore(store: Store, state: Watch): Store {
  return {
    ...store,
    transaction: (work) => {
      state.transactions += 1;
      return store.transaction((tx) =>
        work({
          ...tx,
          audit: {
            ...tx.audit,
            append: (entries) => {
              state.appends = (state.appends ?? 0) + 1;
              return tx.audit.append(entries);
            },
          },
          mappings: {
            ...tx.mappings,
            update: async (mailboxId, id, patch) => {
              state.rowUpdates = (state.rowUpdates ?? 0) + 1;
              if (state.refuse !== null && patch.base?.title === state.refuse) throw new Error('disk full');
              return tx.mappings.update(mailboxId, id, patch);
            },
            updateMany: async (mailboxId, updates) => {
              state.manyUpdates = (state.manyUpdates ?? 0) + 1;
              if (state.refuse !== null && updates.some((u) => u.patch.base?.title === state.refuse))
                throw new Error('disk full');
              return tx.mappings.updateMany(mailboxId, updates);
            },
          },
        }),
      );
    },
  };
}

async function createMany(prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await createInOutlook(w, outlookBody(`${prefix} ${i}`, 3 + (i % 20)));
}

describe('ERP writes in lists (issue 19)', () => {
  it('when 40 marked Outlook events are synced, then Odoo gets one load for all of them and a few calls in all', async () => {
    await createMany('Bulk', 40);
    w.odoo.control.clearCalls();
    const summary = await w.engine.syncMailbox(w.mailbox.id);
    const { total, byMethod } = calls();
    expect(summary.status).toBe('succeeded');
    expect(count(await erpTitles(w), 'Bulk ')).toBe(40);
    expect(byMethod['calendar.event.load']).toBe(1);
    // Reading the ERP side, the look-ups, the load and reading back what was made: not 10 per event as before.
    expect(total).toBeLessThan(25);
    const again = await w.engine.syncMailbox(w.mailbox.id);
    expect(again.status).toBe('succeeded');
    expect(count(await erpTitles(w), 'Bulk ')).toBe(40);
  });

  it('when the answer to a bulk create is lost after Odoo committed it, then the next run adopts the records, none twice', async () => {
    await createMany('Lost', 5);
    w.odoo.control.addFault({ kind: 'commit_then_drop', model: 'calendar.event', method: 'load', times: 10 });
    const first = await w.engine.syncMailbox(w.mailbox.id);
    expect(first.status).not.toBe('succeeded');
    w.odoo.control.clearFaults();
    const second = await w.engine.syncMailbox(w.mailbox.id);
    expect(second.status).toBe('succeeded');
    await w.engine.syncMailbox(w.mailbox.id);
    expect(count(await erpTitles(w), 'Lost ')).toBe(5);
    const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
    const lost = rows.filter((r) => r.erpId && r.outlookId && r.status === 'synced');
    expect(new Set(lost.map((r) => r.erpId)).size).toBe(lost.length);
  });

  it('when 40 new events are synced, then their rows and audit entries are written a chunk at a time, not one per event', async () => {
    await createMany('Chunked', 40);
    const state: Watch = { transactions: 0, appends: 0, rowUpdates: 0, manyUpdates: 0, refuse: null };
    const summary = await w.engineWith({ store: watchedStore(w.store, state) }).syncMailbox(w.mailbox.id);
    expect(summary.status).toBe('succeeded');
    expect(count(await erpTitles(w), 'Chunked ')).toBe(40);
    // Pending rows, results and cursors: a few transactions (was 2 per event: 80 and more).
    expect(state.transactions).toBeLessThan(10);
    // The audit entries of a chunk in one append (was one per event).
    expect(state.appends).toBeLessThan(5);
    // The results of a chunk in one update of many rows (was one UPDATE per event).
    expect(state.rowUpdates).toBe(0);
    expect(state.manyUpdates).toBeLessThan(5);
  });

  it('when one result of a chunk cannot be recorded, then the others are kept, and the next run records it without a second record', async () => {
    await createMany('Kept', 6);
    const state: Watch = { transactions: 0, refuse: 'Kept 3' };
    const first = await w.engineWith({ store: watchedStore(w.store, state) }).syncMailbox(w.mailbox.id);
    expect(first.status).toBe('partial');
    expect(first.errors).toEqual([expect.objectContaining({ code: 'not_recorded' })]);
    const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
    const kept = rows.filter((r) => r.base?.title.startsWith('Kept ') && r.status !== 'pending');
    expect(kept.map((r) => r.base?.title).sort()).toEqual(['Kept 0', 'Kept 1', 'Kept 2', 'Kept 4', 'Kept 5']);
    state.refuse = null;
    const second = await w.engineWith({ store: watchedStore(w.store, state) }).syncMailbox(w.mailbox.id);
    expect(second.status).toBe('succeeded');
    const titles = await erpTitles(w);
    for (let i = 0; i < 6; i += 1) expect(count(titles, `Kept ${i}`)).toBe(1);
    const after = await w.store.mappings.listByMailbox(w.mailbox.id);
    expect(after.filter((r) => r.base?.title === 'Kept 3' && r.status !== 'pending')).toHaveLength(1);
  });

  it('when a run reads both sides, then the ERP changes are asked for while the Outlook round is still answering', async () => {
    await createInOutlook(w, outlookBody('Beside', 4));
    let deltaAnsweredFirst: boolean | undefined;
    const erp = new Proxy(w.erp, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name, target);
        if (name !== 'listChanges' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const answered = await w.m365.control.requests();
          deltaAnsweredFirst ??= answered.some((e) => e.route.endsWith('/calendarView/delta'));
          return value.apply(target, args);
        };
      },
    });
    await w.m365.control.updateSettings({ latencyMs: 150 });
    try {
      await w.m365.control.clearRequests();
      const summary = await w.engineWith({ erp }).syncMailbox(w.mailbox.id);
      expect(summary.status).toBe('succeeded');
    } finally {
      await w.m365.control.updateSettings({ latencyMs: 0 });
    }
    expect(deltaAnsweredFirst).toBe(false);
    expect(count(await erpTitles(w), 'Beside')).toBe(1);
  });

  it('when 510 new events are synced, then they go to the ERP in one bulk create (its look-ups and read-back once)', async () => {
    const indexes = Array.from({ length: 510 }, (_, i) => i);
    // Four at a time: Graph's concurrency per mailbox.
    for (let i = 0; i < indexes.length; i += 4)
      await Promise.all(indexes.slice(i, i + 4).map((j) => createInOutlook(w, outlookBody(`Many ${j}`, 3 + (j % 20)))));
    const lists: number[] = [];
    const erp = new Proxy(w.erp, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name, target);
        if (name !== 'createEvents' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return (user: unknown, items: unknown[], options: unknown) => {
          lists.push(items.length);
          return value.call(target, user, items, options);
        };
      },
    });
    w.odoo.control.clearCalls();
    const summary = await w.engineWith({ erp }).syncMailbox(w.mailbox.id);
    expect(summary.status).toBe('succeeded');
    expect(count(await erpTitles(w), 'Many ')).toBe(510);
    expect(lists).toEqual([510]);
    // Odoo's load still takes 500 rows at most per call.
    expect(calls().byMethod['calendar.event.load']).toBe(2);
  }, 120_000);
});
