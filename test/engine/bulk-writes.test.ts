/**
 * Issue 19 Must 2: a run creates its new ERP records in lists (one Odoo `load` for many events), not one at a time;
 * a bulk create whose answer is lost is recovered by the next run from the idempotency keys, never duplicated.
 */
import { createInOutlook, erpTitles, outlookBody, removeSeededSeries, startWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
  await w.engine.syncMailbox(w.mailbox.id);
});
afterAll(() => w.stop());

const calls = () => w.odoo.control.calls();
const count = (list: string[], prefix: string) => list.filter((t) => t.startsWith(prefix)).length;

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
});
