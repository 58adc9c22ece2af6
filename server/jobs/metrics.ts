/**
 * The background runtime's Prometheus metrics (prom-client, one registry per process). Counters only count;
 * nothing here decides anything. The `/metrics` route is server/http's.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { MAILBOX_CONDITION_KINDS, type MailboxConditionKind } from '../store';

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
  /** Mailboxes with each condition, read from the store at every scrape (database-wide: take max, not sum). */
  conditions: Gauge<'kind'>;
}

export interface SyncMetricsOptions {
  defaultMetrics?: boolean;
  /** How many mailboxes have each condition (the conditions repository's countMailboxesByKind). */
  conditionCounts?: () => Promise<Partial<Record<MailboxConditionKind, number>>>;
}

export function createSyncMetrics(options: SyncMetricsOptions = {}): SyncMetrics {
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
    conditions: conditionsGauge(registers, options.conditionCounts),
  };
}

function conditionsGauge(registers: Registry[], counts: SyncMetricsOptions['conditionCounts']): Gauge<'kind'> {
  return new Gauge({
    name: 'sync_mailbox_conditions',
    help: 'Mailboxes whose sync is stopped or limited, by condition kind (delete_guard, needs_reconnect, paused, ...).',
    labelNames: ['kind'],
    registers,
    async collect() {
      if (counts === undefined) return;
      const current = await counts();
      // Every kind is reported, 0 included, so an alert can watch a series that always exists.
      for (const kind of MAILBOX_CONDITION_KINDS) this.set({ kind }, current[kind] ?? 0);
    },
  });
}
