/**
 * Change notifications end to end against the Microsoft 365 emulator: connecting subscribes the mailbox, an
 * Outlook edit reaches the ERP through the webhook and the queue (the ERP poll and the sweep are hours away),
 * forged clientState is refused and counted, and lifecycle events recreate, reauthorise and resync.
 */
import {
  ADELE_ID,
  erpTitles,
  m365Control,
  markedEvent,
  outlookCall,
  startTriggerWorld,
  waitFor,
  type TriggerWorld,
} from './world';

interface EmulatedSubscription {
  id: string;
  notificationUrl: string;
  expirationDateTime: string;
  expired: boolean;
}
interface Delivery {
  subscriptionId: string;
  kind: string;
  event: string;
  status?: number;
}

describe('Graph change notifications through the running backend', () => {
  let world: TriggerWorld;

  beforeAll(async () => {
    world = await startTriggerWorld({ ERP_POLL_SECONDS: '86400', SWEEP_HOURS: '1000' });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  const subscriptions = async () =>
    (await m365Control<{ subscriptions: EmulatedSubscription[] }>(world, 'GET', '/subscriptions')).subscriptions.filter(
      (s) => !s.expired,
    );
  const deliveries = async () =>
    (await m365Control<{ deliveries: Delivery[] }>(world, 'GET', '/notifications')).deliveries;
  const stored = () => world.backend.store.subscriptions.get(world.mailbox.id);
  const metrics = async () =>
    (
      await fetch(`${world.backend.url}/metrics`, {
        headers: { authorization: `Bearer ${world.config.ADMIN_API_KEY}` },
      })
    ).text();
  const runs = () => world.backend.store.syncRuns.listRecent(world.mailbox.id, 1000);

  it('when Graph validates the endpoint, then the token is echoed as text/plain', async () => {
    const answer = await fetch(`${world.backend.url}/webhooks/graph?validationToken=${encodeURIComponent('a b+c')}`, {
      method: 'POST',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe('a b+c');
  });

  it('when Adele connects, then one subscription on her events posts to our webhook; only its hash is stored', async () => {
    const row = await waitFor('the stored subscription', stored);
    const live = await subscriptions();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      id: row.subscriptionId,
      notificationUrl: `${world.config.PUBLIC_URL}/webhooks/graph`,
    });
    expect(row.clientStateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when Adele creates then edits a marked event in Outlook, then the ERP gets both through notifications', async () => {
    const created = await outlookCall(world, 'POST', '/events', markedEvent('Notified create'));
    const erpId = await waitFor('the ERP record', async () => {
      for (const [id, title] of await erpTitles(world)) if (title === 'Notified create') return id;
      return undefined;
    });
    await outlookCall(world, 'PATCH', `/events/${String(created['id'])}`, { subject: 'Notified edit' });
    await waitFor('the ERP edit', async () =>
      (await erpTitles(world)).get(erpId) === 'Notified edit' ? true : undefined,
    );
    // Nothing polled: every run was the connect's first sync or a notification.
    const triggers = new Set((await runs()).map((r) => r.trigger));
    expect([...triggers].sort()).toEqual(['notification', 'user']);
    const accepted = (await deliveries()).filter((d) => d.kind === 'change' && d.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(2);
  });

  it('when a notification carries a forged clientState, then it is refused with 403 and counted', async () => {
    const row = (await stored())!;
    const before = (await runs()).length;
    const forged = await fetch(`${world.backend.url}/webhooks/graph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [{ subscriptionId: row.subscriptionId, clientState: 'guessed-secret', changeType: 'updated' }],
      }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await metrics()).toMatch(/sync_notifications_rejected_total\{reason="client_state"\} 1\b/);
    const unknown = await fetch(`${world.backend.url}/webhooks/graph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId: 'not-ours', clientState: 'x' }] }),
    });
    expect(unknown.status).toBe(403);
    expect((await runs()).length).toBe(before);
  });

  it('when a burst of notifications arrives, then far fewer runs than notifications follow (coalesced)', async () => {
    const created = await outlookCall(world, 'POST', '/events', markedEvent('Burst target'));
    await waitFor('the burst target in the ERP', async () =>
      [...(await erpTitles(world)).values()].includes('Burst target') ? true : undefined,
    );
    const accepted = async () => (await deliveries()).filter((d) => d.kind === 'change' && d.status === 202).length;
    const deliveredBefore = await accepted();
    const before = (await runs()).length;
    const burst = 20;
    await Promise.all(
      Array.from({ length: burst }, () =>
        m365Control(world, 'POST', '/subscriptions/changes', {
          user: ADELE_ID,
          eventId: created['id'],
          changeType: 'updated',
        }),
      ),
    );
    await waitFor('the burst delivered', async () =>
      (await accepted()) >= deliveredBefore + burst ? true : undefined,
    );
    await waitFor('the runs to settle', async () => {
      const all = await runs();
      return all.every((r) => r.finishedAt !== null) && all.length > before ? true : undefined;
    });
    const added = (await runs()).length - before;
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThan(burst / 2);
  });

  it('when Graph removes the subscription, then a new one (new secret) replaces it', async () => {
    const old = (await stored())!;
    const status = await m365Control<{ status?: number }>(
      world,
      'POST',
      `/subscriptions/${old.subscriptionId}/lifecycle`,
      {
        event: 'subscriptionRemoved',
      },
    );
    expect(status).toMatchObject({ status: 202 });
    const renewed = await waitFor('a new subscription', async () => {
      const row = await stored();
      return row && row.subscriptionId !== old.subscriptionId ? row : undefined;
    });
    expect(renewed.clientStateHash).not.toBe(old.clientStateHash);
    expect((await subscriptions()).map((s) => s.id)).toEqual([renewed.subscriptionId]);
  });

  it('when Graph asks for reauthorization, then the subscription is renewed in place', async () => {
    const before = (await stored())!;
    await m365Control(world, 'POST', `/subscriptions/${before.subscriptionId}/lifecycle`, {
      event: 'reauthorizationRequired',
    });
    const after = await waitFor('the renewal', async () => {
      const row = await stored();
      return row && row.updatedAt !== before.updatedAt ? row : undefined;
    });
    expect(after.subscriptionId).toBe(before.subscriptionId);
    expect(Date.parse(after.expiresAt)).toBeGreaterThanOrEqual(Date.parse(before.expiresAt));
    expect(await metrics()).toMatch(/sync_subscription_actions_total\{action="renew",outcome="ok"\} 1\b/);
  });

  it('when notifications were missed, then a delta resync picks up the change nobody was told about', async () => {
    const row = (await stored())!;
    await m365Control(world, 'POST', '/subscriptions/drop', { count: 1 });
    await outlookCall(world, 'POST', '/events', markedEvent('Dropped notification'));
    expect([...(await erpTitles(world)).values()]).not.toContain('Dropped notification');
    await m365Control(world, 'POST', `/subscriptions/${row.subscriptionId}/lifecycle`, { event: 'missed' });
    await waitFor('the resync', async () =>
      [...(await erpTitles(world)).values()].includes('Dropped notification') ? true : undefined,
    );
  });

  it('when a subscription nears its expiry, then upkeep renews it; when it expired, then upkeep makes a new one', async () => {
    const upkeep = world.backend.services.subscriptions!;
    const store = world.backend.store.subscriptions;
    const row = (await stored())!;
    // Less than 30 % of the lifetime left (as if days had passed).
    await store.put(world.mailbox.id, { ...row, expiresAt: new Date(Date.now() + 60 * 60_000).toISOString() });
    expect(await upkeep.upkeepAll()).toMatchObject({ renewed: 1, created: 0 });
    const renewed = (await stored())!;
    expect(renewed.subscriptionId).toBe(row.subscriptionId);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.now() + 69 * 3_600_000);
    expect(await upkeep.upkeepAll()).toMatchObject({ kept: 1, renewed: 0 });
    await store.put(world.mailbox.id, { ...renewed, expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(await upkeep.upkeepAll()).toMatchObject({ created: 1 });
    const fresh = (await stored())!;
    expect(fresh.subscriptionId).not.toBe(row.subscriptionId);
    expect((await subscriptions()).map((s) => s.id)).toContain(fresh.subscriptionId);
  });

  it('when /metrics is asked without the admin key, then 401', async () => {
    expect((await fetch(`${world.backend.url}/metrics`)).status).toBe(401);
    expect(await metrics()).toMatch(/sync_runs_total\{trigger="notification",status="succeeded"\} \d+/);
  });
});
