/**
 * The background runtime of one backend or worker process: the sync queue running the engine, the scheduler
 * (ERP poll, safety sweep, subscription upkeep) and the intake every trigger goes through (`requestSync`).
 * Same code on both runtimes; only the queue and the scheduler leadership differ (SQLite vs PostgreSQL).
 */
import type { SyncEngine } from '../engine';
import type { StoreRepositories } from '../store';
import type { SyncMetrics } from './metrics';
import type { QueueLogger, SyncQueue, SyncTrigger } from './queue';
import { retryDueTask } from './retry-due';
import { createRunHandler } from './run-handler';
import { ALWAYS_LEADER, createScheduler, type Leadership, type Scheduler } from './scheduler';
import type { SubscriptionUpkeep } from './subscription-upkeep';
import { slotAt, slotOf, SWEEP_SLOTS } from './sweep-slots';

export interface BackgroundOptions {
  store: Pick<StoreRepositories, 'mailboxes' | 'cursors' | 'conditions' | 'mappings'> &
    Partial<Pick<StoreRepositories, 'subscriptions'>>;
  /** `checkErpFeed`: the tenant ERP change feed; without it (or when it answers null) every mailbox polls. */
  engine: Pick<SyncEngine, 'syncMailbox'> & Partial<Pick<SyncEngine, 'checkErpFeed'>>;
  queue: SyncQueue;
  /** Absent when this process has no public webhook URL to give Graph. */
  subscriptions?: SubscriptionUpkeep;
  metrics: SyncMetrics;
  logger: QueueLogger & { info(details: Record<string, unknown>, message: string): void };
  /** Run queued syncs in this process (false: a web-only process that only enqueues). */
  runSyncs: boolean;
  /** Run the scheduled tasks in this process (still only while it is the leader). */
  runScheduler: boolean;
  leadership?: Leadership;
  erpPollSeconds: number;
  sweepHours: number;
  upkeepMinutes?: number;
  /** How often mailboxes with rows to try again are queued (retry-due.ts); default RETRY_DUE_MINUTES. */
  retryDueMinutes?: number;
  /** Which sweep slot a tick sweeps (sweep-slots.ts); default the system clock. */
  clock?: { now(): Date };
}

export interface Background {
  /** Which queue runs the syncs: one process (SQLite) or pg-boss shared by many (PostgreSQL). */
  readonly runtime: SyncQueue['runtime'];
  /** Every trigger's way in: counts it and enqueues (coalesced per mailbox by the queue). */
  requestSync(mailboxId: string, trigger: Omit<SyncTrigger, 'at'>): Promise<void>;
  /** Enqueues every connected mailbox with this trigger (only those of `slot`, when given); answers how many. */
  requestAll(trigger: Omit<SyncTrigger, 'at'>, slot?: number): Promise<number>;
  start(): Promise<void>;
  /**
   * Stops the scheduler, then the queue (runs in flight finish). Returns by `deadlineMs` at the latest: a run
   * still going then is left to end with the process; its lease dies with it and the next run redoes its work.
   */
  stop(deadlineMs?: number): Promise<void>;
}

const DEFAULT_UPKEEP_MINUTES = 15;
/** Inside the backend's 10 s shutdown deadline, leaving time to close the store. */
const DEFAULT_STOP_DEADLINE_MS = 8_000;

export function createBackground(options: BackgroundOptions): Background {
  const { store, queue, metrics, logger } = options;
  let scheduler: Scheduler | undefined;

  /**
   * The poll: with the tenant ERP feed, only mailboxes whose ERP events changed run for the ERP, and mailboxes
   * without a live Graph subscription run for Outlook (their run reads the ERP only when flagged); without it,
   * every mailbox polls both sides.
   */
  async function pollTick(): Promise<void> {
    const due = (await options.engine.checkErpFeed?.()) ?? null;
    if (due === null) return void (await background.requestAll({ kind: 'erp-poll' }));
    for (const mailboxId of due) await background.requestSync(mailboxId, { kind: 'erp-poll' });
    const now = (options.clock?.now() ?? new Date()).getTime();
    const subscriptions = (await store.subscriptions?.list()) ?? [];
    const live = new Set(subscriptions.filter((s) => Date.parse(s.expiresAt) > now).map((s) => s.mailboxId));
    const flagged = new Set(due);
    for (const mailbox of await store.mailboxes.list({ status: 'connected' })) {
      if (!live.has(mailbox.id) && !flagged.has(mailbox.id)) {
        await background.requestSync(mailbox.id, { kind: 'outlook-poll' });
      }
    }
  }

  const background: Background = {
    runtime: queue.runtime,
    async requestSync(mailboxId, trigger) {
      metrics.enqueued.inc({ trigger: trigger.kind });
      await queue.enqueue(mailboxId, { ...trigger, at: new Date().toISOString() });
    },
    async requestAll(trigger, slot) {
      const connected = await store.mailboxes.list({ status: 'connected' });
      const mailboxes = slot === undefined ? connected : connected.filter((m) => slotOf(m.id) === slot);
      for (const mailbox of mailboxes) await background.requestSync(mailbox.id, trigger);
      return mailboxes.length;
    },
    async start() {
      if (options.runSyncs) {
        await queue.start(createRunHandler({ store, engine: options.engine, metrics, logger }));
      }
      if (!options.runScheduler) return;
      const upkeep = options.subscriptions;
      const sweepPeriodMs = options.sweepHours * 3_600_000;
      scheduler = createScheduler({
        leadership: options.leadership ?? ALWAYS_LEADER,
        logger,
        tasks: [
          {
            name: 'erp-poll',
            everyMs: options.erpPollSeconds * 1000,
            run: () => pollTick(),
          },
          {
            // Spread over the period (sweep-slots.ts): each tick sweeps one slot's mailboxes, not all at once.
            name: 'sweep',
            everyMs: sweepPeriodMs / SWEEP_SLOTS,
            run: async () =>
              void (await background.requestAll(
                { kind: 'sweep' },
                slotAt((options.clock?.now() ?? new Date()).getTime(), sweepPeriodMs),
              )),
          },
          retryDueTask({
            mappings: store.mappings,
            requestSync: background.requestSync,
            logger,
            ...(options.retryDueMinutes === undefined ? {} : { everyMinutes: options.retryDueMinutes }),
          }),
          ...(upkeep === undefined
            ? []
            : [
                {
                  name: 'subscription-upkeep',
                  everyMs: (options.upkeepMinutes ?? DEFAULT_UPKEEP_MINUTES) * 60_000,
                  runAtStart: true,
                  run: async () => {
                    const counts = await upkeep.upkeepAll();
                    logger.info({ ...counts }, 'Graph subscription upkeep');
                  },
                },
              ]),
        ],
      });
      scheduler.start();
    },
    async stop(deadlineMs = DEFAULT_STOP_DEADLINE_MS) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((resolve) => {
        timer = setTimeout(() => resolve('deadline'), deadlineMs);
      });
      const stopping = (async () => {
        await scheduler?.stop();
        await queue.stop();
        return 'stopped' as const;
      })();
      const outcome = await Promise.race([stopping, deadline]);
      clearTimeout(timer);
      if (outcome === 'deadline') {
        logger.warn({ deadlineMs }, 'sync runs still in flight at the stop deadline; the next run redoes their work');
      }
    },
  };
  return background;
}
