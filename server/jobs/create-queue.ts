/**
 * Picks the sync runtime from DATABASE_URL: the in-process queue for SQLite (one backend process), pg-boss for
 * PostgreSQL (any number of processes share the work). Callers see one SyncQueue either way.
 */
import { parseDatabaseUrl } from '../store';
import { createInProcessQueue } from './in-process-queue';
import { createPgBossQueue, type PgBossQueueOptions } from './pg-boss-queue';
import type { QueueLogger, SyncQueue } from './queue';

export interface CreateSyncQueueOptions {
  databaseUrl: string;
  logger: QueueLogger;
  /** Runs in flight in this process, for either runtime. */
  concurrency?: number;
  /** Tuning for the PostgreSQL runtime only (expiry, retries, polling); ignored with SQLite. */
  pgBoss?: Omit<PgBossQueueOptions, 'connectionString' | 'logger' | 'concurrency'>;
}

export function createSyncQueue(options: CreateSyncQueueOptions): SyncQueue {
  const location = parseDatabaseUrl(options.databaseUrl);
  const concurrency = options.concurrency === undefined ? {} : { concurrency: options.concurrency };
  if (location.engine === 'sqlite') return createInProcessQueue({ logger: options.logger, ...concurrency });
  return createPgBossQueue({
    ...options.pgBoss,
    ...concurrency,
    connectionString: location.connectionString,
    logger: options.logger,
  });
}
