/**
 * Graph change-notification subscriptions held by the emulator, and the log of every notification it sent (or
 * dropped on purpose). Expired subscriptions stay stored but are invisible and never deliver.
 */
import type { Subscription as GraphSubscription } from '@microsoft/microsoft-graph-types';

export interface StoredSubscription {
  id: string;
  tenantId: string;
  applicationId: string;
  /** Caller's object id (delegated) or the app (app-only). */
  creatorId: string;
  /** Mailbox (user object id) the resource points at. */
  userId: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  latestSupportedTlsVersion: string;
  /** Created with `Prefer: IdType="ImmutableId"`: notifications carry immutable ids. */
  immutableIds: boolean;
}

export interface DeliveryRecord {
  at: string;
  subscriptionId: string;
  kind: 'change' | 'lifecycle';
  /** changeType or lifecycleEvent. */
  event: string;
  eventId?: string;
  url: string;
  outcome: 'delivered' | 'dropped' | 'failed';
  /** The second delivery of a notification delivered twice on purpose. */
  duplicate?: true;
  status?: number;
  error?: string;
}

export class SubscriptionStore {
  private subscriptions = new Map<string, StoredSubscription>();
  private deliveries: DeliveryRecord[] = [];
  /** Notifications still to drop on purpose (control API). */
  dropRemaining = 0;
  /** Notifications still to deliver twice on purpose (control API), as Graph's redelivery does. */
  duplicateRemaining = 0;

  put(sub: StoredSubscription): void {
    this.subscriptions.set(sub.id, sub);
  }

  get(id: string): StoredSubscription | undefined {
    return this.subscriptions.get(id);
  }

  delete(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  all(): StoredSubscription[] {
    return [...this.subscriptions.values()];
  }

  live(now: Date): StoredSubscription[] {
    return this.all().filter((s) => isLive(s, now));
  }

  record(delivery: DeliveryRecord): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > 5000) this.deliveries.shift();
  }

  deliveryLog(): DeliveryRecord[] {
    return [...this.deliveries];
  }

  export(): { subscriptions: StoredSubscription[]; dropRemaining: number } {
    return { subscriptions: this.all(), dropRemaining: this.dropRemaining };
  }

  import(saved: { subscriptions: StoredSubscription[]; dropRemaining: number }): void {
    this.subscriptions = new Map(saved.subscriptions.map((s) => [s.id, s]));
    this.dropRemaining = saved.dropRemaining;
    this.deliveries = [];
  }

  clear(): void {
    this.subscriptions.clear();
    this.deliveries = [];
    this.dropRemaining = 0;
    this.duplicateRemaining = 0;
  }
}

export function isLive(sub: StoredSubscription, now: Date): boolean {
  return new Date(sub.expirationDateTime).getTime() > now.getTime();
}

/** The subscription resource as Graph answers it (typed with @microsoft/microsoft-graph-types). */
export function toGraphSubscription(
  sub: StoredSubscription,
  baseUrl: string,
): GraphSubscription & Record<string, unknown> {
  return {
    '@odata.context': `${baseUrl}/v1.0/$metadata#subscriptions/$entity`,
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeType,
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: sub.expirationDateTime,
    creatorId: sub.creatorId,
    includeResourceData: null,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
    notificationContentType: null,
  };
}
