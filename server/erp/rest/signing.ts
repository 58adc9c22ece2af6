/**
 * The contract's two signatures: HMAC-signed requests (client -> ERP) and the signed webhook (ERP -> us).
 * Pure functions over node:crypto; the exact strings are defined in docs/erp-contract.openapi.yaml.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const HMAC_SCHEME = 'ERP-HMAC-SHA256';
/** Both signatures are refused when their timestamp is further than this from the verifier's clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** `<METHOD>\n<path and query>\n<ts>\n<body sha256>`, as the contract's `hmac` security scheme defines it. */
export function stringToSign(
  method: string,
  pathAndQuery: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  return `${method.toUpperCase()}\n${pathAndQuery}\n${timestamp}\n${sha256Hex(body)}`;
}

export function hmacAuthorization(
  request: { method: string; pathAndQuery: string; body: string | Uint8Array },
  key: { keyId: string; secret: string },
  timestamp: number,
): string {
  const signature = createHmac('sha256', key.secret)
    .update(stringToSign(request.method, request.pathAndQuery, timestamp, request.body))
    .digest('hex');
  return `${HMAC_SCHEME} keyId=${key.keyId},ts=${timestamp},sig=${signature}`;
}

/** The `ERP-Signature` header value for a webhook body. */
export function webhookSignature(secret: string, rawBody: string, timestamp: number): string {
  const hex = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${hex}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/** For the receiver of the ERP's webhook (`/webhooks/erp`): checks the signature and its freshness. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  now: Date,
): WebhookVerdict {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return { ok: false, reason: 'missing or malformed ERP-Signature header' };
  const timestamp = Number(match[1]);
  if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'ERP-Signature timestamp is too far from our clock' };
  }
  const expected = Buffer.from(webhookSignature(secret, rawBody, timestamp));
  const given = Buffer.from(header ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'ERP-Signature does not match the body' };
  }
  return { ok: true };
}
