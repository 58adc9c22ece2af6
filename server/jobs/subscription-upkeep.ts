/**
 * Graph change-notification subscriptions, one per connected mailbox: create on connect, renew when less than
 * a fraction of the lifetime is left, recreate when Graph removed it, reauthorise, and drop it when the mailbox
 * is no longer connected. The webhook routes call it; it does not receive HTTP itself.
 */
import { MAX_EVENT_SUBSCRIPTION_MINUTES, isOutlookError, type OutlookCalendar } from '../outlook';
import type { Mailbox, StoreRepositories } from '../store';
import { hashClientState, newClientState } from './client-state';
import type { SyncMetrics } from './metrics';
import type { QueueLogger } from './queue';

export type SubscriptionCalendar = Pick<OutlookCalendar, 'subscribe' | 'renewSubscription' | 'unsubscribe'>;

export interface SubscriptionUpkeepOptions {
  store: Pick<StoreRepositories, 'mailboxes' | 'subscriptions'>;
  /** The mailbox's Graph calendar (its token and request budget). */
  calendarFor(mailbox: Mailbox): SubscriptionCalendar;
  /** `${PUBLIC_URL}/webhooks/graph` and `${PUBLIC_URL}/webhooks/graph/lifecycle`. */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** Lifetime asked for each subscription (default: Graph's maximum for events less a 30-minute margin). */
  lifetimeMinutes?: number;
  /** Renew when less than this fraction of the lifetime is left (default 0.3). */
  renewBelowFraction?: number;
  clock: { now(): Date };
  logger: QueueLogger & { info(details: Record<string, unknown>, message: string): void };
  metrics: SyncMetrics;
}

export type UpkeepAction = 'created' | 'renewed' | 'kept' | 'removed' | 'skipped';

export interface SubscriptionUpkeep {
  /** Makes sure a connected mailbox has a live subscription (create, or renew when due). */
  ensure(mailboxId: string): Promise<UpkeepAction>;
  /** Deletes the current subscription (if any) and creates a fresh one with a new clientState. */
  recreate(mailboxId: string): Promise<UpkeepAction>;
  /** Renews now (Graph's answer to reauthorizationRequired); recreates when Graph no longer knows it. */
  reauthorize(mailboxId: string): Promise<UpkeepAction>;
  /** ensure() for every connected mailbox, and removes subscriptions of mailboxes no longer connected. */
  upkeepAll(): Promise<Record<UpkeepAction, number>>;
}

const MARGIN_MINUTES = 30;

function isGone(error: unknown): boolean {
  return isOutlookError(error) && (error.cause.status === 404 || error.cause.status === 410);
}

export function createSubscriptionUpkeep(options: SubscriptionUpkeepOptions): SubscriptionUpkeep {
  const lifetimeMinutes = options.lifetimeMinutes ?? MAX_EVENT_SUBSCRIPTION_MINUTES - MARGIN_MINUTES;
  const renewBelow = options.renewBelowFraction ?? 0.3;
  const { store, clock, logger, metrics } = options;

  async function counted<T>(action: string, mailboxId: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      metrics.subscriptionActions.inc({ action, outcome: 'ok' });
      return result;
    } catch (error) {
      metrics.subscriptionActions.inc({ action, outcome: 'failed' });
      logger.error({ err: error, mailboxId, action }, 'Graph subscription upkeep failed');
      throw error;
    }
  }

  async function create(mailbox: Mailbox): Promise<UpkeepAction> {
    return counted('create', mailbox.id, async () => {
      const clientState = newClientState();
      const expirationDateTime = new Date(clock.now().getTime() + lifetimeMinutes * 60_000);
      const created = await options.calendarFor(mailbox).subscribe({
        notificationUrl: options.notificationUrl,
        lifecycleNotificationUrl: options.lifecycleNotificationUrl,
        clientState,
        expirationDateTime,
      });
      // Another process may have subscribed meanwhile: keep ours, and do not leave theirs posting to us.
      const previous = await store.subscriptions.get(mailbox.id);
      await store.subscriptions.put(mailbox.id, {
        subscriptionId: created.id,
        clientStateHash: hashClientState(clientState),
        expiresAt: created.expirationDateTime,
      });
      if (previous !== undefined && previous.subscriptionId !== created.id) {
        await options.calendarFor(mailbox).unsubscribe(previous.subscriptionId);
      }
      logger.info({ mailboxId: mailbox.id, subscriptionId: created.id }, 'Graph subscription created');
      return 'created' as const;
    });
  }

  async function renew(mailbox: Mailbox, subscriptionId: string): Promise<UpkeepAction> {
    try {
      const renewed = await counted('renew', mailbox.id, () =>
        options.calendarFor(mailbox).renewSubscription(subscriptionId, lifetimeMinutes),
      );
      const row = await store.subscriptions.get(mailbox.id);
      if (row !== undefined)
        await store.subscriptions.put(mailbox.id, { ...row, expiresAt: renewed.expirationDateTime });
      return 'renewed';
    } catch (error) {
      if (!isGone(error)) throw error;
      // Graph forgot it (expired or removed): a new one, with a new secret.
      await store.subscriptions.delete(mailbox.id);
      return create(mailbox);
    }
  }

  async function connectedMailbox(mailboxId: string): Promise<Mailbox | undefined> {
    const mailbox = await store.mailboxes.get(mailboxId);
    return mailbox?.status === 'connected' ? mailbox : undefined;
  }

  async function remove(mailbox: Mailbox, subscriptionId: string): Promise<void> {
    await counted('delete', mailbox.id, () => options.calendarFor(mailbox).unsubscribe(subscriptionId));
    await store.subscriptions.delete(mailbox.id);
  }

  // One upkeep action per mailbox at a time in this process (connect and the scheduler may ask together).
  const busy = new Map<string, Promise<unknown>>();
  function serial<T>(mailboxId: string, work: () => Promise<T>): Promise<T> {
    const next = (busy.get(mailboxId) ?? Promise.resolve()).then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    busy.set(mailboxId, settled);
    void settled.then(() => {
      if (busy.get(mailboxId) === settled) busy.delete(mailboxId);
    });
    return next;
  }

  const upkeep: SubscriptionUpkeep = {
    ensure: (mailboxId) => serial(mailboxId, () => ensureNow(mailboxId)),
    recreate: (mailboxId) => serial(mailboxId, () => recreateNow(mailboxId)),
    reauthorize: (mailboxId) => serial(mailboxId, () => reauthorizeNow(mailboxId)),
    upkeepAll,
  };

  async function ensureNow(mailboxId: string): Promise<UpkeepAction> {
    const mailbox = await connectedMailbox(mailboxId);
    if (mailbox === undefined) return 'skipped';
    const row = await store.subscriptions.get(mailboxId);
    if (row === undefined) return create(mailbox);
    const left = Date.parse(row.expiresAt) - clock.now().getTime();
    if (left <= 0) {
      await store.subscriptions.delete(mailboxId);
      return create(mailbox);
    }
    return left < renewBelow * lifetimeMinutes * 60_000 ? renew(mailbox, row.subscriptionId) : 'kept';
  }

  async function recreateNow(mailboxId: string): Promise<UpkeepAction> {
    const mailbox = await connectedMailbox(mailboxId);
    if (mailbox === undefined) return 'skipped';
    const row = await store.subscriptions.get(mailboxId);
    if (row !== undefined) await remove(mailbox, row.subscriptionId);
    return create(mailbox);
  }

  async function reauthorizeNow(mailboxId: string): Promise<UpkeepAction> {
    const mailbox = await connectedMailbox(mailboxId);
    if (mailbox === undefined) return 'skipped';
    const row = await store.subscriptions.get(mailboxId);
    return row === undefined ? create(mailbox) : renew(mailbox, row.subscriptionId);
  }

  async function upkeepAll(): Promise<Record<UpkeepAction, number>> {
    const counts: Record<UpkeepAction, number> = { created: 0, renewed: 0, kept: 0, removed: 0, skipped: 0 };
    for (const row of await store.subscriptions.list()) {
      const mailbox = await store.mailboxes.get(row.mailboxId);
      if (mailbox === undefined || mailbox.status === 'connected') continue;
      // A disconnected mailbox's token may no longer work: forget the row even if Graph refuses the delete.
      await remove(mailbox, row.subscriptionId).catch(() => store.subscriptions.delete(row.mailboxId));
      counts.removed += 1;
    }
    for (const mailbox of await store.mailboxes.list({ status: 'connected' })) {
      try {
        counts[await upkeep.ensure(mailbox.id)] += 1;
      } catch {
        // Already logged and counted by counted(); one mailbox's failure must not stop the others.
        counts.skipped += 1;
      }
    }
    return counts;
  }
  return upkeep;
}
