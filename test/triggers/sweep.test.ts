/**
 * The safety sweep: with notifications off and the ERP poll hours away, changes made on either side drift; a
 * sweep (a full reconcile: both cursors forgotten) finds and repairs them, reports "N drifted, M repaired" in the
 * metrics, and duplicates nothing. A sweep over a mailbox in sync reports nothing drifted.
 */
import { erpTitles, markedEvent, outlookCall, startTriggerWorld, waitFor, type TriggerWorld } from './world';

describe('the safety sweep through the running backend', () => {
  let world: TriggerWorld;

  beforeAll(async () => {
    world = await startTriggerWorld({ GRAPH_NOTIFICATIONS: 'off', ERP_POLL_SECONDS: '86400', SWEEP_HOURS: '1000' });
    await waitFor('the first sync', async () => {
      const runs = await world.backend.store.syncRuns.listRecent(world.mailbox.id, 10);
      return runs.length > 0 && runs.every((r) => r.finishedAt !== null) ? true : undefined;
    });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  const counter = async (name: string): Promise<number> => {
    const text = await world.backend.services.metrics.registry.getSingleMetricAsString(name);
    return Number(/\s(\d+)\s*$/.exec(text)?.[1] ?? 'NaN');
  };

  async function sweep(): Promise<{ drifted: number; repaired: number }> {
    const before = {
      drifted: await counter('sync_sweep_drifted_total'),
      repaired: await counter('sync_sweep_repaired_total'),
    };
    const sweeps = async () =>
      (await world.backend.store.syncRuns.listRecent(world.mailbox.id, 1000)).filter(
        (r) => r.trigger === 'sweep' && r.finishedAt !== null,
      ).length;
    const done = await sweeps();
    await world.backend.services.background.requestSync(world.mailbox.id, { kind: 'sweep' });
    await waitFor('the sweep run', async () => ((await sweeps()) > done ? true : undefined));
    // The handler counts right after the run is recorded.
    await waitFor('the sweep counters', async () =>
      (await world.backend.services.metrics.registry.getSingleMetricAsString('sync_queue_in_flight')).endsWith(' 0')
        ? true
        : undefined,
    );
    return {
      drifted: (await counter('sync_sweep_drifted_total')) - before.drifted,
      repaired: (await counter('sync_sweep_repaired_total')) - before.repaired,
    };
  }

  it('when nothing changed, then the sweep reports 0 drifted, 0 repaired', async () => {
    expect(await sweep()).toEqual({ drifted: 0, repaired: 0 });
  });

  it('when an Outlook event changed unnoticed, then the sweep repairs it once and a second sweep finds nothing', async () => {
    await outlookCall(world, 'POST', '/events', markedEvent('Drifted in Outlook'));
    expect([...(await erpTitles(world)).values()]).not.toContain('Drifted in Outlook');
    const first = await sweep();
    expect(first.drifted).toBeGreaterThanOrEqual(1);
    expect(first.repaired).toBeGreaterThanOrEqual(1);
    expect([...(await erpTitles(world)).values()].filter((t) => t === 'Drifted in Outlook')).toHaveLength(1);
    expect(await sweep()).toEqual({ drifted: 0, repaired: 0 });
    expect([...(await erpTitles(world)).values()].filter((t) => t === 'Drifted in Outlook')).toHaveLength(1);
  });
});
