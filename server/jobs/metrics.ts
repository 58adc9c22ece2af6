/**
 * The background runtime's Prometheus metrics (prom-client, one registry per backend) and the `/metrics` route.
 * Counters only count; nothing here decides anything.
 */
import { Router } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { requireAdminKey } from '../http/admin-auth';

export interface SyncMetrics {
  registry: Registry;
  notificationsReceived: Counter<'kind'>;
  notificationsRejected: Counter<'reason'>;
  enqueued: Counter<'trigger'>;
  runs: Counter<'trigger' | 'status'>;
  runFailures: Counter<'trigger'>;
  queueDepth: Gauge;
  sweepDrifted: Counter;
  sweepRepaired: Counter;
  subscriptionActions: Counter<'action' | 'outcome'>;
}

export function createSyncMetrics(options: { defaultMetrics?: boolean } = {}): SyncMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    notificationsReceived: new Counter({
      name: 'sync_notifications_received_total',
      help: 'Graph change notifications and ERP webhooks accepted, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    notificationsRejected: new Counter({
      name: 'sync_notifications_rejected_total',
      help: 'Notifications rejected (wrong clientState, unknown subscription, bad ERP signature), by reason.',
      labelNames: ['reason'],
      registers,
    }),
    enqueued: new Counter({
      name: 'sync_enqueued_total',
      help: 'Mailbox syncs asked for, by trigger (coalesced runs count once per ask).',
      labelNames: ['trigger'],
      registers,
    }),
    runs: new Counter({
      name: 'sync_runs_total',
      help: 'Mailbox sync runs finished in this process, by trigger and status.',
      labelNames: ['trigger', 'status'],
      registers,
    }),
    runFailures: new Counter({
      name: 'sync_run_failures_total',
      help: 'Mailbox sync runs that threw (the whole run failed), by trigger.',
      labelNames: ['trigger'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'sync_queue_in_flight',
      help: 'Mailbox sync runs in flight in this process.',
      registers,
    }),
    sweepDrifted: new Counter({
      name: 'sync_sweep_drifted_total',
      help: 'Items the safety sweep found out of sync (changed without a notification).',
      registers,
    }),
    sweepRepaired: new Counter({
      name: 'sync_sweep_repaired_total',
      help: 'Writes the safety sweep made to repair drift.',
      registers,
    }),
    subscriptionActions: new Counter({
      name: 'sync_subscription_actions_total',
      help: 'Graph subscription upkeep: create, renew, recreate, reauthorize; outcome ok or failed.',
      labelNames: ['action', 'outcome'],
      registers,
    }),
  };
}

/** GET /metrics in the Prometheus text format, behind the admin key (like the admin API). */
export function metricsRouter(metrics: SyncMetrics, adminApiKey: string | undefined): Router {
  const router = Router();
  router.get('/metrics', requireAdminKey(adminApiKey), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
