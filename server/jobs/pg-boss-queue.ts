/**
 * The scaled-out SyncQueue used with PostgreSQL: pg-boss 10 jobs shared by any number of processes, coalesced per
 * mailbox, and a PostgreSQL advisory lock per mailbox as the lease. A crashed process's lock dies with its
 * connection and pg-boss's expiry hands the job to another process. Cron (the sweep) is not set up here.
 */
import PgBoss from 'pg-boss';
import { Client } from 'pg';
import { AppError } from '../errors';
import { createLeaseSession } from './mailbox-lease';
import {
  DEFAULT_QUEUE_CONCURRENCY,
  RUN_RETRY_DELAY_SECONDS,
  RUN_RETRY_LIMIT,
  type QueueLogger,
  type SyncHandler,
  type SyncQueue,
  type SyncTrigger,
} from './queue';

export interface PgBossQueueOptions {
  connectionString: string;
  logger: QueueLogger;
  /** Runs in flight in this process. */
  concurrency?: number;
  /** pg-boss queue name; one per deployment. */
  queueName?: string;
  /** Shown in pg_stat_activity for every connection this queue opens. */
  applicationName?: string;
  /** A run still active after this long is presumed crashed and retried elsewhere; keep it above the longest sync. */
  expireInSeconds?: number;
  /** Retries of a failed or expired run (pg-boss backs off exponentially between them). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How long a job waits before trying again when another process holds the mailbox. */
  busyRetrySeconds?: number;
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
}

interface SyncJobData {
  mailboxId: string;
  triggers: SyncTrigger[];
}

const DEFAULT_QUEUE_NAME = 'mailbox-sync';
const DEFAULT_EXPIRE_SECONDS = 30 * 60;
const DEFAULT_BUSY_RETRY_SECONDS = 5;
const DEFAULT_POLLING_SECONDS = 2;
const DEFAULT_MAINTENANCE_SECONDS = 60;
const CREATE_QUEUE_LOCK = "select pg_advisory_lock(hashtext('outlook-erp-sync.create-queue'), hashtext($1))";
const STOP_TIMEOUT_MS = 10 * 60 * 1000;
const PG_BOSS_POOL_SIZE = 2;

function isSyncJobData(data: unknown): data is SyncJobData {
  return (
    typeof data === 'object' &&
    data !== null &&
    'mailboxId' in data &&
    typeof data.mailboxId === 'string' &&
    'triggers' in data &&
    Array.isArray(data.triggers)
  );
}

export function createPgBossQueue(options: PgBossQueueOptions): SyncQueue {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const concurrency = options.concurrency ?? DEFAULT_QUEUE_CONCURRENCY;
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, not ${concurrency}`);
  const applicationName = options.applicationName ?? `outlook-erp-sync-${process.pid}`;
  const busyRetrySeconds = options.busyRetrySeconds ?? DEFAULT_BUSY_RETRY_SECONDS;
  const { logger } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    application_name: applicationName,
    // Each slot's fetch and completion are short queries: two connections serve them (was concurrency + 2, 6 per
    // worker, on a server whose 100 connections other processes share).
    max: PG_BOSS_POOL_SIZE,
    schedule: false,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? DEFAULT_POLLING_SECONDS,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? DEFAULT_MAINTENANCE_SECONDS,
  });
  // pg-boss re-emits pool errors (a dropped connection); an 'error' event without a listener would kill the process.
  boss.on('error', (error) => logger.error({ err: error, queueName }, 'job queue database error'));
  let started: Promise<void> | undefined;
  let stopped = false;
  let working = false;

  /**
   * pg-boss's create_queue is idempotent but not safe to race: processes starting together deadlock on its
   * partition DDL. A session advisory lock on a short-lived connection makes them take turns.
   */
  async function createQueueOnce(): Promise<void> {
    const client = new Client({ connectionString: options.connectionString, application_name: applicationName });
    await client.connect();
    try {
      await client.query(CREATE_QUEUE_LOCK, [queueName]);
      // 'short' keeps at most one queued job per mailbox (singletonKey): enqueues while one waits are coalesced.
      await boss.createQueue(queueName, {
        name: queueName,
        policy: 'short',
        retryLimit: options.retryLimit ?? RUN_RETRY_LIMIT,
        retryDelay: options.retryDelaySeconds ?? RUN_RETRY_DELAY_SECONDS,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
      });
    } finally {
      // Closing the session releases the lock.
      await client.end();
    }
  }

  function ensureStarted(): Promise<void> {
    started ??= (async () => {
      await boss.start();
      await createQueueOnce();
    })();
    return started;
  }

  async function send(data: SyncJobData, startAfterSeconds?: number): Promise<void> {
    await boss.send(queueName, data, {
      singletonKey: data.mailboxId,
      ...(startAfterSeconds === undefined ? {} : { startAfter: startAfterSeconds }),
    });
  }

  const leases = createLeaseSession(
    () => new Client({ connectionString: options.connectionString, application_name: applicationName }),
  );

  async function runJob(handler: SyncHandler, data: SyncJobData): Promise<void> {
    const { mailboxId, triggers } = data;
    const lease = await leases.acquire(mailboxId);
    if (lease === undefined) {
      // Another process runs this mailbox: come back later rather than wait on a pg-boss worker slot.
      await send({ mailboxId, triggers }, busyRetrySeconds);
      return;
    }
    let lost: boolean;
    try {
      await handler(mailboxId, triggers, { signal: lease.signal });
    } catch (error) {
      logger.error({ err: error, mailboxId, triggers: triggers.map((t) => t.kind) }, 'mailbox sync run failed');
      throw error;
    } finally {
      // Read before releasing: the connection is shared, and may die after this run's lock is given back.
      lost = lease.signal.aborted;
      await lease.release();
    }
    if (lost) {
      throw new AppError('transient', `The lease on mailbox ${mailboxId} was lost during the run.`, {
        cause: lease.signal.reason,
      });
    }
  }

  return {
    runtime: 'pg-boss',
    async enqueue(mailboxId, trigger) {
      if (stopped) throw new AppError('transient', 'The sync queue is stopping; the mailbox was not queued.');
      await ensureStarted();
      // A null id means a job for this mailbox is already queued: this trigger joins it (its run syncs everything).
      await send({ mailboxId, triggers: [trigger] });
    },
    async start(handler) {
      if (working) throw new AppError('internal', 'The sync queue was already started.');
      working = true;
      await ensureStarted();
      // One worker per slot with batches of one, so a slow mailbox never holds up another's job.
      for (let slot = 0; slot < concurrency; slot += 1) {
        // The handler runs only after a fetch from the database, so workerId is set by then.
        const workerId = await boss.work<SyncJobData>(queueName, { batchSize: 1 }, async (jobs) => {
          try {
            for (const job of jobs) {
              if (!isSyncJobData(job.data))
                throw new AppError('validation', `Job ${job.id} has no mailboxId/triggers.`);
              await runJob(handler, job.data);
            }
          } finally {
            // pg-boss waits out the polling interval after every fetch, even one that found a job: a slot would run
            // at most one mailbox per interval (2 s), however short the runs. Asking again at once drains a
            // backlog at the speed of the runs; an empty fetch still waits the interval.
            boss.notifyWorker(workerId);
          }
        });
      }
    },
    async stop() {
      stopped = true;
      if (started === undefined) return;
      // A failed start was already thrown to its caller; stopping still has to release what it opened.
      await started.then(
        () => undefined,
        () => undefined,
      );
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      await leases.close();
    },
  };
}
