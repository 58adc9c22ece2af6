import { randomUUID } from 'node:crypto';
import { seedMailbox, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

describe.each(TEST_ENGINES)('store (%s) tenants, mailboxes and token cache', (engine) => {
  const handle = withOpenStore(engine);

  test('when a tenant is upserted twice, then it is updated in place and omitted fields keep their values', async () => {
    const { tenants } = handle.store;
    const id = randomUUID();
    const policy = { direction: 'two-way', window: { daysBack: 30, daysAhead: 365 }, category: 'ERP ✓' };
    const created = await tenants.upsert({
      id,
      name: 'Contoso',
      authMode: 'delegated',
      policy,
      erpSettingsRef: 'odoo-main',
    });
    expect(created).toMatchObject({ id, name: 'Contoso', authMode: 'delegated', policy, erpSettingsRef: 'odoo-main' });

    const renamed = await tenants.upsert({ id, name: 'Contoso Ltd', authMode: 'app_only' });
    expect(renamed).toMatchObject({ name: 'Contoso Ltd', authMode: 'app_only', policy, erpSettingsRef: 'odoo-main' });
    expect(renamed.createdAt).toBe(created.createdAt);
    await expect(tenants.get(id)).resolves.toEqual(renamed);
    expect((await tenants.list()).filter((t) => t.id === id)).toEqual([renamed]);
    await expect(tenants.get(randomUUID())).resolves.toBeUndefined();
  });

  test('when a tenant is created without policy, then it reads back as an empty object', async () => {
    const tenant = await handle.store.tenants.upsert({ id: randomUUID(), name: 'Empty', authMode: 'delegated' });
    expect(tenant.policy).toEqual({});
    expect(tenant.erpSettingsRef).toBeNull();
  });

  test('when a mailbox is upserted again for the same person, then it keeps its id and status', async () => {
    const { mailboxes } = handle.store;
    const first = await seedMailbox(handle.store);
    expect(first).toMatchObject({ status: 'connected', statusReason: null, erpUserId: null, lastSyncAt: null });
    await mailboxes.setStatus(first.id, 'needs_reconnect', 'invalid_grant');
    const again = await mailboxes.upsert({
      tenantId: first.tenantId,
      userObjectId: first.userObjectId,
      upn: 'renamed@contoso.example',
      email: 'renamed@contoso.example',
      erpUserId: '12',
    });
    expect(again).toMatchObject({
      id: first.id,
      status: 'needs_reconnect',
      statusReason: 'invalid_grant',
      erpUserId: '12',
    });
    expect(again.upn).toBe('renamed@contoso.example');
    await expect(mailboxes.getByUser(first.tenantId, first.userObjectId)).resolves.toEqual(again);
    await expect(mailboxes.getByUser(randomUUID(), first.userObjectId)).resolves.toBeUndefined();
  });

  test('when the same user object id exists in two tenants, then they are two mailboxes', async () => {
    const a = await seedMailbox(handle.store);
    await handle.store.tenants.upsert({ id: 'tenant-b-' + a.id, name: 'B', authMode: 'delegated' });
    const b = await handle.store.mailboxes.upsert({ ...a, tenantId: 'tenant-b-' + a.id });
    expect(b.id).not.toBe(a.id);
  });

  test('when the tenant does not exist, then the mailbox upsert is a conflict', async () => {
    const upsert = handle.store.mailboxes.upsert({ tenantId: randomUUID(), userObjectId: 'x', upn: 'x', email: 'x' });
    await expect(upsert).rejects.toMatchObject({ code: 'conflict', details: { constraint: 'foreign_key' } });
  });

  test('when statuses change, then list filters by status and tenant, and recordSync keeps the summary', async () => {
    const { mailboxes } = handle.store;
    const tenantId = randomUUID();
    const a = await seedMailbox(handle.store, tenantId);
    const b = await seedMailbox(handle.store, tenantId);
    await mailboxes.setStatus(b.id, 'disabled', 'left the company');
    const ids = (list: { id: string }[]) => list.map((m) => m.id);
    expect(ids(await mailboxes.list({ tenantId }))).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids(await mailboxes.list({ tenantId, status: 'disabled' }))).toEqual([b.id]);
    expect(ids(await mailboxes.list({ status: 'disabled' }))).toContain(b.id);
    expect(ids(await mailboxes.list({ status: 'connected' }))).not.toContain(b.id);

    const summary = { created: 2, updated: 1, conflicts: 0, note: 'Größe 😀' };
    const synced = await mailboxes.recordSync(a.id, '2025-03-30T01:00:00+02:00', summary);
    expect(synced).toMatchObject({ lastSyncAt: '2025-03-29T23:00:00.000Z', lastSyncSummary: summary });
    await expect(mailboxes.setStatus(randomUUID(), 'disabled')).rejects.toMatchObject({ code: 'not_found' });
    await expect(mailboxes.recordSync(a.id, 'yesterday', {})).rejects.toMatchObject({ code: 'validation' });
  });

  test('when token cache partitions are put, replaced and deleted, then get reflects each step', async () => {
    const { tokenCache } = handle.store;
    const key = `${randomUUID()}.${randomUUID()}`;
    await expect(tokenCache.get(key)).resolves.toBeUndefined();
    const put = await tokenCache.put(key, 'Y2lwaGVydGV4dC0x', 'key-2025-01');
    expect(put).toMatchObject({ partitionKey: key, ciphertext: 'Y2lwaGVydGV4dC0x', keyId: 'key-2025-01' });
    await tokenCache.put(key, 'Y2lwaGVydGV4dC0y', 'key-2025-02');
    await expect(tokenCache.get(key)).resolves.toMatchObject({ ciphertext: 'Y2lwaGVydGV4dC0y', keyId: 'key-2025-02' });
    await expect(tokenCache.delete(key)).resolves.toBe(true);
    await expect(tokenCache.get(key)).resolves.toBeUndefined();
    await expect(tokenCache.delete(key)).resolves.toBe(false);
  });
});
