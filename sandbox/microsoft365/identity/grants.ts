/**
 * The three grants the product uses: on-behalf-of (jwt-bearer), refresh_token and client_credentials. Each checks
 * its input the way the identity platform does and answers with the platform's AADSTS errors.
 */
import type { EmulatorContext } from '../context';
import type { DirectoryUser } from '../contracts';
import type { AppRegistration } from '../world/types';
import { AadError, aadTimestamp } from './aad-error';
import { JwtError, verifyJwt } from './jwt';
import { grantDelegated, parseScopes, requireNoInteraction } from './scopes';
import { delegatedResponse, appOnlyResponse, type TokenResponse } from './token-response';

export type Form = Record<string, string | undefined>;

export function onBehalfOf(
  ctx: EmulatorContext,
  app: AppRegistration,
  pathTenantId: string | null,
  form: Form,
): TokenResponse {
  const assertion = required(form, 'assertion');
  if (form.requested_token_use !== 'on_behalf_of') {
    throw new AadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'requested_token_use'.",
    );
  }
  const claims = verifyAssertion(ctx, assertion);
  const audiences = [app.clientId, app.appIdUri];
  if (!audiences.includes(String(claims.aud))) {
    throw new AadError(
      400,
      'invalid_grant',
      50013,
      `Assertion failed signature validation. [Reason - Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(claims.aud)}' and the expected audience is '${app.clientId}' or one of the Application Id URIs of this application.]`,
    );
  }
  const user = userOf(ctx, claims.oid, claims.tid);
  if (pathTenantId && pathTenantId !== user.tenantId) {
    throw new AadError(
      400,
      'invalid_grant',
      50013,
      `Assertion failed signature validation. [Reason - The assertion's tenant '${user.tenantId}' does not match the requested tenant '${pathTenantId}'.]`,
    );
  }
  return issueDelegated(ctx, app, user, form);
}

export function refreshToken(ctx: EmulatorContext, app: AppRegistration, form: Form): TokenResponse {
  const token = required(form, 'refresh_token');
  const now = ctx.clock.nowSeconds();
  const checked = ctx.refreshTokens.check(token, now);
  if (!checked.ok) {
    if (checked.reason === 'revoked') {
      throw new AadError(
        400,
        'invalid_grant',
        50173,
        `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The TokensValidFrom date (before which tokens are not valid) for this user is '${aadTimestamp(ctx.clock.now())}'.`,
      );
    }
    if (checked.reason === 'expired') {
      throw new AadError(
        400,
        'invalid_grant',
        700082,
        `The refresh token has expired due to inactivity. The token was inactive for more than ${Math.round(ctx.settings.refreshTokenLifetimeSeconds / 86400)} days.`,
      );
    }
    throw new AadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  }
  if (checked.grant.clientId !== app.clientId) {
    throw new AadError(
      400,
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant or client, thus rejected.',
    );
  }
  return issueDelegated(ctx, app, userOf(ctx, checked.grant.userId, checked.grant.tenantId), form);
}

export function clientCredentials(
  ctx: EmulatorContext,
  app: AppRegistration,
  pathTenantId: string | null,
  form: Form,
): TokenResponse {
  const scope = required(form, 'scope').trim();
  if (!/^(https:\/\/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000)\/\.default$/i.test(scope)) {
    throw new AadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (!pathTenantId) {
    throw new AadError(
      400,
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials: client credentials need a tenant id or domain in the authority.',
    );
  }
  const roles = app.consents[pathTenantId]?.application ?? [];
  return appOnlyResponse(ctx, app, pathTenantId, roles);
}

function issueDelegated(ctx: EmulatorContext, app: AppRegistration, user: DirectoryUser, form: Form): TokenResponse {
  const requested = parseScopes(form.scope);
  requireNoInteraction(ctx.directory, app, user);
  const granted = grantDelegated(ctx.directory, app, user, requested);
  return delegatedResponse(ctx, app, user, granted, requested.oidc, form.client_info === '1');
}

function verifyAssertion(ctx: EmulatorContext, assertion: string) {
  try {
    return verifyJwt(ctx.ring, assertion, ctx.clock.nowSeconds());
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    if (error.problem === 'expired') {
      const exp = new Date(Number(error.claims?.exp) * 1000);
      throw new AadError(
        400,
        'invalid_grant',
        500133,
        `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${ctx.clock.now().toISOString()}, expiry time of assertion ${exp.toISOString()}.`,
      );
    }
    if (error.problem === 'malformed')
      throw new AadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    const reason = error.problem === 'unknown_key' ? 'The key was not found.' : 'The signature is invalid.';
    throw new AadError(400, 'invalid_grant', 50013, `Assertion failed signature validation. [Reason - ${reason}]`);
  }
}

function userOf(ctx: EmulatorContext, oid: unknown, tid: unknown): DirectoryUser {
  const user = typeof oid === 'string' ? ctx.directory.findUser(oid) : undefined;
  if (!user || user.tenantId !== tid) {
    throw new AadError(
      400,
      'invalid_grant',
      50034,
      `The user account ${String(oid)} does not exist in the ${String(tid)} directory.`,
    );
  }
  return user;
}

export function required(form: Form, name: string): string {
  const value = form[name];
  if (!value)
    throw new AadError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  return value;
}
