/**
 * Outbound calls to subscribers over HTTPS (trusting the dev CA): the validation handshake, change notifications
 * from the calendar half's feed, and lifecycle notifications. Failures are recorded in the delivery log; Graph's
 * own retry schedule (hours) is not emulated.
 */
import { randomUUID } from 'node:crypto';
import { fetch } from 'undici';
import type { EmulatorContext } from '../context';
import type { CalendarChange } from '../contracts';
import { GraphError } from '../graph-error';
import type { StoredSubscription, SubscriptionStore } from './store';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** POSTs `{url}?validationToken=...` and expects 200 text/plain echoing the token within the timeout. */
export async function validateEndpoint(ctx: EmulatorContext, url: string): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  let status: number;
  let body: string;
  let contentType: string;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
      dispatcher: ctx.outbound,
      signal: AbortSignal.timeout(ctx.settings.validationTimeoutMs),
    });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    body = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new GraphError(
      400,
      'InvalidRequest',
      timedOut
        ? 'Subscription validation request timeout.'
        : `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (${(error as Error).message})`,
    );
  }
  if (status !== 200) {
    throw new GraphError(
      400,
      'InvalidRequest',
      `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (HTTP ${status})`,
    );
  }
  // "respond ... with a 200 OK status code, content type text/plain, body includes the URL-decoded validation token"
  // (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks, "Notification endpoint validation").
  if (!/^text\/plain\b/i.test(contentType.trim())) {
    throw new GraphError(
      400,
      'InvalidRequest',
      `Subscription validation request failed. Response must be text/plain, not '${contentType || 'no content type'}'.`,
    );
  }
  if (body !== token) {
    throw new GraphError(
      400,
      'InvalidRequest',
      'Subscription validation request failed. Response must exactly match validationToken query parameter.',
    );
  }
}

export class NotificationSender {
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly store: SubscriptionStore,
  ) {}

  /** Fan a calendar change out to the live subscriptions on that mailbox. */
  onChange(change: CalendarChange): void {
    const now = this.ctx.clock.now();
    for (const sub of this.store.live(now)) {
      if (sub.tenantId !== change.tenantId || sub.userId !== change.userId) continue;
      if (!sub.changeType.split(',').includes(change.changeType)) continue;
      const eventId = sub.immutableIds ? change.eventId : (change.restId ?? change.eventId);
      if (this.store.dropRemaining > 0) {
        this.store.dropRemaining -= 1;
        this.store.record({
          at: now.toISOString(),
          subscriptionId: sub.id,
          kind: 'change',
          event: change.changeType,
          eventId,
          url: sub.notificationUrl,
          outcome: 'dropped',
        });
        continue;
      }
      const resource = `Users/${change.userId}/Events/${eventId}`;
      const payload = {
        value: [
          {
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: sub.expirationDateTime,
            changeType: change.changeType,
            resource,
            resourceData: {
              '@odata.type': '#Microsoft.Graph.Event',
              '@odata.id': resource,
              ...(change.etag ? { '@odata.etag': change.etag } : {}),
              id: eventId,
            },
            clientState: sub.clientState,
            tenantId: sub.tenantId,
          },
        ],
      };
      this.track(this.post(sub, sub.notificationUrl, payload, 'change', change.changeType, eventId));
      if (this.store.duplicateRemaining > 0) {
        this.store.duplicateRemaining -= 1;
        this.track(this.post(sub, sub.notificationUrl, payload, 'change', change.changeType, eventId, true));
      }
    }
  }

  /** Sends a lifecycle notification; answers with the subscriber's HTTP status. */
  async lifecycle(sub: StoredSubscription, event: LifecycleEvent): Promise<number | undefined> {
    const url = sub.lifecycleNotificationUrl;
    if (!url) throw new Error('subscription has no lifecycleNotificationUrl');
    const payload = {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: sub.expirationDateTime,
          tenantId: sub.tenantId,
          clientState: sub.clientState,
          lifecycleEvent: event,
        },
      ],
    };
    const sending = this.post(sub, url, payload, 'lifecycle', event);
    this.track(sending);
    await sending;
    return this.store
      .deliveryLog()
      .filter((d) => d.subscriptionId === sub.id && d.event === event)
      .at(-1)?.status;
  }

  /** Resolves when every notification under way has been answered or failed. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async post(
    sub: StoredSubscription,
    url: string,
    payload: unknown,
    kind: 'change' | 'lifecycle',
    event: string,
    eventId?: string,
    duplicate?: true,
  ): Promise<void> {
    const base = {
      ...(duplicate ? { duplicate } : {}),
      at: this.ctx.clock.now().toISOString(),
      subscriptionId: sub.id,
      kind,
      event,
      url,
      ...(eventId ? { eventId } : {}),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        dispatcher: this.ctx.outbound,
        signal: AbortSignal.timeout(this.ctx.settings.notificationTimeoutMs),
      });
      await response.arrayBuffer();
      this.store.record({ ...base, outcome: response.ok ? 'delivered' : 'failed', status: response.status });
    } catch (error) {
      this.store.record({ ...base, outcome: 'failed', error: (error as Error).message });
    }
  }
}
