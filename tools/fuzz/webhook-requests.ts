/**
 * Fuzz requests on the webhooks: Graph notifications that no subscription's secret signs, and ERP notifications
 * with forged, stale or misapplied signatures, or correctly signed with a body that must be refused.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { brokenBody, hostileString, hostileValue } from './hostile';
import { jsonBody, poisoned, rawBody, type FuzzMaterial, type FuzzRequest } from './request-parts';

export function graphWebhookRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const notification = fc.record({
    subscriptionId: fc.oneof(fc.constantFrom(...m.subscriptionIds), hostileString),
    clientState: fc.oneof(hostileString, fc.constant(undefined)),
    changeType: fc.oneof(fc.constantFrom('created', 'updated', 'deleted'), hostileString),
    lifecycleEvent: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('missed', 'subscriptionRemoved', 'reauthorizationRequired'),
    ),
    resource: hostileString,
    resourceData: hostileValue,
  });
  const body = fc.oneof(
    fc.array(notification, { maxLength: 5 }).map((value) => jsonBody({ value })),
    fc
      .integer({ min: 1_001, max: 3_000 })
      .map((n) => jsonBody({ value: Array.from({ length: n }, () => ({ subscriptionId: 'x' })) })),
    hostileValue.map(jsonBody),
    brokenBody.map(rawBody),
  );
  return fc
    .tuple(fc.constantFrom('/webhooks/graph', '/webhooks/graph/lifecycle'), body)
    .map(([path, b]) => ({ category: 'graph webhook, forged', method: 'POST', path, as: null, ...b }));
}

export function erpWebhookRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (body: Buffer, t: number, nonce: string) =>
    `t=${t},n=${nonce},v1=${createHmac('sha256', m.erpWebhookSecret).update(`${t}.${nonce}.`).update(body).digest('hex')}`;
  const shaped = fc.record({
    type: fc.oneof(fc.constant('appointments.changed'), hostileString),
    ownerId: fc.oneof(hostileString, fc.constant(1)),
    occurredAt: hostileValue,
  });
  const body = fc.oneof(shaped.map(jsonBody), hostileValue.map(jsonBody), brokenBody.map(rawBody));
  const signature = fc.oneof(
    fc.constant<(b: Buffer) => string | undefined>(() => undefined),
    // A header value can only carry visible ASCII: the rest of a hostile string becomes '?'.
    hostileString.map((s) => () => [...s].map((c) => (c >= ' ' && c <= '~' ? c : '?')).join('')),
    fc.constant((b: Buffer) => sign(b, now() - 3_600, 'stale-nonce-0000000000')),
    fc.constant((b: Buffer) => sign(Buffer.concat([b, Buffer.from(' ')]), now(), 'other-body-nonce-00000')),
    fc.constant(() => `t=${now()},v1=${'0'.repeat(64)}`),
  );
  // Correctly signed, but the body must be refused: the ERP's own bug, or a stolen secret with no valid body.
  const signedRefused = fc
    .tuple(fc.oneof(brokenBody.map(rawBody), poisoned('type', hostileString).map(jsonBody)), fc.uuid())
    .map(([b, nonce]): FuzzRequest => ({
      category: 'erp webhook, signed, refused body',
      method: 'POST',
      path: '/webhooks/erp',
      as: null,
      ...b,
      headers: { ...b.headers, 'erp-signature': sign(b.body ?? Buffer.alloc(0), now(), nonce) },
    }));
  const forged = fc.tuple(body, signature).map(([b, sig]): FuzzRequest => {
    const header = sig(b.body ?? Buffer.alloc(0));
    return {
      category: 'erp webhook, forged',
      method: 'POST',
      path: '/webhooks/erp',
      as: null,
      ...b,
      headers: { ...b.headers, ...(header === undefined ? {} : { 'erp-signature': header }) },
    };
  });
  return fc.oneof({ weight: 3, arbitrary: forged }, { weight: 1, arbitrary: signedRefused });
}
