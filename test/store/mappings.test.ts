import { randomUUID } from 'node:crypto';
import { AppError } from '../../server/errors';
import type { Mailbox, NewMapping } from '../../server/store';
import { sampleEvent, seedMailbox, steppingClock, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

function outlookMapping(mailbox: Mailbox, overrides: Partial<NewMapping> = {}): NewMapping {
  return {
    mailboxId: mailbox.id,
    origin: 'outlook',
    status: 'pending',
    outlookId: `AAMk-${randomUUID()}`,
    outlookIcalUid: `040000008200E000-${randomUUID()}`,
    marked: true,
    ...overrides,
  };
}

describe.each(TEST_ENGINES)('store (%s) mappings', (engine) => {
  const handle = withOpenStore(engine, { now: steppingClock() });
  let mailbox: Mailbox;
  beforeEach(async () => {
    mailbox = await seedMailbox(handle.store);
  });

  test('when many mappings are inserted at once, then each is answered in order, and one already mapped fails them all', async () => {
    const { mappings } = handle.store;
    const inputs = Array.from({ length: 30 }, (_, i) =>
      outlookMapping(mailbox, { erpModel: 'calendar.event', erpId: `m${i}` }),
    );
    const ids = await mappings.insertMany(inputs);
    const inserted = await Promise.all(ids.map((id) => mappings.getById(mailbox.id, id)));
    expect(inserted.map((m) => m?.outlookId)).toEqual(inputs.map((i) => i.outlookId));
    expect(inserted.map((m) => m?.status)).toEqual(inputs.map(() => 'pending'));
    expect(inserted.map((m) => m?.erpId)).toEqual(inputs.map((i) => i.erpId));
    const again = [outlookMapping(mailbox), { ...outlookMapping(mailbox), outlookId: inputs[3]!.outlookId }];
    await expect(mappings.insertMany(again)).rejects.toMatchObject({ code: 'conflict' });
    expect(await mappings.getByOutlookId(mailbox.id, again[0]!.outlookId!)).toBeUndefined();
    expect(await mappings.insertMany([])).toEqual([]);
  });

  test('when mailboxes hold rows a run would try again, then the retry finds those mailboxes and no others', async () => {
    const { mappings, mailboxes } = handle.store;
    const seeded = async (...rows: Array<Partial<NewMapping>>) => {
      const box = await seedMailbox(handle.store);
      await mappings.insert(outlookMapping(box, { status: 'synced' }));
      for (const row of rows) await mappings.insert(outlookMapping(box, row));
      return box.id;
    };
    const failed = await seeded({ status: 'error', lastErrorCode: 'erp_unavailable' });
    const noCode = await seeded({ status: 'error', lastErrorCode: null });
    const pending = await seeded({ status: 'pending' });
    const intent = await seeded({
      status: 'synced',
      intent: {
        runId: 'r',
        at: '2025-01-01T00:00:00.000Z',
        result: null,
        writes: {},
        stamps: { outlook: null, erp: null },
      },
    });
    const refused = await seeded({ status: 'error', lastErrorCode: 'erp_validation' });
    const allSynced = await seeded({ status: 'synced' }, { status: 'conflict' });
    const disconnected = await seeded({ status: 'error', lastErrorCode: 'outlook_unavailable' });
    await mailboxes.setStatus(disconnected, 'needs_reconnect');
    const due = await mappings.listMailboxesWithRowsDue();
    expect(due).toEqual(expect.arrayContaining([failed, noCode, pending, intent]));
    expect(due).not.toContain(refused);
    expect(due).not.toContain(allSynced);
    expect(due).not.toContain(disconnected);
    expect(new Set(due).size).toBe(due.length);
  });

  test('when a mapping is inserted, then every lookup finds it with the fields as given and defaults for the rest', async () => {
    const { mappings } = handle.store;
    const inserted = await mappings.insert(outlookMapping(mailbox, { erpModel: 'calendar.event', erpId: '17' }));
    expect(inserted).toMatchObject({
      mailboxId: mailbox.id,
      status: 'pending',
      origin: 'outlook',
      marked: true,
      erpVersion: null,
      base: null,
      conflict: null,
      lastSyncedAt: null,
    });
    expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(inserted.createdAt).toBe(inserted.updatedAt);
    await expect(mappings.getById(mailbox.id, inserted.id)).resolves.toEqual(inserted);
    await expect(mappings.getByOutlookId(mailbox.id, inserted.outlookId!)).resolves.toEqual(inserted);
    await expect(mappings.getByErpRef(mailbox.id, { model: 'calendar.event', id: '17' })).resolves.toEqual(inserted);
    await expect(mappings.listByIcalUid(mailbox.id, inserted.outlookIcalUid!)).resolves.toEqual([inserted]);
    await expect(mappings.getByErpRef(mailbox.id, { model: 'crm.lead', id: '17' })).resolves.toBeUndefined();
  });

  test('when the id is chosen by the caller, then the row keeps it', async () => {
    const id = randomUUID();
    const inserted = await handle.store.mappings.insert(outlookMapping(mailbox, { id }));
    expect(inserted.id).toBe(id);
  });

  test('when a mapping is updated, then only the patched fields change and JSON survives unchanged', async () => {
    const { mappings } = handle.store;
    const inserted = await mappings.insert(outlookMapping(mailbox));
    const base = sampleEvent();
    const conflict = { fields: ['title'], outlook: '标题 ✈️', erp: 'Titel ü' };
    const updated = await mappings.update(mailbox.id, inserted.id, {
      status: 'conflict',
      base,
      baseFingerprint: 'sha256:abc',
      conflict,
      marked: false,
      erpVersion: '2025-03-30 01:00:00',
      lastSyncedAt: '2025-03-30T01:00:00Z',
    });
    expect(updated).toEqual({
      ...inserted,
      status: 'conflict',
      base,
      baseFingerprint: 'sha256:abc',
      conflict,
      marked: false,
      erpVersion: '2025-03-30 01:00:00',
      lastSyncedAt: '2025-03-30T01:00:00.000Z',
      updatedAt: expect.any(String),
    });
    expect(updated.updatedAt > inserted.updatedAt).toBe(true);
    const reread = await mappings.getById(mailbox.id, inserted.id);
    expect(reread?.base).toEqual(base);
    expect(reread?.base?.title).toBe('Réunion 会議 🚀 "quoted" \\ back\tslash\n');
    expect(reread?.conflict).toEqual(conflict);

    const cleared = await mappings.update(mailbox.id, inserted.id, { conflict: null, status: 'synced' });
    expect(cleared).toMatchObject({ conflict: null, status: 'synced', base, marked: false });
  });

  test('when many rows are patched at once, then each row gets its own patch, a row given twice its patches in order', async () => {
    const { mappings } = handle.store;
    const ids = await mappings.insertMany(Array.from({ length: 12 }, () => outlookMapping(mailbox)));
    const rows = (await Promise.all(ids.map((id) => mappings.getById(mailbox.id, id)))).map((m) => m!);
    const base = sampleEvent();
    const [a, b, c] = rows;
    await mappings.updateMany(mailbox.id, [
      ...rows.map((r, i) => ({
        id: r.id,
        patch: { status: 'synced' as const, base: { ...base, title: `T${i}` }, marked: i % 2 === 0, erpId: `e${i}` },
      })),
      // Another set of fields, then the same row again: applied after its first patch.
      { id: a!.id, patch: { status: 'error', lastErrorCode: 'problem' } },
      { id: b!.id, patch: { status: 'conflict', conflict: { fields: ['title'] } } },
      { id: a!.id, patch: { status: 'synced', base: null, marked: true, erpId: 'again' } },
      { id: c!.id, patch: {} },
    ]);
    const after = await Promise.all(rows.map((r) => mappings.getById(mailbox.id, r.id)));
    expect(after.map((m) => m?.marked)).toEqual(rows.map((_, i) => i === 0 || i % 2 === 0));
    expect(after.map((m) => m?.erpId)).toEqual(rows.map((_, i) => (i === 0 ? 'again' : `e${i}`)));
    expect(after.map((m) => m?.base?.title ?? null)).toEqual(rows.map((_, i) => (i === 0 ? null : `T${i}`)));
    expect(after[0]).toMatchObject({ status: 'synced', lastErrorCode: 'problem' });
    expect(after[1]).toMatchObject({ status: 'conflict', conflict: { fields: ['title'] }, base: { title: 'T1' } });
    for (const [i, m] of after.entries()) expect(m!.updatedAt > rows[i]!.updatedAt).toBe(true);
    await expect(mappings.updateMany(mailbox.id, [])).resolves.toBeUndefined();
  });

  test('when a row patched among many does not exist or takes a mapped id, then the whole transaction fails and keeps nothing', async () => {
    const { store } = handle;
    const ids = await store.mappings.insertMany([outlookMapping(mailbox), outlookMapping(mailbox)]);
    const [a, b] = await Promise.all(ids.map((id) => store.mappings.getById(mailbox.id, id)));
    const other = await seedMailbox(store, mailbox.tenantId);
    const theirs = await store.mappings.insert(outlookMapping(other));
    const missing = store.transaction((tx) =>
      tx.mappings.updateMany(mailbox.id, [
        { id: a!.id, patch: { status: 'synced' } },
        { id: theirs.id, patch: { status: 'synced' } }, // another mailbox's row: not found in this one
      ]),
    );
    await expect(missing).rejects.toMatchObject({ code: 'not_found' });
    const taken = store.transaction((tx) =>
      tx.mappings.updateMany(mailbox.id, [
        { id: a!.id, patch: { status: 'synced' } },
        { id: b!.id, patch: { outlookId: a!.outlookId } },
      ]),
    );
    await expect(taken).rejects.toMatchObject({ code: 'conflict' });
    await expect(store.mappings.getById(mailbox.id, a!.id)).resolves.toEqual(a);
    await expect(store.mappings.getById(mailbox.id, b!.id)).resolves.toEqual(b);
    await expect(store.mappings.getById(other.id, theirs.id)).resolves.toEqual(theirs);
  });

  test('when listing, then rows come oldest first and can be filtered by one or several statuses', async () => {
    const { mappings } = handle.store;
    const a = await mappings.insert(outlookMapping(mailbox, { status: 'synced' }));
    const b = await mappings.insert(outlookMapping(mailbox, { status: 'error', lastErrorCode: 'throttled' }));
    const c = await mappings.insert(outlookMapping(mailbox, { status: 'conflict' }));
    const ids = (list: { id: string }[]) => list.map((m) => m.id);
    expect(ids(await mappings.listByMailbox(mailbox.id))).toEqual([a.id, b.id, c.id]);
    expect(ids(await mappings.listByMailbox(mailbox.id, { status: 'error' }))).toEqual([b.id]);
    expect(ids(await mappings.listByMailbox(mailbox.id, { status: ['conflict', 'error'] }))).toEqual([b.id, c.id]);
    await expect(mappings.listByMailbox(mailbox.id, { status: [] })).resolves.toEqual([]);
    await expect(mappings.countByStatus(mailbox.id)).resolves.toEqual({ synced: 1, error: 1, conflict: 1 });
  });

  test('when deleting, then the row is gone and deleting again reports false', async () => {
    const { mappings } = handle.store;
    const inserted = await mappings.insert(outlookMapping(mailbox));
    await expect(mappings.delete(mailbox.id, inserted.id)).resolves.toBe(true);
    await expect(mappings.getById(mailbox.id, inserted.id)).resolves.toBeUndefined();
    await expect(mappings.delete(mailbox.id, inserted.id)).resolves.toBe(false);
  });

  test('when an Outlook id or ERP record is mapped twice in one mailbox, then the insert is a conflict', async () => {
    const { mappings } = handle.store;
    const first = await mappings.insert(outlookMapping(mailbox, { erpModel: 'calendar.event', erpId: '1' }));
    const sameOutlook = mappings.insert(outlookMapping(mailbox, { outlookId: first.outlookId }));
    await expect(sameOutlook).rejects.toMatchObject({ code: 'conflict', details: { constraint: 'unique' } });
    const sameErp = mappings.insert(outlookMapping(mailbox, { erpModel: 'calendar.event', erpId: '1' }));
    await expect(sameErp).rejects.toBeInstanceOf(AppError);
    await expect(mappings.insert(outlookMapping(mailbox, { id: first.id }))).rejects.toMatchObject({
      code: 'conflict',
    });
    const second = await mappings.insert(outlookMapping(mailbox));
    await expect(mappings.update(mailbox.id, second.id, { outlookId: first.outlookId })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  test('when rows are not yet on one side, then their empty ids do not collide', async () => {
    const { mappings } = handle.store;
    const erpOnly = { mailboxId: mailbox.id, origin: 'erp', status: 'pending', erpModel: 'calendar.event' } as const;
    await mappings.insert({ ...erpOnly, erpId: '100' });
    await mappings.insert({ ...erpOnly, erpId: '101' });
    await mappings.insert(outlookMapping(mailbox, { erpModel: null, erpId: null }));
    await mappings.insert(outlookMapping(mailbox, { erpModel: null, erpId: null }));
    await expect(mappings.countByStatus(mailbox.id)).resolves.toEqual({ pending: 4 });
  });

  test('when the mailbox does not exist, then the insert is a conflict naming the missing parent', async () => {
    const orphan = outlookMapping({ ...mailbox, id: randomUUID() });
    await expect(handle.store.mappings.insert(orphan)).rejects.toMatchObject({
      code: 'conflict',
      details: { constraint: 'foreign_key' },
    });
  });

  test('when two mailboxes map the same ids, then neither can see, change or delete the other one', async () => {
    const { mappings } = handle.store;
    const other = await seedMailbox(handle.store, mailbox.tenantId);
    const shared = { outlookId: 'AAMk-same', outlookIcalUid: 'uid-same', erpModel: 'calendar.event', erpId: '7' };
    const mine = await mappings.insert(outlookMapping(mailbox, shared));
    const theirs = await mappings.insert(outlookMapping(other, shared));

    await expect(mappings.getByOutlookId(mailbox.id, 'AAMk-same')).resolves.toEqual(mine);
    await expect(mappings.getByOutlookId(other.id, 'AAMk-same')).resolves.toEqual(theirs);
    await expect(mappings.getByErpRef(other.id, { model: 'calendar.event', id: '7' })).resolves.toEqual(theirs);
    await expect(mappings.listByIcalUid(mailbox.id, 'uid-same')).resolves.toEqual([mine]);
    await expect(mappings.getById(other.id, mine.id)).resolves.toBeUndefined();
    await expect(mappings.listByMailbox(other.id)).resolves.toEqual([theirs]);
    await expect(mappings.update(other.id, mine.id, { status: 'error' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(mappings.delete(other.id, mine.id)).resolves.toBe(false);
    await expect(mappings.getById(mailbox.id, mine.id)).resolves.toEqual(mine);
  });
  test('when a meeting is paired in several mailboxes, then the shared lookup finds the other mailboxes of the tenant by iCalUID or ERP record, never its own or another tenant', async () => {
    const { mappings } = handle.store;
    const colleague = await seedMailbox(handle.store, mailbox.tenantId);
    const stranger = await seedMailbox(handle.store);
    const meeting = { outlookIcalUid: 'uid-meeting', erpModel: 'odoo', erpId: 'recurrence:4' };
    await mappings.insert(outlookMapping(mailbox, meeting));
    const theirs = await mappings.insert(outlookMapping(colleague, meeting));
    await mappings.insert(outlookMapping(stranger, meeting));
    const byRecord = await mappings.insert(outlookMapping(colleague, { erpModel: 'odoo', erpId: '12' }));
    await mappings.insert(outlookMapping(colleague, { erpModel: 'rest', erpId: '13' }));

    const found = await mappings.listSharedInTenant(mailbox.tenantId, mailbox.id, {
      icalUids: ['uid-meeting'],
      erpModel: 'odoo',
      erpIds: ['12', '13'],
    });

    expect(found.map((m) => m.id).sort()).toEqual([theirs.id, byRecord.id].sort());
    await expect(
      mappings.listSharedInTenant(mailbox.tenantId, mailbox.id, { icalUids: [], erpModel: 'odoo', erpIds: [] }),
    ).resolves.toEqual([]);
  });
});
