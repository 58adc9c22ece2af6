/**
 * `POST /webhooks/graph` on a real backend: a genuine notification queues its mailbox's sync once; the same
 * notification delivered again (Graph's redelivery, or a replay by someone who captured it) is recognised by its
 * identity and queues nothing (issue 18, defect 7). Shapes follow Microsoft's published Outlook payloads.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashClientState } from '../../server/jobs/client-state';
import { expectProblem, startProductionBackend, type ProductionBackend } from './production-backend';

describe('Graph change notifications on the running backend', () => {
  let world: ProductionBackend;
  const clientState = randomBytes(32).toString('base64url');
  const subscriptionId = randomUUID();
  const userId = randomUUID();

  beforeAll(async () => {
    world = await startProductionBackend({ GRAPH_NOTIFICATIONS: 'on' });
    const { store } = world.backend;
    const tenantId = randomUUID();
    await store.tenants.upsert({ id: tenantId, name: 'Contoso', authMode: 'delegated' });
    const mailbox = await store.mailboxes.upsert({
      tenantId,
      userObjectId: userId,
      upn: 'adele@contoso.example',
      email: 'adele@contoso.example',
    });
    await store.subscriptions.put(mailbox.id, {
      subscriptionId,
      clientStateHash: hashClientState(clientState),
      expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  const enqueued = () => world.enqueued('notification');
  /**
   * The count once it reached `expected`: the enqueue runs just after the 202, while a duplicate is refused before
   * the answer, so nothing can be added later by the requests already answered.
   */
  /** Duplicates refused so far: counted before the answer, so exact as soon as the POSTs are answered. */
  async function duplicates(): Promise<number> {
    const text = await world.backend.services.metrics.registry.getSingleMetricAsString(
      'sync_notifications_rejected_total',
    );
    return Number(/reason="duplicate"\} (\d+)/.exec(text)?.[1] ?? 0);
  }

  async function enqueuedReaching(expected: number): Promise<number> {
    const until = Date.now() + 10_000;
    let count = await enqueued();
    while (count < expected && Date.now() < until) {
      await new Promise((resolve) => setImmediate(resolve));
      count = await enqueued();
    }
    return count;
  }
  const post = (path: string, body: unknown) =>
    fetch(`${world.backend.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  function change(changeType: string, eventId: string, etag?: string, id?: string): Record<string, unknown> {
    const resource = `Users/${userId}/Events/${eventId}`;
    return {
      ...(id ? { id } : {}),
      subscriptionId,
      subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
      changeType,
      resource,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': resource,
        ...(etag ? { '@odata.etag': etag } : {}),
        id: eventId,
      },
      clientState,
      tenantId: randomUUID(),
    };
  }

  it('when one change is delivered three times, then one sync is queued', async () => {
    const body = { value: [change('updated', 'AAMkAGI1', 'W/"DwAAABYAAAB1"')] };
    const before = await enqueued();
    const refusedBefore = await duplicates();
    for (let i = 0; i < 3; i += 1) expect((await post('/webhooks/graph', body)).status).toBe(202);
    expect(await duplicates()).toBe(refusedBefore + 2);
    expect(await enqueuedReaching(before + 1)).toBe(before + 1);
  });

  it('when the same event changes again (a new etag), then that is a new notification', async () => {
    const before = await enqueued();
    const refusedBefore = await duplicates();
    await post('/webhooks/graph', { value: [change('updated', 'AAMkAGI2', 'W/"DwAAABYAAAB2"')] });
    await post('/webhooks/graph', { value: [change('updated', 'AAMkAGI2', 'W/"DwAAABYAAAB3"')] });
    expect(await duplicates()).toBe(refusedBefore);
    expect(await enqueuedReaching(before + 2)).toBe(before + 2);
  });

  it('when Graph sends a notification id, then the id identifies the repeat', async () => {
    const before = await enqueued();
    const body = { value: [change('created', 'AAMkAGI3', undefined, 'lsgTZMr9KwAAA')] };
    const refusedBefore = await duplicates();
    await post('/webhooks/graph', body);
    await post('/webhooks/graph', body);
    expect(await duplicates()).toBe(refusedBefore + 1);
    expect(await enqueuedReaching(before + 1)).toBe(before + 1);
  });

  it('when a delete is delivered twice, then one sync is queued', async () => {
    const before = await enqueued();
    const body = { value: [change('deleted', 'AAMkAGI4')] };
    const refusedBefore = await duplicates();
    await post('/webhooks/graph', body);
    await post('/webhooks/graph', body);
    expect(await duplicates()).toBe(refusedBefore + 1);
    expect(await enqueuedReaching(before + 1)).toBe(before + 1);
  });

  it('when the clientState is wrong, then 403 problem and nothing is queued', async () => {
    const before = await enqueued();
    const forged = { ...change('updated', 'AAMkAGI5', 'W/"x"'), clientState: 'guess' };
    await expectProblem(await post('/webhooks/graph', { value: [forged] }), 403);
    expect(await enqueued()).toBe(before);
  });
});
