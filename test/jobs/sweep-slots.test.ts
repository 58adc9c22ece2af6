/**
 * The safety sweep spread over its period (issue 19): every mailbox is swept once per period, in its own slot, so a
 * tenant's mailboxes do not all start a full read at the same instant.
 */
import { createInProcessQueue, createSyncMetrics } from '../../server/jobs';
import { createBackground } from '../../server/jobs/background';
import { slotAt, slotOf, SWEEP_SLOTS } from '../../server/jobs/sweep-slots';
import { openStore, type Store } from '../../server/store';

describe('sweep slots', () => {
  it('when 1,000 mailboxes are placed, then each has one stable slot and every slot holds some', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `mailbox-${i}`);
    const counts = new Array<number>(SWEEP_SLOTS).fill(0);
    for (const id of ids) counts[slotOf(id)]! += 1;
    expect(ids.map((id) => slotOf(id))).toEqual(ids.map((id) => slotOf(id)));
    expect(Math.min(...counts)).toBeGreaterThan(1000 / SWEEP_SLOTS / 2);
    expect(Math.max(...counts)).toBeLessThan((1000 / SWEEP_SLOTS) * 2);
  });

  it('when the ticks of one period go by, then each slot comes once', () => {
    const period = 24 * 3_600_000;
    const start = Date.parse('2026-12-03T00:00:00Z');
    const slots = Array.from({ length: SWEEP_SLOTS }, (_, i) => slotAt(start + (i * period) / SWEEP_SLOTS, period));
    expect([...slots].sort((a, b) => a - b)).toEqual(Array.from({ length: SWEEP_SLOTS }, (_, i) => i));
  });

  describe('the background intake', () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore({ databaseUrl: 'file::memory:' });
      await store.tenants.upsert({ id: 't1', name: 'T', authMode: 'delegated' });
      for (let i = 0; i < 48; i += 1) {
        const email = `p${i}@t.example`;
        await store.mailboxes.upsert({ tenantId: 't1', upn: email, email, userObjectId: `u${i}`, status: 'connected' });
      }
    });
    afterEach(() => store.close());

    it('when every slot is asked in turn, then each connected mailbox is enqueued exactly once', async () => {
      const enqueued: string[] = [];
      const queue = createInProcessQueue({ logger: { warn: () => undefined, error: () => undefined } });
      const background = createBackground({
        store,
        engine: { syncMailbox: async () => undefined as never },
        queue: { ...queue, enqueue: async (id: string) => void enqueued.push(id) },
        metrics: createSyncMetrics(),
        logger: { warn: () => undefined, error: () => undefined, info: () => undefined },
        runSyncs: false,
        runScheduler: false,
        erpPollSeconds: 60,
        sweepHours: 24,
      });
      let total = 0;
      for (let slot = 0; slot < SWEEP_SLOTS; slot += 1) total += await background.requestAll({ kind: 'sweep' }, slot);
      expect(total).toBe(48);
      expect(new Set(enqueued).size).toBe(48);
    });
  });
});
