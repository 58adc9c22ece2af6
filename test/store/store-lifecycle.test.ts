import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../server/errors';
import { openStore } from '../../server/store';
import { MIGRATIONS } from '../../server/store/migrations';
import { executeRaw, seedMailbox } from './fixtures';
import { createTestDatabaseUrl, TEST_ENGINES } from './test-databases';

describe.each(TEST_ENGINES)('store (%s) lifecycle', (engine) => {
  test('when a store is closed, then the async context of its transactions is released', async () => {
    // Node visits every AsyncLocalStorage that ever ran for each new promise until it is disabled: the property
    // test, which opens a store per sequence, ran its last batches 6 times slower than its first without this.
    const disable = jest.spyOn(AsyncLocalStorage.prototype, 'disable');
    try {
      const store = await openStore({ databaseUrl: await createTestDatabaseUrl(engine) });
      await store.transaction(async (tx) => tx.mailboxes.list());
      const before = disable.mock.calls.length;
      await store.close();
      expect(disable.mock.calls.length).toBeGreaterThan(before);
    } finally {
      disable.mockRestore();
    }
  });

  test('when a fresh database is opened, then every migration is applied and health is ok', async () => {
    const store = await openStore({ databaseUrl: await createTestDatabaseUrl(engine) });
    try {
      expect(store.engine).toBe(engine);
      await expect(store.health()).resolves.toEqual({
        ok: true,
        migrations: { applied: MIGRATIONS.map((m) => m.name), pending: [] },
      });
    } finally {
      await store.close();
    }
  });

  test('when the database is opened again, then nothing is re-applied and the data is still there', async () => {
    const databaseUrl = await createTestDatabaseUrl(engine);
    const first = await openStore({ databaseUrl });
    const mailbox = await seedMailbox(first);
    const appliedBefore = (await first.health()).migrations.applied;
    await first.close();

    const second = await openStore({ databaseUrl });
    try {
      expect((await second.health()).migrations).toEqual({ applied: appliedBefore, pending: [] });
      await expect(second.mailboxes.get(mailbox.id)).resolves.toEqual(mailbox);
    } finally {
      await second.close();
    }
  });

  test('when the database records a migration this code does not know, then opening fails (forward-only)', async () => {
    const databaseUrl = await createTestDatabaseUrl(engine);
    await (await openStore({ databaseUrl })).close();
    await executeRaw(
      engine,
      databaseUrl,
      `insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-version', '2030-01-01T00:00:00.000Z')`,
    );
    const opening = openStore({ databaseUrl });
    await expect(opening).rejects.toBeInstanceOf(AppError);
    await expect(opening).rejects.toThrow(/Database migration failed: .*9999-from-a-newer-version/);
  });

  test('when the store is closed, then health reports not ok with the reason, and closing again is harmless', async () => {
    const store = await openStore({ databaseUrl: await createTestDatabaseUrl(engine) });
    await store.close();
    const health = await store.health();
    expect(health.ok).toBe(false);
    expect(health.error).toMatch(/destroyed/i);
    await expect(store.close()).resolves.toBeUndefined();
  });

  test('when the clock is injected, then the timestamps the store writes come from it', async () => {
    const fixed = new Date('2031-05-06T07:08:09.123Z');
    const store = await openStore({ databaseUrl: await createTestDatabaseUrl(engine), now: () => fixed });
    try {
      const tenant = await store.tenants.upsert({ id: randomUUID(), name: 'Fabrikam', authMode: 'app_only' });
      expect(tenant.createdAt).toBe('2031-05-06T07:08:09.123Z');
      expect(tenant.updatedAt).toBe('2031-05-06T07:08:09.123Z');
    } finally {
      await store.close();
    }
  });
});

describe('store (sqlite) specifics', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sync-store-sqlite-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('when the file is in folders that do not exist, then they are created and the journal is WAL', async () => {
    const file = join(folder, 'nested', 'deeper', 'sync.db');
    const store = await openStore({ databaseUrl: `file:${file}` });
    try {
      await seedMailbox(store);
      expect(existsSync(`${file}-wal`)).toBe(true);
      // WAL is a property of the file: a second, independent connection sees it too.
      const probe = new BetterSqlite3(file, { readonly: true });
      try {
        expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        probe.close();
      }
    } finally {
      await store.close();
    }
  });

  test('when the URL is file::memory:, then a private in-memory store works end to end', async () => {
    const store = await openStore({ databaseUrl: 'file::memory:' });
    try {
      const mailbox = await seedMailbox(store);
      await expect(store.mailboxes.get(mailbox.id)).resolves.toEqual(mailbox);
      expect((await store.health()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
