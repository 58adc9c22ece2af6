/**
 * Authorization codes of the auth code flow: opaque, single use, short lived ("about 10 minutes", Microsoft's
 * auth code flow article: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), bound to
 * the client, the redirect URI and the PKCE challenge they were issued with.
 */
import { createHash, randomBytes } from 'node:crypto';

export const AUTH_CODE_LIFETIME_SECONDS = 600;

export interface AuthCodeGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  tenantId: string;
  /** The resource app's client id (whose scope was asked for). */
  resourceClientId: string;
  /** Scope names of that resource, e.g. access_as_user. */
  scopes: string[];
  /** OIDC scopes asked for (openid, profile, offline_access, email). */
  oidc: string[];
  nonce?: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
}

export type RedeemCode = { ok: true; grant: AuthCodeGrant } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export class AuthCodeStore {
  private codes = new Map<string, AuthCodeGrant & { used: boolean }>();

  issue(grant: AuthCodeGrant): string {
    const code = `1.SANDBOXCODE.${randomBytes(32).toString('base64url')}`;
    this.codes.set(code, { ...grant, used: false });
    return code;
  }

  /** Takes the code: a second redemption fails (`used`), as with Microsoft (AADSTS54005). */
  redeem(code: string, nowSeconds: number): RedeemCode {
    const grant = this.codes.get(code);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.used) return { ok: false, reason: 'used' };
    grant.used = true;
    if (grant.expiresAt < nowSeconds) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }
}

/** RFC 7636: BASE64URL(SHA256(verifier)) for S256, the verifier itself for plain. */
export function pkceMatches(grant: Pick<AuthCodeGrant, 'codeChallenge' | 'codeChallengeMethod'>, verifier: string) {
  const computed =
    grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === grant.codeChallenge;
}
