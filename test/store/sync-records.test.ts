import { randomUUID } from 'node:crypto';
import type { AuditEntryInput, Mailbox } from '../../server/store';
import { seedMailbox, steppingClock, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

describe.each(TEST_ENGINES)('store (%s) cursors, audit log and sync runs', (engine) => {
  const handle = withOpenStore(engine, { now: steppingClock() });
  let mailbox: Mailbox;
  beforeEach(async () => {
    mailbox = await seedMailbox(handle.store);
  });

  test('when cursors are set, replaced and cleared, then each kind is kept per mailbox', async () => {
    const { cursors } = handle.store;
    const other = await seedMailbox(handle.store);
    await expect(cursors.get(mailbox.id, 'outlook_delta')).resolves.toBeUndefined();
    const delta = 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=abc';
    await cursors.set(mailbox.id, 'outlook_delta', {
      value: delta,
      windowStart: '2025-01-01T00:00:00Z',
      windowEnd: '2026-01-01T00:00:00Z',
    });
    await cursors.set(mailbox.id, 'erp', { value: '2025-03-30 01:00:00' });
    await cursors.set(mailbox.id, 'erp', { value: '2025-03-31 08:00:00' });
    await cursors.set(other.id, 'erp', { value: 'other' });

    await expect(cursors.get(mailbox.id, 'outlook_delta')).resolves.toMatchObject({
      value: delta,
      windowStart: '2025-01-01T00:00:00.000Z',
      windowEnd: '2026-01-01T00:00:00.000Z',
    });
    await expect(cursors.get(mailbox.id, 'erp')).resolves.toMatchObject({
      value: '2025-03-31 08:00:00',
      windowStart: null,
    });
    expect((await cursors.list(mailbox.id)).map((c) => c.kind)).toEqual(['erp', 'outlook_delta']);
    await expect(cursors.clear(mailbox.id, 'outlook_delta')).resolves.toBe(true);
    await expect(cursors.get(mailbox.id, 'outlook_delta')).resolves.toBeUndefined();
    await expect(cursors.get(other.id, 'erp')).resolves.toMatchObject({ value: 'other' });
    await expect(cursors.set(randomUUID(), 'erp', { value: 'x' })).rejects.toMatchObject({ code: 'conflict' });
  });

  test('when a batch is appended to the audit log, then entries keep their order, ids and JSON', async () => {
    const { audit } = handle.store;
    const mappingId = randomUUID();
    const runId = randomUUID();
    const batch: AuditEntryInput[] = ['create', 'update', 'delete'].map((action, i) => ({
      mailboxId: mailbox.id,
      mappingId,
      runId,
      side: 'erp',
      action,
      fields: ['title', 'timing'],
      before: i === 0 ? null : { title: `Titre n°${i} ✨` },
      after: { title: `Titre n°${i + 1} ✨`, attendees: [{ email: 'zoë@contoso.example' }] },
      rule: 'outlook-wins',
      workerId: 'worker-1',
    }));
    const appended = await audit.append(batch);
    expect(appended.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(appended[0]!.id).toBeLessThan(appended[1]!.id);
    expect(appended[1]).toMatchObject({ ...batch[1], id: expect.any(Number), at: expect.any(String) });
    expect(appended[0]!.before).toBeNull();

    const listed = await audit.listByMapping(mailbox.id, mappingId);
    expect(listed).toEqual([...appended].reverse());
    await expect(audit.listByMapping(mailbox.id, mappingId, { limit: 1 })).resolves.toEqual([appended[2]]);
    await expect(audit.append([])).resolves.toEqual([]);
  });

  test('when listing the audit log of a mailbox, then it is newest first, limited, and never another mailbox', async () => {
    const { audit } = handle.store;
    const other = await seedMailbox(handle.store);
    const entry = (mailboxId: string, at: string): AuditEntryInput => ({
      mailboxId,
      side: 'outlook',
      action: 'update',
      fields: ['location'],
      before: null,
      after: null,
      at,
    });
    await audit.append([entry(mailbox.id, '2025-01-02T00:00:00Z'), entry(mailbox.id, '2025-01-03T00:00:00Z')]);
    await audit.append([entry(mailbox.id, '2025-01-01T00:00:00Z'), entry(other.id, '2025-01-04T00:00:00Z')]);
    const listed = await audit.listByMailbox(mailbox.id);
    expect(listed.map((e) => e.at)).toEqual([
      '2025-01-03T00:00:00.000Z',
      '2025-01-02T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
    expect((await audit.listByMailbox(mailbox.id, { limit: 2 })).length).toBe(2);
    expect(await audit.listByMailbox(other.id)).toHaveLength(1);
  });

  test('when a sync run starts and finishes, then it is listed newest first with its outcome', async () => {
    const { syncRuns } = handle.store;
    const first = await syncRuns.start({ mailboxId: mailbox.id, trigger: 'sweep', workerId: 'w1' });
    expect(first).toMatchObject({
      status: 'running',
      finishedAt: null,
      trigger: 'sweep',
      workerId: 'w1',
      summary: null,
    });
    const finished = await syncRuns.finish(mailbox.id, first.id, {
      status: 'partial',
      summary: { failed: 1 },
      error: 'one event',
    });
    expect(finished).toMatchObject({ status: 'partial', summary: { failed: 1 }, error: 'one event' });
    expect(finished.finishedAt).not.toBeNull();
    await expect(syncRuns.get(mailbox.id, first.id)).resolves.toEqual(finished);

    await expect(syncRuns.finish(mailbox.id, first.id, { status: 'failed' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(syncRuns.finish(mailbox.id, randomUUID(), { status: 'failed' })).rejects.toMatchObject({
      code: 'not_found',
    });
    const other = await seedMailbox(handle.store);
    await expect(syncRuns.get(other.id, first.id)).resolves.toBeUndefined();

    const second = await syncRuns.start({ mailboxId: mailbox.id, trigger: 'notification' });
    const recent = await syncRuns.listRecent(mailbox.id);
    expect(recent.map((r) => r.id)).toEqual([second.id, first.id]);
    await expect(syncRuns.listRecent(mailbox.id, 1)).resolves.toHaveLength(1);
    await expect(syncRuns.listRecent(other.id)).resolves.toEqual([]);
  });
});
