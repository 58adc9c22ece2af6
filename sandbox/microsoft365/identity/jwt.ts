/**
 * Compact RS256 JWTs with node:crypto: sign with the key ring's signing key, verify against the published keys.
 * Verification reports why a token is unacceptable (malformed, unknown key, bad signature, expired) so callers
 * can map it to AADSTS or Graph errors; it does not check audiences or issuers (callers do).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { KeyRing, SigningKey } from './keys';

/** Parsed key objects per signing key: parsing a PEM costs more than the signature check it serves. */
const parsed = new WeakMap<SigningKey, { privateKey: KeyObject; publicKey: KeyObject }>();

function keyObjects(key: SigningKey): { privateKey: KeyObject; publicKey: KeyObject } {
  let objects = parsed.get(key);
  if (!objects) {
    const privateKey = createPrivateKey(key.privateKeyPem);
    objects = { privateKey, publicKey: createPublicKey(privateKey) };
    parsed.set(key, objects);
  }
  return objects;
}

export type JwtClaims = Record<string, unknown> & { exp?: number; nbf?: number; iat?: number };

export function signJwt(ring: KeyRing, claims: JwtClaims): string {
  const key = ring.signing;
  const header = { typ: 'JWT', alg: 'RS256', x5t: key.x5t, kid: key.kid };
  const input = `${b64json(header)}.${b64json(claims)}`;
  const signature = sign('sha256', Buffer.from(input), keyObjects(key).privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

export type JwtProblem = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'not_yet_valid';

export class JwtError extends Error {
  constructor(
    readonly problem: JwtProblem,
    message: string,
    readonly claims?: JwtClaims,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

/** Decodes without verifying (for error messages and routing); throws JwtError('malformed'). */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: JwtClaims } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed', 'JWT is not three dot-separated parts');
  try {
    const header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as JwtClaims;
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null) {
      throw new Error('not JSON objects');
    }
    return { header, claims };
  } catch (cause) {
    throw new JwtError('malformed', `JWT header or payload is not JSON: ${(cause as Error).message}`);
  }
}

/** Checks signature (any published key, by kid) and time validity against `nowSeconds` (5 minutes of skew on nbf). */
export function verifyJwt(ring: KeyRing, token: string, nowSeconds: number): JwtClaims {
  const { claims } = verifyJwtSignature(ring, token);
  checkJwtLifetime(claims, nowSeconds);
  return claims;
}

/** The signature half of `verifyJwt`: the claims and the id of the published key that signed them. */
export function verifyJwtSignature(ring: KeyRing, token: string): { claims: JwtClaims; kid: string } {
  const { header, claims } = decodeJwt(token);
  if (header.alg !== 'RS256') throw new JwtError('malformed', `unsupported alg ${String(header.alg)}`, claims);
  const key = typeof header.kid === 'string' ? ring.find(header.kid) : undefined;
  if (!key) throw new JwtError('unknown_key', `signing key ${String(header.kid)} is not published`, claims);
  const [h, p, s] = token.split('.') as [string, string, string];
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), keyObjects(key).publicKey, Buffer.from(s, 'base64url'));
  if (!ok) throw new JwtError('bad_signature', 'JWT signature does not verify', claims);
  return { claims, kid: key.kid };
}

/** The time half of `verifyJwt`: expired, or not valid yet (5 minutes of skew on nbf). */
export function checkJwtLifetime(claims: JwtClaims, nowSeconds: number): void {
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) {
    throw new JwtError('expired', `JWT expired at ${new Date(claims.exp * 1000).toISOString()}`, claims);
  }
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 300) {
    throw new JwtError('not_yet_valid', 'JWT is not valid yet', claims);
  }
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
