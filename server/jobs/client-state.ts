/**
 * The clientState secret of a Graph subscription: 32 random bytes (base64url), stored only as a SHA-256 hash, and
 * compared in constant time. It does not know about subscriptions or HTTP.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for one subscription (43 characters; Graph allows 128). */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientState(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('hex');
}

/** Whether `received` is the secret behind `storedHash`; hashing first makes both sides the same length. */
export function clientStateMatches(received: unknown, storedHash: string): boolean {
  if (typeof received !== 'string' || received.length === 0) return false;
  const given = Buffer.from(hashClientState(received), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
