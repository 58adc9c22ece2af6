/**
 * The work runtime for mailbox syncs: the SyncQueue (in-process or pg-boss), the per-mailbox Graph request budget
 * and retry backoff. Triggers (notifications, ERP poll/webhook, the sweep) feed it from elsewhere.
 */
export { createSyncQueue } from './create-queue';
export type { CreateSyncQueueOptions } from './create-queue';
export { createInProcessQueue } from './in-process-queue';
export type { InProcessQueueOptions } from './in-process-queue';
export { createPgBossQueue } from './pg-boss-queue';
export type { PgBossQueueOptions } from './pg-boss-queue';
export { DEFAULT_QUEUE_CONCURRENCY } from './queue';
export type { QueueLogger, SyncHandler, SyncQueue, SyncRunContext, SyncTrigger } from './queue';
export { createMailboxLimiter, throttledRetryAfterSeconds } from './mailbox-limiter';
export type { MailboxLimiter } from './mailbox-limiter';
export { createSyncMetrics } from './metrics';
export type { SyncMetrics, SyncMetricsOptions } from './metrics';
export { createBackground } from './background';
export type { Background, BackgroundOptions } from './background';
export { createSubscriptionUpkeep } from './subscription-upkeep';
export type { SubscriptionUpkeep, SubscriptionUpkeepOptions, UpkeepAction } from './subscription-upkeep';
export { createScheduler, ALWAYS_LEADER } from './scheduler';
export type { Leadership, ScheduledTask, Scheduler } from './scheduler';
export { createRunHandler, runTriggerOf, sweepResult } from './run-handler';
export type { SweepResult } from './run-handler';
export { clientStateMatches, hashClientState, newClientState } from './client-state';
export { createRuntime } from './runtime';
export type { RuntimeOptions, RuntimeParts } from './runtime';
