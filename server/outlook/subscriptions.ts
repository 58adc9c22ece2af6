/**
 * Change-notification subscriptions on one mailbox's events: create, renew (PATCH expirationDateTime), delete
 * (already gone is success). Receiving notifications is server/http's job.
 */
import type { GraphTransport } from './client';
import { isOutlookError } from './errors';
import { GraphSubscriptionSchema, parseGraph } from './wire-schemas';
import type { GraphSubscription } from './wire-types';

/** Outlook event subscriptions live at most 4,230 minutes (newer docs say 10,080): callers choose within it. */
export const MAX_EVENT_SUBSCRIPTION_MINUTES = 4230;

export interface SubscriptionRequest {
  /** https URL Graph validates (validationToken echo) and then POSTs notifications to. */
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** Secret echoed in every notification (at most 128 characters). */
  clientState: string;
  expirationDateTime: Date;
}

export interface Subscription {
  id: string;
  resource: string;
  expirationDateTime: string;
  clientState: string | null;
}

function toSubscription(s: GraphSubscription): Subscription {
  return {
    id: s.id,
    resource: s.resource,
    expirationDateTime: s.expirationDateTime,
    clientState: s.clientState ?? null,
  };
}

export async function createSubscription(
  transport: GraphTransport,
  userPath: string,
  request: SubscriptionRequest,
): Promise<Subscription> {
  if (request.clientState.length > 128) throw new RangeError('clientState is limited to 128 characters by Graph.');
  const created = await transport.post('/subscriptions', {
    changeType: 'created,updated,deleted',
    notificationUrl: request.notificationUrl,
    lifecycleNotificationUrl: request.lifecycleNotificationUrl,
    resource: `${userPath}/events`,
    expirationDateTime: request.expirationDateTime.toISOString(),
    clientState: request.clientState,
  });
  return toSubscription(parseGraph(GraphSubscriptionSchema, created, 'POST /subscriptions'));
}

export async function renewSubscription(
  transport: GraphTransport,
  id: string,
  expirationDateTime: Date,
): Promise<Subscription> {
  const renewed = await transport.patch(`/subscriptions/${encodeURIComponent(id)}`, {
    expirationDateTime: expirationDateTime.toISOString(),
  });
  return toSubscription(parseGraph(GraphSubscriptionSchema, renewed, 'PATCH /subscriptions'));
}

export async function deleteSubscription(transport: GraphTransport, id: string): Promise<void> {
  try {
    await transport.delete(`/subscriptions/${encodeURIComponent(id)}`);
  } catch (error) {
    if (isOutlookError(error) && (error.cause.status === 404 || error.cause.status === 410)) return; // already gone: success
    throw error;
  }
}
