/**
 * Issue 19 Must 1: notifications caused by our own writes cost no re-read. Events the ERP made are created in
 * Outlook; the next run's delta round brings them back with the changeKeys we recorded, so it reads nothing more:
 * not the events by id (a created copy the round did not bring back is read, to see whether it was deleted).
 */
import { deleteInOutlook, erpEvent, outlookSubjects, startCleanWorld, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const graphRequests = () => w.m365.context.requestLog.totals().counted;

describe('the echo of our own Outlook creates', () => {
  it('when ERP events were created in Outlook, then the next run reads one delta round and no event by id', async () => {
    for (let i = 0; i < 6; i += 1) {
      await w.erp.createEvent(w.adele, erpEvent(`Echo ${i}`, 2 + i), `echo-${i}`, { quiet: true, needsReview: false });
    }
    const first = await w.engine.syncMailbox(w.mailbox.id);
    expect(first.status).toBe('succeeded');
    expect((await outlookSubjects(w)).filter((s) => s.startsWith('Echo ')).length).toBe(6);
    const before = graphRequests();
    const echo = await w.engine.syncMailbox(w.mailbox.id);
    expect(echo.status).toBe('succeeded');
    // One page of the delta round; re-reading the six creates by id made it 7.
    expect(graphRequests() - before).toBe(1);
  });

  it('when one of our Outlook creates is deleted before the next run, then that run still sees it gone', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Echo gone', 9), 'echo-gone', { quiet: true, needsReview: false });
    await w.engine.syncMailbox(w.mailbox.id);
    const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
    const row = rows.find((r) => r.base?.title === 'Echo gone');
    expect(row?.outlookId).toBeTruthy();
    await deleteInOutlook(w, row!.outlookId!);
    await w.engine.syncMailbox(w.mailbox.id);
    const after = (await w.store.mappings.listByMailbox(w.mailbox.id)).find((r) => r.id === row!.id);
    expect(after?.status).not.toBe('synced');
  });
});
