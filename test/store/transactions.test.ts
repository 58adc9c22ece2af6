import { randomUUID } from 'node:crypto';
import type { Mailbox, StoreRepositories } from '../../server/store';
import { sampleEvent, seedMailbox, withOpenStore } from './fixtures';
import { TEST_ENGINES } from './test-databases';

class PlannedFailure extends Error {}

describe.each(TEST_ENGINES)('store (%s) transactions', (engine) => {
  const handle = withOpenStore(engine);
  let mailbox: Mailbox;
  beforeEach(async () => {
    mailbox = await seedMailbox(handle.store);
  });

  /** What the engine does after applying one item: new base, audit entry, cursor advance. */
  async function recordResult(tx: StoreRepositories, outlookId: string, cursor: string): Promise<string> {
    const mapping = await tx.mappings.insert({ mailboxId: mailbox.id, origin: 'outlook', status: 'synced', outlookId });
    await tx.mappings.update(mailbox.id, mapping.id, { base: sampleEvent(), lastSyncedAt: new Date().toISOString() });
    await tx.audit.append([
      {
        mailboxId: mailbox.id,
        mappingId: mapping.id,
        side: 'erp',
        action: 'create',
        fields: [],
        before: null,
        after: null,
      },
    ]);
    await tx.cursors.set(mailbox.id, 'erp', { value: cursor });
    return mapping.id;
  }

  test('when the work succeeds, then every write is committed and its result returned', async () => {
    const id = await handle.store.transaction((tx) => recordResult(tx, 'AAMk-commit', 'c1'));
    await expect(handle.store.mappings.getById(mailbox.id, id)).resolves.toMatchObject({ base: sampleEvent() });
    await expect(handle.store.audit.listByMapping(mailbox.id, id)).resolves.toHaveLength(1);
    await expect(handle.store.cursors.get(mailbox.id, 'erp')).resolves.toMatchObject({ value: 'c1' });
  });

  test('when the work throws, then nothing it wrote remains and the error reaches the caller unchanged', async () => {
    await handle.store.cursors.set(mailbox.id, 'erp', { value: 'before' });
    const failure = new PlannedFailure('apply failed');
    const attempt = handle.store.transaction(async (tx) => {
      await recordResult(tx, 'AAMk-rollback', 'after');
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    await expect(handle.store.mappings.getByOutlookId(mailbox.id, 'AAMk-rollback')).resolves.toBeUndefined();
    await expect(handle.store.audit.listByMailbox(mailbox.id)).resolves.toEqual([]);
    await expect(handle.store.cursors.get(mailbox.id, 'erp')).resolves.toMatchObject({ value: 'before' });
  });

  test('when a write inside violates a constraint, then the whole transaction rolls back as a conflict', async () => {
    const existing = await handle.store.mappings.insert({
      mailboxId: mailbox.id,
      origin: 'erp',
      status: 'synced',
      outlookId: 'AAMk-taken',
    });
    const attempt = handle.store.transaction(async (tx) => {
      await tx.cursors.set(mailbox.id, 'outlook_delta', { value: 'delta-2' });
      await tx.mappings.insert({
        mailboxId: mailbox.id,
        origin: 'outlook',
        status: 'pending',
        outlookId: 'AAMk-taken',
      });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    await expect(handle.store.cursors.get(mailbox.id, 'outlook_delta')).resolves.toBeUndefined();
    await expect(handle.store.mappings.listByMailbox(mailbox.id)).resolves.toEqual([existing]);
  });

  test('when many transactions run at once and some fail, then exactly the successful ones are committed whole', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        handle.store.transaction(async (tx) => {
          const id = await recordResult(tx, `AAMk-concurrent-${i}`, `c${i}`);
          if (i % 3 === 0) throw new PlannedFailure(`item ${i}`);
          return id;
        }),
      ),
    );
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(committed).toHaveLength(8);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual(
      Array.from({ length: 4 }, () => expect.any(PlannedFailure)),
    );
    const rows = await handle.store.mappings.listByMailbox(mailbox.id);
    expect(rows.map((m) => m.id).sort()).toEqual([...committed].sort());
    expect(rows.every((m) => Number(m.outlookId!.split('-').pop()) % 3 !== 0)).toBe(true);
    await expect(handle.store.audit.listByMailbox(mailbox.id)).resolves.toHaveLength(8);
  });

  test('when a transaction reads its own writes, then it sees them before commit while others do not yet', async () => {
    const outlookId = `AAMk-${randomUUID()}`;
    let seenInside: unknown;
    let release!: () => void;
    let inserted!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const running = handle.store.transaction(async (tx) => {
      await tx.mappings.insert({ mailboxId: mailbox.id, origin: 'outlook', status: 'pending', outlookId });
      seenInside = await tx.mappings.getByOutlookId(mailbox.id, outlookId);
      inserted();
      await gate;
    });
    await insertedSignal;
    // On SQLite the store's own handle waits for the transaction, so only PostgreSQL can look from outside meanwhile.
    if (engine === 'postgres') {
      await expect(handle.store.mappings.getByOutlookId(mailbox.id, outlookId)).resolves.toBeUndefined();
    }
    release();
    await running;
    expect(seenInside).toMatchObject({ outlookId });
    await expect(handle.store.mappings.getByOutlookId(mailbox.id, outlookId)).resolves.toMatchObject({ outlookId });
  });

  test('when the work calls the store itself instead of tx, then SQLite refuses at once rather than hang', async () => {
    const attempt = handle.store.transaction(async (tx) => {
      await tx.cursors.set(mailbox.id, 'erp', { value: 'inside' });
      return handle.store.cursors.get(mailbox.id, 'erp');
    });
    if (engine === 'sqlite') {
      await expect(attempt).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringMatching(/Use the `tx` repositories/),
      });
      await expect(handle.store.cursors.get(mailbox.id, 'erp')).resolves.toBeUndefined();
    } else {
      // PostgreSQL answers from another connection: outside the transaction, so the uncommitted cursor is unseen.
      await expect(attempt).resolves.toBeUndefined();
      await expect(handle.store.cursors.get(mailbox.id, 'erp')).resolves.toMatchObject({ value: 'inside' });
    }
  });
});
