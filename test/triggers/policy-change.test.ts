/**
 * A policy change takes effect on events that already exist: an admin who makes a new category mark events for
 * sync expects Adele's events in that category to reach the ERP on their own, not at the next daily sweep. Graph's
 * delta reports only what changed, so without a full read they would wait for the sweep.
 */
import { erpTitles, outlookCall, startTriggerWorld, waitFor, type TriggerWorld } from './world';

describe('a tenant policy change through the running backend', () => {
  let world: TriggerWorld;
  let key: string;

  const runs = async () => world.backend.store.syncRuns.listRecent(world.mailbox.id, 1000);
  const finished = async () => (await runs()).filter((r) => r.finishedAt !== null).length;

  beforeAll(async () => {
    world = await startTriggerWorld({ GRAPH_NOTIFICATIONS: 'off', ERP_POLL_SECONDS: '86400', SWEEP_HOURS: '1000' });
    key = world.config.ADMIN_API_KEY!;
    await waitFor('the first sync', async () => ((await finished()) > 0 ? true : undefined));
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  async function syncNow(): Promise<void> {
    const done = await finished();
    await world.backend.services.background.requestSync(world.mailbox.id, { kind: 'manual' });
    await waitFor('the run', async () => ((await finished()) > done ? true : undefined));
  }

  it('when the marking category changes, then existing events in the new category sync without waiting for the sweep', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
    await outlookCall(world, 'POST', '/events', {
      subject: 'Quarterly review with Fabrikam',
      start: at(start),
      end: at(new Date(start.getTime() + 3_600_000)),
      categories: ['Customer'],
    });
    // Read once under the old policy ("ERP" marks): not marked, so not copied, and the delta cursor moves past it.
    await syncNow();
    expect([...(await erpTitles(world)).values()]).not.toContain('Quarterly review with Fabrikam');

    const put = await fetch(`${world.backend.url}/admin/tenants/${world.mailbox.tenantId}/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ marking: { category: 'Customer' } }),
    });
    expect(put.status).toBe(200);
    await syncNow();
    await waitFor('the event to reach the ERP', async () =>
      [...(await erpTitles(world)).values()].includes('Quarterly review with Fabrikam') ? true : undefined,
    );
    const reread = (await runs()).filter((r) => r.trigger === 'sweep');
    expect(reread.length).toBe(1);
  }, 60_000);

  it('when the policy is stored again unchanged, then no mailbox is read again', async () => {
    const before = (await runs()).length;
    const put = await fetch(`${world.backend.url}/admin/tenants/${world.mailbox.tenantId}/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ marking: { category: 'Customer' } }),
    });
    expect(put.status).toBe(200);
    await syncNow();
    expect((await runs()).length).toBe(before + 1);
  }, 60_000);
});
