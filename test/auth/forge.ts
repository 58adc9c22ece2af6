/**
 * Hostile tokens for the rejection suite, built from a genuine emulator token: tampered payload (signature kept),
 * a stranger's key, `alg: none`, and HS256 keyed with the tenant's public key (the algorithm-confusion attack).
 */
import { createHmac, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { SignJWT } from 'jose';

type Claims = Record<string, unknown>;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function partsOf(token: string): { header: Claims; claims: Claims; signature: string } {
  const [h, p, s] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Claims,
    claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Claims,
    signature: s,
  };
}

/** Same header and signature, different claims: the signature no longer matches. */
export function tamper(token: string, changes: Claims): string {
  const [h, , s] = token.split('.') as [string, string, string];
  return `${h}.${b64({ ...partsOf(token).claims, ...changes })}.${s}`;
}

/** Signed by a key the tenant never published. */
export async function signWithStrangerKey(token: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { header, claims } = partsOf(token);
  return new SignJWT(claims)
    .setProtectedHeader({ ...header, alg: 'RS256', kid: 'stranger-kid', x5t: 'stranger-kid' })
    .sign(privateKey);
}

export function unsigned(token: string): string {
  const { header, claims } = partsOf(token);
  return `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
}

/** HMAC-SHA256 keyed with the PEM of the tenant's published RSA key, the way a confused verifier would check it. */
export async function hs256WithPublicKey(token: string, jwksUri: string): Promise<string> {
  const { header, claims } = partsOf(token);
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error('signing key not in the JWKS');
  const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}
