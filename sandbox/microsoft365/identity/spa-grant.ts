/**
 * The auth code flow's second leg for single-page apps: `grant_type=authorization_code` redeemed from the browser
 * (an `Origin` header, no client secret) with the PKCE `code_verifier`. Without `Origin` Microsoft refuses codes
 * issued to a "spa" redirect URI (AADSTS9002327). The access token is for the resource asked for at /authorize,
 * with the person's app roles in `roles` (https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps);
 * the id token carries the request's nonce. No refresh token: msal-browser renews through /authorize (prompt=none).
 */
import type { EmulatorContext } from '../context';
import { AadError } from './aad-error';
import { pkceMatches } from './auth-codes';
import type { Form } from './grants';
import type { TokenResponse } from './token-response';
import { clientInfo, mintAddinToken, mintIdToken } from './tokens';

export function redeemSpaCode(ctx: EmulatorContext, form: Form, origin: string | undefined): TokenResponse {
  if (!origin) {
    throw new AadError(
      400,
      'invalid_request',
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  }
  const redeemed = ctx.authCodes.redeem(form.code ?? '', ctx.clock.nowSeconds());
  if (!redeemed.ok) {
    if (redeemed.reason === 'used') {
      throw new AadError(
        400,
        'invalid_grant',
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      );
    }
    if (redeemed.reason === 'expired') {
      throw new AadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired.');
    }
    throw new AadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
  }
  const grant = redeemed.grant;
  if (form.client_id !== grant.clientId) {
    throw new AadError(
      400,
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant or client, thus rejected.',
    );
  }
  if (form.redirect_uri !== grant.redirectUri) {
    throw new AadError(
      400,
      'invalid_grant',
      70000,
      "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code.",
    );
  }
  if (!form.code_verifier || !pkceMatches(grant, form.code_verifier)) {
    throw new AadError(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  const app = ctx.directory.findApp(grant.clientId);
  const resource = ctx.directory.findApp(grant.resourceClientId);
  const user = ctx.directory.findUser(grant.userId);
  if (!app || !resource || !user) {
    throw new AadError(400, 'invalid_grant', 50034, `The user account ${grant.userId} does not exist any more.`);
  }
  const lifetime = ctx.settings.accessTokenLifetimeSeconds;
  const tc = { ring: ctx.ring, issuers: ctx.issuers, nowSeconds: () => ctx.clock.nowSeconds() };
  const scopes = grant.scopes.length > 0 ? grant.scopes : [];
  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: [
      ...scopes.map((s) => `${resource.appIdUri}/${s}`),
      ...grant.oidc.filter((s) => s !== 'offline_access'),
    ].join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: mintAddinToken(tc, {
      user,
      app: resource,
      scopes,
      expiresInSeconds: lifetime,
      authorizedParty: app.clientId,
    }),
    client_info: clientInfo(user),
  };
  if (grant.oidc.includes('openid')) response.id_token = mintIdToken(tc, user, app, lifetime, grant.nonce);
  return response;
}
