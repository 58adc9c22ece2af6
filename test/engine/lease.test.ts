/**
 * A run that lost its lease (the queue aborted its signal: another process may hold the mailbox now) stops before
 * its next write, leaves the cursors and the mailbox's state alone, and the next run with the lease does the work.
 */
import { createInOutlook, erpTitles, outlookBody, removeSeededSeries, startWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
});
afterAll(() => w.stop());

describe('the lease reaches the engine', () => {
  it('when the lease is lost before the run writes, then nothing is written and the next run writes it once', async () => {
    await createInOutlook(w, outlookBody('Lease probe', 3));
    const lost = new AbortController();
    lost.abort(new Error('lease connection closed'));
    const mailboxBefore = await w.store.mailboxes.get(w.mailbox.id);

    const summary = await w.engine.syncMailbox(w.mailbox.id, 'notification', { signal: lost.signal });

    expect(summary.status).toBe('failed');
    expect(summary.fatal).toMatch(/lost its lease/);
    expect(await erpTitles(w)).not.toContain('Lease probe');
    expect(await w.store.cursors.get(w.mailbox.id, 'outlook_delta')).toBeUndefined();
    expect((await w.store.mailboxes.get(w.mailbox.id))?.lastSyncAt).toBe(mailboxBefore?.lastSyncAt);

    const next = await w.engine.syncMailbox(w.mailbox.id, 'notification', { signal: new AbortController().signal });
    expect(next.status).toBe('succeeded');
    expect((await erpTitles(w)).filter((t) => t === 'Lease probe')).toHaveLength(1);
  });

  it('when the lease is lost while ERP writes are under way, then the run stops before the next one', async () => {
    await createInOutlook(w, outlookBody('Lease first', 4));
    await createInOutlook(w, outlookBody('Lease second', 5));
    const lease = new AbortController();
    // The first ERP create goes out; the lease is lost while it is answered. One create at a time (an ERP without
    // bulk creates), so there is a next write for the lost lease to stop; bulk lists are checked between lists.
    const erp = Object.assign(Object.create(w.deps.erp) as typeof w.deps.erp, {
      createEvents: undefined,
      createEvent: async (...args: Parameters<typeof w.deps.erp.createEvent>) => {
        const created = await w.deps.erp.createEvent(...args);
        lease.abort(new Error('lease connection closed'));
        return created;
      },
    });
    const summary = await w.engineWith({ erp }).syncMailbox(w.mailbox.id, 'notification', { signal: lease.signal });
    expect(summary.status).toBe('failed');
    const titles = await erpTitles(w);
    expect(titles.filter((t) => t === 'Lease first' || t === 'Lease second')).toHaveLength(1);
    await w.engine.syncMailbox(w.mailbox.id);
    const after = await erpTitles(w);
    expect(after.filter((t) => t === 'Lease first')).toHaveLength(1);
    expect(after.filter((t) => t === 'Lease second')).toHaveLength(1);
  });
});
