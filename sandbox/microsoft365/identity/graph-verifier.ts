/**
 * The Graph side of tokens: checks `Authorization: Bearer` (signature against the published keys, audience
 * https://graph.microsoft.com or Graph's app id, expiry on the emulator clock) and returns the caller.
 * Anything else is 401 InvalidAuthenticationToken with Graph's messages; it does not check permissions.
 */
import type { GraphCaller, GraphTokenVerifier } from '../contracts';
import { GraphError } from '../graph-error';
import { JwtError, verifyJwt } from './jwt';
import type { KeyRing } from './keys';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './issuers';

const AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);

export class EmulatorGraphTokenVerifier implements GraphTokenVerifier {
  constructor(
    private readonly ring: KeyRing,
    private readonly nowSeconds: () => number,
  ) {}

  async verify(authorization: string | undefined): Promise<GraphCaller> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('Access token is empty.');
    let claims;
    try {
      claims = verifyJwt(this.ring, token, this.nowSeconds());
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      if (error.problem === 'expired' || error.problem === 'not_yet_valid') {
        throw unauthenticated('Lifetime validation failed, the token is expired.');
      }
      if (error.problem === 'malformed') throw unauthenticated('IDX14100: JWT is not well formed.');
      throw unauthenticated('Signature validation failed.');
    }
    if (typeof claims.aud !== 'string' || !AUDIENCES.has(claims.aud)) throw unauthenticated('Invalid audience.');
    const tenantId = stringClaim(claims.tid);
    const appId = stringClaim(claims.appid) || stringClaim(claims.azp);
    if (!tenantId || !appId) throw unauthenticated('Access token is missing tid or appid.');
    const delegated = typeof claims.scp === 'string';
    return {
      tenantId,
      appId,
      userId: delegated ? stringClaim(claims.oid) || null : null,
      scopes: delegated ? String(claims.scp).split(' ').filter(Boolean) : [],
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    };
  }
}

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
  });
}

function stringClaim(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
