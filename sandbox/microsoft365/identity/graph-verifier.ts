/**
 * The Graph side of tokens: checks `Authorization: Bearer` (signature against the published keys, audience
 * https://graph.microsoft.com or Graph's app id, expiry on the emulator clock) and returns the caller.
 * Anything else is 401 InvalidAuthenticationToken with Graph's messages; it does not check permissions.
 */
import type { GraphCaller, GraphTokenVerifier } from '../contracts';
import { GraphError } from '../graph-error';
import { checkJwtLifetime, JwtError, verifyJwtSignature, type JwtClaims } from './jwt';
import type { KeyRing } from './keys';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './issuers';

const AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);

/**
 * A bearer token whose signature, audience and claims were checked: a `$batch` envelope's, which each of its
 * sub-requests carries (`recheck` instead of a second signature check).
 */
export interface VerifiedBearer {
  caller: GraphCaller;
  claims: JwtClaims;
  /** The published key that signed it. */
  kid: string;
}

export class EmulatorGraphTokenVerifier implements GraphTokenVerifier {
  constructor(
    private readonly ring: KeyRing,
    private readonly nowSeconds: () => number,
  ) {}

  async verify(authorization: string | undefined): Promise<GraphCaller> {
    return (await this.verifyBearer(authorization)).caller;
  }

  async verifyBearer(authorization: string | undefined): Promise<VerifiedBearer> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('Access token is empty.');
    let verified;
    try {
      verified = verifyJwtSignature(this.ring, token);
      checkJwtLifetime(verified.claims, this.nowSeconds());
    } catch (error) {
      throw asUnauthenticated(error);
    }
    const { claims, kid } = verified;
    if (typeof claims.aud !== 'string' || !AUDIENCES.has(claims.aud)) throw unauthenticated('Invalid audience.');
    const tenantId = stringClaim(claims.tid);
    const appId = stringClaim(claims.appid) || stringClaim(claims.azp);
    if (!tenantId || !appId) throw unauthenticated('Access token is missing tid or appid.');
    const delegated = typeof claims.scp === 'string';
    const caller: GraphCaller = {
      tenantId,
      appId,
      userId: delegated ? stringClaim(claims.oid) || null : null,
      scopes: delegated ? String(claims.scp).split(' ').filter(Boolean) : [],
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    };
    return { caller, claims, kid };
  }

  /**
   * The checks of `verifyBearer` whose answer can change while one token is in use: the signing key still
   * published (rotation retires keys) and the token still in its lifetime on the emulator clock. The signature,
   * audience and claims of the same token cannot change, so they are not checked again.
   */
  recheck(bearer: VerifiedBearer): GraphCaller {
    try {
      if (!this.ring.find(bearer.kid)) {
        throw new JwtError('unknown_key', `signing key ${bearer.kid} is not published`, bearer.claims);
      }
      checkJwtLifetime(bearer.claims, this.nowSeconds());
    } catch (error) {
      throw asUnauthenticated(error);
    }
    return bearer.caller;
  }
}

function asUnauthenticated(error: unknown): unknown {
  if (!(error instanceof JwtError)) return error;
  if (error.problem === 'expired' || error.problem === 'not_yet_valid') {
    return unauthenticated('Lifetime validation failed, the token is expired.');
  }
  if (error.problem === 'malformed') return unauthenticated('IDX14100: JWT is not well formed.');
  return unauthenticated('Signature validation failed.');
}

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
  });
}

function stringClaim(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
