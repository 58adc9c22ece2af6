import { createSyncMetrics } from '../../server/jobs';
import { openStore, type Store } from '../../server/store';

let store: Store;
beforeAll(async () => {
  store = await openStore({ databaseUrl: 'file::memory:' });
});
afterAll(() => store.close());

async function mailbox(name: string) {
  const tenantId = '11111111-1111-4111-8111-111111111111';
  await store.tenants.upsert({ id: tenantId, name: 'Contoso', authMode: 'delegated' });
  return store.mailboxes.upsert({ tenantId, userObjectId: name, upn: `${name}@c.example`, email: `${name}@c.example` });
}

test('when mailboxes have conditions, then /metrics reports mailboxes per kind, and 0 for kinds without any', async () => {
  const metrics = createSyncMetrics({ conditionCounts: () => store.conditions.countMailboxesByKind() });
  const adele = await mailbox('adele');
  const bob = await mailbox('bob');
  await store.conditions.raise(adele.id, { kind: 'delete_guard', key: 'outlook', reason: 'held' });
  await store.conditions.raise(adele.id, { kind: 'delete_guard', key: 'erp', reason: 'held' });
  await store.conditions.raise(bob.id, { kind: 'delete_guard', key: 'outlook', reason: 'held' });
  await store.mailboxes.setStatus(bob.id, 'needs_reconnect', 'revoked');
  const text = await metrics.registry.metrics();
  expect(text).toContain('sync_mailbox_conditions{kind="delete_guard"} 2');
  expect(text).toContain('sync_mailbox_conditions{kind="needs_reconnect"} 1');
  expect(text).toContain('sync_mailbox_conditions{kind="paused"} 0');

  await store.conditions.clearKind(adele.id, 'delete_guard');
  expect(await metrics.registry.metrics()).toContain('sync_mailbox_conditions{kind="delete_guard"} 1');
});
