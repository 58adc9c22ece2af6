/**
 * Request authentication for the reference ERP, as the contract defines it: a bearer token, or an HMAC signature
 * over method, request target, timestamp and body hash. Written independently of the adapter's signer on purpose.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problems';

export interface Credentials {
  tokens: Set<string>;
  hmacKeys: Map<string, string>;
}

const SKEW_SECONDS = 300;
const HMAC_HEADER = /^ERP-HMAC-SHA256 keyId=([^,\s]+),ts=(\d+),sig=([0-9a-f]{64})$/;

/** The raw body bytes, kept by the JSON parser's `verify` hook: the signature covers exactly these. */
export type RawBodyRequest = Request & { rawBody?: Buffer; principal?: string };

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, 'unauthorized', 'Unauthorized', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="erp", ERP-HMAC-SHA256 realm="erp"' },
  });
}

function verifyHmac(req: RawBodyRequest, header: string, keys: Map<string, string>): string {
  const match = HMAC_HEADER.exec(header);
  if (!match) throw unauthorized('Malformed ERP-HMAC-SHA256 authorization.');
  const [, keyId = '', ts = '', sig = ''] = match;
  const secret = keys.get(keyId);
  if (secret === undefined) throw unauthorized('Unknown key id.');
  if (Math.abs(Date.now() / 1000 - Number(ts)) > SKEW_SECONDS)
    throw unauthorized('Timestamp outside the allowed skew.');
  const bodyHash = createHash('sha256')
    .update(req.rawBody ?? Buffer.alloc(0))
    .digest('hex');
  const expected = createHmac('sha256', secret)
    .update(`${req.method}\n${req.originalUrl}\n${ts}\n${bodyHash}`)
    .digest('hex');
  if (!safeEqual(expected, sig)) throw unauthorized('Signature mismatch.');
  return `hmac:${keyId}`;
}

export function authenticate(credentials: Credentials) {
  return (req: RawBodyRequest, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    if (header.startsWith('Bearer ')) {
      const token = header.slice('Bearer '.length);
      const known = [...credentials.tokens].some((t) => safeEqual(t, token));
      if (!known) return next(unauthorized('Unknown bearer token.'));
      req.principal = `bearer:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
      return next();
    }
    if (header.startsWith('ERP-HMAC-SHA256 ')) {
      try {
        req.principal = verifyHmac(req, header, credentials.hmacKeys);
      } catch (error) {
        return next(error);
      }
      return next();
    }
    next(unauthorized('Missing credentials: send a bearer token or an HMAC signature.'));
  };
}
