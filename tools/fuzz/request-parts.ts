/**
 * What every fuzz request is made of: its shape, the material the generator may use (people's tokens and ids,
 * forged credentials, webhook secrets) and the building blocks shared by the route families: percent-encoding,
 * JSON and raw bodies, hostile ids, and bodies poisoned to fail a route's schema.
 */
import fc from 'fast-check';
import { hostileString, hostileValue, type RawBody } from './hostile';
import type { ForgedAuthorization } from './tokens';

export interface FuzzRequest {
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent as raw bytes over TLS instead (malformed HTTP). */
  raw?: string;
  /** Whose genuine credentials it carries: a person's index, 'admin', or none (forged, foreign, absent). */
  as: number | 'admin' | null;
}

/** What the generator may use: people's genuine tokens and ids, forged credentials, the webhook secrets. */
export interface FuzzMaterial {
  people: Array<{ token: string; eventIds: string[] }>;
  forgedAddin: ForgedAuthorization[];
  forgedAdmin: ForgedAuthorization[];
  adminKey: string;
  /** A Contoso admin's genuine bearer token (app role Sync.Admin). */
  adminBearer: string;
  /** Mailbox ids the backend knows. */
  mailboxIds: string[];
  erpWebhookSecret: string;
  /** Subscription ids the backend knows (clientState unknown to the fuzzer, as to any attacker). */
  subscriptionIds: string[];
  tenantIds: string[];
}

/** Percent-encodes every byte outside the unreserved set (a lone surrogate goes as U+FFFD, as any client sends it). */
export const enc = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
export const jsonBody = (value: unknown): Pick<FuzzRequest, 'body' | 'headers'> => ({
  body: Buffer.from(JSON.stringify(value) ?? 'null'),
  headers: { 'content-type': 'application/json' },
});
export const rawBody = (body: RawBody): Pick<FuzzRequest, 'body' | 'headers'> => ({
  body: body.bytes,
  headers: {
    ...(body.contentType ? { 'content-type': body.contentType } : {}),
    ...(body.contentEncoding ? { 'content-encoding': body.contentEncoding } : {}),
  },
});
export const withAuth = (header: string | undefined): Record<string, string> =>
  header === undefined ? {} : { authorization: header };

/** A hostile id for a path segment: URL-encoded, or raw traversal. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => enc(s.slice(0, 600)) || 'x') },
  { weight: 1, arbitrary: fc.constantFrom('..', '../..', '..%2f..%2fadmin%2fmailboxes', '%00', '.', '%2e%2e') },
  { weight: 1, arbitrary: fc.base64String({ minLength: 16, maxLength: 200 }).map(enc) },
);

/** An object body that fails its route's schema: one field has a wrong type, pollution keys ride along. */
export function poisoned(field: string, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(wrong, hostileValue).map(([value, extra]) => {
    const base = extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? extra : {};
    return JSON.parse(JSON.stringify({ ...(base as object), [field]: value })) as unknown;
  });
}
