/**
 * Builds a process's background runtime from configuration: the queue for the database's engine, the Graph request
 * budget, subscription upkeep, scheduler leadership (PostgreSQL: one leader among the processes) and metrics.
 * compose.ts and worker.ts both call it, so the backend and a worker-only process run the same code path.
 */
import type { Config } from '../config';
import type { SyncEngine } from '../engine';
import { parseDatabaseUrl, type Mailbox, type Store } from '../store';
import { createBackground, type Background } from './background';
import { createSyncQueue } from './create-queue';
import { postgresLeadership } from './leadership';
import type { SyncMetrics } from './metrics';
import type { QueueLogger } from './queue';
import { createSubscriptionUpkeep, type SubscriptionCalendar, type SubscriptionUpkeep } from './subscription-upkeep';

export interface RuntimeParts {
  background: Background;
  subscriptions: SubscriptionUpkeep | undefined;
}

export interface RuntimeOptions {
  config: Config;
  store: Store;
  engine: Pick<SyncEngine, 'syncMailbox' | 'checkErpFeed'>;
  /** The mailbox's Graph calendar with its token and request budget. */
  calendarFor(mailbox: Mailbox): SubscriptionCalendar;
  metrics: SyncMetrics;
  logger: QueueLogger & { info(details: Record<string, unknown>, message: string): void };
  /** Names this process in pg_stat_activity. */
  role: 'backend' | 'worker';
}

export function createRuntime(options: RuntimeOptions): RuntimeParts {
  const { config, store, metrics, logger } = options;
  const location = parseDatabaseUrl(config.DATABASE_URL);
  const applicationName = `outlook-erp-sync-${options.role}-${process.pid}`;
  // One process owns SQLite, so it must run its own syncs; with PostgreSQL 0 means "web only".
  const concurrency = location.engine === 'sqlite' ? Math.max(1, config.SYNC_CONCURRENCY) : config.SYNC_CONCURRENCY;
  const queue = createSyncQueue({
    databaseUrl: config.DATABASE_URL,
    logger,
    concurrency: Math.max(1, concurrency),
    pgBoss: { applicationName },
  });
  const subscriptions =
    config.GRAPH_NOTIFICATIONS === 'on'
      ? createSubscriptionUpkeep({
          store,
          calendarFor: options.calendarFor,
          notificationUrl: `${config.PUBLIC_URL}/webhooks/graph`,
          lifecycleNotificationUrl: `${config.PUBLIC_URL}/webhooks/graph/lifecycle`,
          clock: { now: () => new Date() },
          logger,
          metrics,
        })
      : undefined;
  const background = createBackground({
    store,
    engine: options.engine,
    queue,
    ...(subscriptions ? { subscriptions } : {}),
    metrics,
    logger,
    runSyncs: concurrency > 0,
    runScheduler: true,
    ...(location.engine === 'postgres'
      ? { leadership: postgresLeadership(location.connectionString, applicationName) }
      : {}),
    erpPollSeconds: config.ERP_POLL_SECONDS,
    sweepHours: config.SWEEP_HOURS,
  });
  return { background, subscriptions };
}
