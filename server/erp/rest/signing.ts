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

/** A nonce: 16-128 URL-safe characters, fresh for every delivery (a random 128-bit value in base64url will do). */
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

function webhookMac(
  secret: string,
  timestamp: number,
  nonce: string | undefined,
  rawBody: string | Uint8Array,
): string {
  const mac = createHmac('sha256', secret).update(nonce === undefined ? `${timestamp}.` : `${timestamp}.${nonce}.`);
  return mac.update(rawBody).digest('hex');
}

/**
 * The `ERP-Signature` header value for a webhook body: `t=<unix s>,n=<nonce>,v1=<hex HMAC-SHA256 of "t.n.body">`.
 * Without a nonce (contract 1.0): `t=..,v1=<hex HMAC of "t.body">`, still accepted by the receiver.
 */
export function webhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  timestamp: number,
  nonce?: string,
): string {
  if (nonce !== undefined && !NONCE.test(nonce)) throw new Error('a webhook nonce is 16-128 URL-safe characters');
  const hex = webhookMac(secret, timestamp, nonce, rawBody);
  return nonce === undefined ? `t=${timestamp},v1=${hex}` : `t=${timestamp},n=${nonce},v1=${hex}`;
}

/**
 * A verified delivery names its identity (`deliveryId`): the nonce, or for a 1.0 header the signature itself, which
 * no other body or timestamp can share. The receiver remembers it for `REPLAY_WINDOW_SECONDS` to refuse replays.
 */
export type WebhookVerdict = { ok: true; deliveryId: string } | { ok: false; reason: string };

/** How long a delivery identity must be remembered: past it, the timestamp check refuses the delivery anyway. */
export const REPLAY_WINDOW_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS;

/** For the receiver of the ERP's webhook (`/webhooks/erp`): checks the signature over the raw bytes and its freshness. */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Uint8Array,
  now: Date,
): WebhookVerdict {
  const match = /^t=(\d{1,12}),(?:n=([A-Za-z0-9_-]{16,128}),)?v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return { ok: false, reason: 'missing or malformed ERP-Signature header' };
  const timestamp = Number(match[1]);
  const nonce = match[2];
  if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'ERP-Signature timestamp is too far from our clock' };
  }
  const expected = Buffer.from(webhookMac(secret, timestamp, nonce, rawBody));
  const given = Buffer.from(match[3] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'ERP-Signature does not match the body' };
  }
  return { ok: true, deliveryId: nonce === undefined ? `sig:${match[3]}` : `nonce:${nonce}` };
}
