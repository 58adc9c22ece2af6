import { Client } from 'pg';
import { createSyncQueue, type SyncQueue, type SyncTrigger } from '../../server/jobs';
import { createTestDatabaseUrl } from '../store/test-databases';
import { FAST_PG_BOSS_OPTIONS } from './pg-boss-options';
import { createRecordingLogger } from './recording-logger';

const manual: SyncTrigger = { kind: 'manual', at: '2026-01-05T09:00:00.000Z', detail: 'pane' };

/** Enqueues one mailbox, starts the queue and resolves with the mailbox and triggers of the first run. */
async function firstRun(queue: SyncQueue): Promise<[string, SyncTrigger[]]> {
  let resolveRun: (run: [string, SyncTrigger[]]) => void = () => undefined;
  const ran = new Promise<[string, SyncTrigger[]]>((resolve) => {
    resolveRun = resolve;
  });
  await queue.enqueue('m1', manual);
  await queue.start(async (mailboxId, triggers) => resolveRun([mailboxId, triggers]));
  const run = await ran;
  await queue.stop();
  return run;
}

describe('createSyncQueue', () => {
  it('when DATABASE_URL is a SQLite file, then the in-process runtime runs the mailbox', async () => {
    const queue = createSyncQueue({
      databaseUrl: await createTestDatabaseUrl('sqlite'),
      logger: createRecordingLogger(),
    });
    expect(queue.runtime).toBe('in-process');
    await expect(firstRun(queue)).resolves.toEqual(['m1', [manual]]);
  });

  it('when DATABASE_URL is PostgreSQL, then the pg-boss runtime runs the mailbox through the database', async () => {
    const databaseUrl = await createTestDatabaseUrl('postgres');
    const queue = createSyncQueue({
      databaseUrl,
      logger: createRecordingLogger(),
      concurrency: 1,
      pgBoss: { ...FAST_PG_BOSS_OPTIONS, queueName: 'create-queue-test' },
    });
    expect(queue.runtime).toBe('pg-boss');
    await expect(firstRun(queue)).resolves.toEqual(['m1', [manual]]);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ state: string }>(
        "select state from pgboss.job where name = 'create-queue-test' and singleton_key = 'm1'",
      );
      expect(rows).toEqual([{ state: 'completed' }]);
    } finally {
      await client.end();
    }
  });

  it('when DATABASE_URL has an unknown scheme, then creating the queue fails naming it', () => {
    expect(() => createSyncQueue({ databaseUrl: 'mysql://db/sync', logger: createRecordingLogger() })).toThrow(/mysql/);
  });
});
