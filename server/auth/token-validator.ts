/**
 * Validates the add-in's bearer token (Office SSO / nested app authentication) with jose: keys from the tenant's
 * JWKS (found through OpenID discovery, cached, refreshed on an unknown kid at most once per cooldown), RS256 only,
 * v1 or v2 issuer of the token's own tenant, our audience, `access_as_user`, allowed tenants. It calls no Graph.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../errors';
import type { Caller } from './caller';
import { OpenIdDiscovery, type OpenIdConfiguration } from './openid-discovery';

export const ACCESS_AS_USER = 'access_as_user';
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_JWKS_COOLDOWN_MS = 30_000;
const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenValidatorOptions {
  /** e.g. https://login.microsoftonline.com (AUTH_AUTHORITY_HOST). */
  authorityHost: string;
  /** The app registration's client id (AUTH_CLIENT_ID): the v2 audience. */
  clientId: string;
  /** The backend's public origin (PUBLIC_URL): the App ID URI `api://<host>/<clientId>` is the v1 audience. */
  publicUrl: string;
  /** Tenant ids allowed to call, or ['*'] for any tenant (AUTH_ALLOWED_TENANTS). */
  allowedTenants: readonly string[];
  /** Base of v1 issuers (`<base>/<tid>/`); Microsoft's is https://sts.windows.net. */
  v1IssuerBase?: string;
  clockToleranceSeconds?: number;
  /** Minimum time between two JWKS fetches of one tenant, whatever kids tokens name (rate limit). */
  jwksCooldownMs?: number;
  /** How long fetched keys are used before a refresh. */
  jwksMaxAgeMs?: number;
}

export interface TokenValidator {
  /** Resolves the caller or throws AppError `unauthorized` (bad token) / `transient` (keys unreachable). */
  validate(token: string): Promise<Caller>;
}

interface TenantKeys {
  issuers: string[];
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

const trim = (url: string) => url.replace(/\/+$/, '');

function refuse(reason: string, cause?: unknown): AppError {
  return new AppError('unauthorized', reason, { cause });
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const authorityHost = trim(options.authorityHost);
  const v1Base = trim(options.v1IssuerBase ?? 'https://sts.windows.net');
  const audiences = [options.clientId, `api://${new URL(options.publicUrl).host}/${options.clientId}`];
  const anyTenant = options.allowedTenants.includes('*');
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));

  const discovery = new OpenIdDiscovery(authorityHost);
  // The remote key set per tenant's discovery document, made once (jose caches and refreshes the keys inside it),
  // and gone with the document when discovery forgets the tenant.
  const keySets = new WeakMap<OpenIdConfiguration, TenantKeys>();

  async function keysOf(tenantId: string): Promise<TenantKeys> {
    const document = await discovery.of(tenantId);
    let keys = keySets.get(document);
    if (keys === undefined) {
      const jwks = createRemoteJWKSet(new URL(document.jwks_uri), {
        cooldownDuration: options.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS,
        cacheMaxAge: options.jwksMaxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS,
      });
      keys = { issuers: [document.issuer, `${v1Base}/${tenantId}/`], jwks };
      keySets.set(document, keys);
    }
    return keys;
  }

  /** Cheap checks on the unverified token, so a stranger's token never makes us fetch anything. */
  function precheck(token: string): string {
    let alg: unknown;
    let tid: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
      tid = decodeJwt(token).tid;
    } catch (cause) {
      throw refuse('The bearer token is not a well-formed JWT.', cause);
    }
    if (alg !== 'RS256') throw refuse(`Tokens signed with ${String(alg)} are not accepted; RS256 only.`);
    if (typeof tid !== 'string' || !GUID.test(tid)) throw refuse('The token names no tenant (tid).');
    if (!anyTenant && !allowed.has(tid.toLowerCase())) throw refuse(`Tenant ${tid} is not allowed to use this add-in.`);
    return tid.toLowerCase();
  }

  async function verify(token: string, tenantId: string): Promise<JWTPayload> {
    const keys = await keysOf(tenantId);
    try {
      const { payload } = await jwtVerify(token, keys.jwks, {
        algorithms: ['RS256'],
        audience: audiences,
        issuer: keys.issuers,
        clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'tid', 'oid'],
      });
      return payload;
    } catch (error) {
      throw translateJoseError(error);
    }
  }

  return {
    async validate(token) {
      const tenantId = precheck(token);
      const payload = await verify(token, tenantId);
      if (String(payload.tid).toLowerCase() !== tenantId) throw refuse("The token's tenant does not match its issuer.");
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes(ACCESS_AS_USER)) throw refuse(`The token lacks the ${ACCESS_AS_USER} scope.`);
      if (typeof payload.oid !== 'string' || payload.oid === '') throw refuse('The token names no user (oid).');
      const caller: Omit<Caller, 'rawToken'> = {
        tenantId,
        objectId: payload.oid.toLowerCase(),
        upn: firstString(payload.preferred_username, payload.upn, payload.unique_name, payload.email) ?? '',
        name: firstString(payload.name) ?? '',
        roles: Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [],
      };
      // Not enumerable: logging or serialising a caller never carries the token along.
      // Cast: defineProperty returns its argument, now with the rawToken Caller declares.
      return Object.defineProperty(caller, 'rawToken', { value: token, enumerable: false }) as Caller;
    },
  };
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v !== '');
}

const REASONS: Array<[new (...args: never[]) => Error, string]> = [
  [errors.JWTExpired, 'The token has expired.'],
  [errors.JWTClaimValidationFailed, 'The token is not for this application or not valid now'],
  [errors.JWSSignatureVerificationFailed, 'The token signature does not verify.'],
  [errors.JWKSNoMatchingKey, "The token's signing key is not published by its tenant."],
  [errors.JOSEAlgNotAllowed, 'The token is signed with an algorithm that is not accepted.'],
];

function translateJoseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return new AppError('transient', 'The signing keys cannot be fetched to check the sign-in.', { cause: error });
  }
  for (const [type, reason] of REASONS) {
    if (error instanceof type) {
      const claim = error instanceof errors.JWTClaimValidationFailed ? ` (${error.claim}: ${error.reason}).` : '';
      return refuse(claim ? `${reason}${claim}` : reason, error);
    }
  }
  return refuse('The bearer token is not valid.', error);
}
