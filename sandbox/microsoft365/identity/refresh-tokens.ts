/**
 * Refresh tokens: opaque strings remembered by the emulator. Every redemption returns a new one (rotation; the old
 * one stays usable until it expires, as with Microsoft); a person's tokens can be revoked all at once.
 */
import { randomBytes } from 'node:crypto';

export interface RefreshGrant {
  tenantId: string;
  userId: string;
  clientId: string;
  /** Scopes the grant covers (Graph permission names plus OIDC scopes). */
  scopes: string[];
  /** Seconds since epoch (emulator clock) after which the token is dead from inactivity. */
  expiresAt: number;
  revoked: boolean;
}

export type RedeemResult = { ok: true; grant: RefreshGrant } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export class RefreshTokenStore {
  private grants = new Map<string, RefreshGrant>();

  issue(grant: Omit<RefreshGrant, 'revoked'>): string {
    const token = `1.SANDBOX.${randomBytes(48).toString('base64url')}`;
    this.grants.set(token, { ...grant, revoked: false });
    return token;
  }

  check(token: string, nowSeconds: number): RedeemResult {
    const grant = this.grants.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.revoked) return { ok: false, reason: 'revoked' };
    if (grant.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** Revokes every refresh token of a person (like revokeSignInSessions); returns how many were live. */
  revokeUser(userId: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  export(): Record<string, RefreshGrant> {
    return Object.fromEntries(this.grants);
  }

  import(saved: Record<string, RefreshGrant>): void {
    this.grants = new Map(Object.entries(saved));
  }

  clear(): void {
    this.grants.clear();
  }
}
