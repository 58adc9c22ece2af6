/**
 * The queue's handler: one mailbox run for the coalesced triggers. Skips mailboxes not connected or paused, turns a
 * sweep into a full reconcile (both cursors forgotten, so both sides are read in full and compared with the last
 * synced state) and reports "N drifted, M repaired". The engine does the syncing.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { RunSummary, SyncEngine } from '../engine';
import type { StoreRepositories, SyncTrigger as RunTrigger } from '../store';
import type { SyncMetrics } from './metrics';
import type { QueueLogger, SyncHandler, SyncTrigger } from './queue';

export interface RunHandlerOptions {
  store: Pick<StoreRepositories, 'mailboxes' | 'cursors' | 'conditions'>;
  engine: Pick<SyncEngine, 'syncMailbox'>;
  metrics: SyncMetrics;
  logger: QueueLogger & { info(details: Record<string, unknown>, message: string): void };
}

export interface SweepResult {
  drifted: number;
  repaired: number;
}

/** Plan actions that change nothing: anything else in a sweep is drift. */
const QUIET_ACTIONS = new Set(['noop', 'baseOnly']);

/** What sync_runs.trigger records: the engine knows four kinds; ERP triggers are change signals like notifications. */
export function runTriggerOf(triggers: readonly SyncTrigger[]): RunTrigger {
  const kinds = new Set(triggers.map((t) => t.kind));
  if (kinds.has('sweep')) return 'sweep';
  if (kinds.has('manual')) return 'user';
  const signals = ['notification', 'erp-webhook', 'erp-poll', 'outlook-poll'] as const;
  if (signals.some((kind) => kinds.has(kind))) return 'notification';
  // Only the backend's own retries (a run that stopped, rows left failed): reads what those rows need, nothing more.
  if ([...kinds].every((kind) => kind === 'retry')) return 'retry';
  return 'admin';
}

export function sweepResult(summary: RunSummary): SweepResult {
  let drifted = 0;
  for (const [kind, count] of Object.entries(summary.planned)) if (!QUIET_ACTIONS.has(kind)) drifted += count;
  let repaired = 0;
  for (const side of [summary.applied.outlook, summary.applied.erp]) {
    for (const count of Object.values(side)) repaired += count;
  }
  return { drifted, repaired };
}

export function createRunHandler(options: RunHandlerOptions): SyncHandler {
  const { store, engine, metrics, logger } = options;
  return async (mailboxId, triggers, context) => {
    const mailbox = await store.mailboxes.get(mailboxId);
    if (mailbox?.status !== 'connected') {
      logger.info({ mailboxId, status: mailbox?.status ?? 'unknown' }, 'skipped sync: mailbox not connected');
      return;
    }
    const paused = await store.conditions.get(mailboxId, 'paused');
    if (paused !== undefined) {
      logger.info({ mailboxId, reason: paused.reason }, 'skipped sync: mailbox paused by an admin');
      return;
    }
    const trigger = runTriggerOf(triggers);
    metrics.queueDepth.inc();
    try {
      if (trigger === 'user' || trigger === 'admin') {
        // A person or an admin asked for this run: it reads the ERP's changes now, not at the tenant feed's next
        // tick (erp-feed.ts; the run clears the flag once its ERP cursor is recorded).
        await store.cursors.set(mailboxId, 'erp_due', { value: `${trigger} ${randomUUID()}` });
      }
      if (trigger === 'sweep') {
        // Without cursors the engine reads both sides in full; pairing by mapping keeps it from duplicating.
        await store.cursors.clear(mailboxId, 'outlook_delta');
        await store.cursors.clear(mailboxId, 'erp');
      }
      // The lease's signal reaches the engine: a run that lost its mailbox stops before its next write.
      const summary = await engine.syncMailbox(mailboxId, trigger, { signal: context.signal });
      metrics.runs.inc({ trigger, status: summary.status });
      if (trigger === 'sweep') {
        const { drifted, repaired } = sweepResult(summary);
        metrics.sweepDrifted.inc(drifted);
        metrics.sweepRepaired.inc(repaired);
        logger.info(
          { mailboxId, runId: summary.runId, drifted, repaired },
          `sweep: ${drifted} drifted, ${repaired} repaired`,
        );
      }
      // The engine records a failed run and answers; only the queue can run it again (pg-boss, after its retry
      // delay). Otherwise the mailbox's change waited for its next trigger, maybe the daily sweep.
      if (summary.status === 'failed' && summary.retryable) {
        throw new AppError('transient', `The sync of mailbox ${mailboxId} stopped: ${summary.fatal ?? 'no reason'}`);
      }
    } catch (error) {
      metrics.runFailures.inc({ trigger });
      throw error;
    } finally {
      metrics.queueDepth.dec();
    }
  };
}
