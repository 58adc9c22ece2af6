/** pg-boss queue settings shared by the in-test workers and the crashing child worker, tuned for a quick suite. */
import type { PgBossQueueOptions } from '../../server/jobs/pg-boss-queue';

export const FAST_PG_BOSS_OPTIONS: Omit<PgBossQueueOptions, 'connectionString' | 'logger'> = {
  queueName: 'mailbox-sync-test',
  concurrency: 3,
  expireInSeconds: 3,
  retryLimit: 3,
  retryDelaySeconds: 1,
  busyRetrySeconds: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
};
