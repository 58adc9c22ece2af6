/**
 * Odoo-specific resilience: a lost ERP create found by its idempotency key, an expired delta link (410), throttling
 * (429), one failing event, a rolled window. The crash case shared by every ERP lives in both-erps.test.ts.
 */
import type { Store } from '../../server/store';
import {
  createInOutlook,
  erpEvent,
  erpTitles,
  mailLogs,
  outlookBody,
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

/** A store whose transactions fail while `crashing` is on: as if the process died after the remote write. */
function crashingStore(store: Store, state: { crashing: boolean }): Store {
  return {
    ...store,
    transaction: (work) =>
      store.transaction(async (tx) => {
        const result = await work(tx);
        const recordsResult = state.crashing && result === undefined;
        if (recordsResult) throw new Error('process died before the result was recorded');
        return result;
      }),
  };
}

const count = (list: string[], title: string) => list.filter((t) => t === title).length;

describe('a sync that is interrupted or refused', () => {
  it('when the ERP create landed unrecorded and the person then renames the event, then the next run finds the record by its key and renames it', async () => {
    const made = await createInOutlook(w, outlookBody('Crash key before', 9));
    const state = { crashing: true };
    await w.engineWith({ store: crashingStore(w.store, state) }).syncMailbox(w.mailbox.id);
    expect(count(await erpTitles(w), 'Crash key before')).toBe(1);
    await patchInOutlook(w, String(made.id), { subject: 'Crash key after' });

    const recovered = await w.engine.syncMailbox(w.mailbox.id);

    expect(recovered.errors).toEqual([]);
    const titles = await erpTitles(w);
    expect(count(titles, 'Crash key before')).toBe(0);
    expect(count(titles, 'Crash key after')).toBe(1);
    expect((await w.engine.syncMailbox(w.mailbox.id)).applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when Graph answers 410 for the delta link, then the run reads everything again and duplicates nothing', async () => {
    await createInOutlook(w, outlookBody('After expiry', 7));
    await w.m365.control.expireDeltaTokens();
    const before = { erp: await erpTitles(w), outlook: await outlookSubjects(w) };

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.outlookFullRead).toBe('expired');
    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: {}, erp: { create: 1 } });
    expect(await erpTitles(w)).toEqual([...before.erp, 'After expiry'].sort());
    expect(await outlookSubjects(w)).toEqual(before.outlook);
  });

  it('when Graph throttles the batch with 429 and Retry-After, then the run waits and completes', async () => {
    await w.erp.createEvent(w.adele, erpEvent('Throttled', 8), 'person-429', { quiet: true, needsReview: false });
    await w.m365.control.addFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      method: 'POST',
      path: '\\$batch',
      count: 1,
    });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.applied.outlook).toEqual({ create: 1 });
    expect(count(await outlookSubjects(w), 'Throttled')).toBe(1);
    expect((await w.m365.control.faults()).every((f) => f.remaining === 0)).toBe(true);
  });

  it('when the ERP keeps failing one create, then that event alone fails with its error recorded, and a later run retries it once', async () => {
    const failing = String((await createInOutlook(w, outlookBody('Refused once', 9))).id);
    await w.erp.createEvent(w.adele, erpEvent('Goes through', 9), 'person-ok', { quiet: true, needsReview: false });
    w.odoo.control.addFault({ kind: 'status', status: 503, model: 'calendar.event', method: 'load', times: 20 });

    const summary = await w.engine.syncMailbox(w.mailbox.id);
    w.odoo.control.clearFaults();

    expect(summary.status).toBe('partial');
    expect(summary.errors).toEqual([
      expect.objectContaining({ code: 'erp_unavailable', message: expect.stringContaining('The ERP did not answer') }),
    ]);
    expect(summary.applied.outlook).toEqual({ create: 1 });
    const row = await w.store.mappings.getByOutlookId(w.mailbox.id, failing);
    expect(row).toMatchObject({ status: 'error', lastErrorCode: 'erp_unavailable', base: null });
    const audit = await w.store.audit.listByMapping(w.mailbox.id, row!.id);
    expect(audit[0]).toMatchObject({ side: 'erp', action: 'error' });

    const retry = await w.engine.syncMailbox(w.mailbox.id);
    expect(retry.errors).toEqual([]);
    expect(count(await erpTitles(w), 'Refused once')).toBe(1);
    expect(await w.store.mappings.getByOutlookId(w.mailbox.id, failing)).toMatchObject({ lastErrorCode: null });
  });

  it('when a day has passed, then the window rolls: Outlook is read in full over the new window and nothing duplicates', async () => {
    const before = { erp: await erpTitles(w), outlook: await outlookSubjects(w) };
    const tomorrow = { now: () => new Date(Date.now() + 86_400_000) };
    const summary = await w.engineWith({ clock: tomorrow }).syncMailbox(w.mailbox.id);
    expect(summary.outlookFullRead).toBe('window');
    expect(summary.errors).toEqual([]);
    expect(summary.applied).toEqual({ outlook: {}, erp: {} });
    expect({ erp: await erpTitles(w), outlook: await outlookSubjects(w) }).toEqual(before);
    const cursor = await w.store.cursors.get(w.mailbox.id, 'outlook_delta');
    expect(Date.parse(cursor!.windowStart!)).toBeGreaterThan(Date.now() - 30 * 86_400_000);
  });

  it('when all of the above ran in quiet mode, then neither Graph nor Odoo sent a single mail', async () => {
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });
});
