/**
 * Successful token responses: `{token_type, scope, expires_in, ext_expires_in, access_token, refresh_token,
 * id_token, client_info}` for delegated grants, and the app-only shape (no scope, no refresh token).
 */
import type { EmulatorContext } from '../context';
import type { DirectoryUser } from '../contracts';
import type { AppRegistration } from '../world/types';
import { GRAPH_RESOURCE } from './issuers';
import { clientInfo, mintGraphToken, mintIdToken, type TokenContext } from './tokens';

export interface TokenResponse {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

function tokenContext(ctx: EmulatorContext): TokenContext {
  return { ring: ctx.ring, issuers: ctx.issuers, nowSeconds: () => ctx.clock.nowSeconds() };
}

export function delegatedResponse(
  ctx: EmulatorContext,
  app: AppRegistration,
  user: DirectoryUser,
  graphScopes: string[],
  oidc: string[],
  withClientInfo: boolean,
): TokenResponse {
  const lifetime = ctx.settings.accessTokenLifetimeSeconds;
  const tc = tokenContext(ctx);
  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: [...graphScopes.map((s) => `${GRAPH_RESOURCE}/${s}`), ...oidc.filter((s) => s !== 'offline_access')].join(
      ' ',
    ),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: mintGraphToken(tc, {
      tenantId: user.tenantId,
      app,
      user,
      scopes: graphScopes,
      roles: [],
      lifetimeSeconds: lifetime,
    }),
  };
  if (oidc.includes('offline_access')) {
    response.refresh_token = ctx.refreshTokens.issue({
      tenantId: user.tenantId,
      userId: user.id,
      clientId: app.clientId,
      scopes: [...graphScopes, ...oidc],
      expiresAt: ctx.clock.nowSeconds() + ctx.settings.refreshTokenLifetimeSeconds,
    });
  }
  if (oidc.includes('openid')) response.id_token = mintIdToken(tc, user, app);
  if (withClientInfo) response.client_info = clientInfo(user);
  return response;
}

export function appOnlyResponse(
  ctx: EmulatorContext,
  app: AppRegistration,
  tenantId: string,
  roles: string[],
): TokenResponse {
  const lifetime = ctx.settings.accessTokenLifetimeSeconds;
  return {
    token_type: 'Bearer',
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: mintGraphToken(tokenContext(ctx), {
      tenantId,
      app,
      user: null,
      scopes: [],
      roles,
      lifetimeSeconds: lifetime,
    }),
  };
}
