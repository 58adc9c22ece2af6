/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: the auth code flow's first leg for single-page apps (msal-browser), as
 * in https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow: client_id, a redirect URI of the
 * app's "spa" platform, response_type=code, a PKCE code_challenge, state and nonce; the answer goes back to the
 * redirect URI in the fragment (msal-browser's default), the query or a form post, with `code`, `state` and
 * `client_info`. Errors the app cannot receive (unknown app, unregistered redirect URI) are a page, as Microsoft's.
 *
 * The emulator has no passwords: the sign-in page is an account picker over the tenant's people. A session cookie
 * remembers the choice, so `prompt=none` (msal's hidden-frame renewal) signs in silently or answers login_required.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import type { DirectoryUser } from '../contracts';
import type { AppRegistration } from '../world/types';
import { AUTH_CODE_LIFETIME_SECONDS } from './auth-codes';
import { resolveTenantSegment } from './discovery';
import { AadError } from './aad-error';
import { OIDC_SCOPES } from './issuers';
import { clientInfo } from './tokens';

const SESSION_COOKIE = 'sandbox_estsauth';

type Params = Record<string, string>;

function paramsOf(req: Request): Params {
  const merged = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The resource asked for: `<App ID URI or client id>/<scope>` of one app, plus the OIDC scopes. */
export function resolveResourceScopes(ctx: EmulatorContext, scope: string | undefined) {
  const oidc: string[] = [];
  const scopes: string[] = [];
  let resource: AppRegistration | undefined;
  for (const raw of (scope ?? '').split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.includes(raw.toLowerCase())) {
      oidc.push(raw.toLowerCase());
      continue;
    }
    const slash = raw.lastIndexOf('/');
    const prefix = raw.slice(0, slash);
    const app = ctx.directory
      .listApps()
      .find((a) => a.appIdUri === prefix || a.clientId === prefix || `api://${a.clientId}` === prefix);
    const name = raw.slice(slash + 1);
    if (slash < 0 || !app || !app.exposedScopes.includes(name) || (resource && resource !== app)) {
      throw new AadError(
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${raw} is not valid.`,
      );
    }
    resource = app;
    scopes.push(name);
  }
  return { resource, scopes, oidc };
}

function cookieUser(req: Request, ctx: EmulatorContext): DirectoryUser | undefined {
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([\\w-]+)`).exec(req.header('cookie') ?? '');
  return match?.[1] ? ctx.directory.findUser(match[1]) : undefined;
}

function errorPage(res: Response, error: AadError): void {
  res
    .status(400)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>` +
        `<h1>Sorry, but we're having trouble signing you in.</h1><p>${escapeHtml(error.message)}</p></body></html>`,
    );
}

/** Sends `fields` back to the app's redirect URI in the requested response mode. */
function answer(res: Response, redirectUri: string, mode: string, fields: Params): void {
  const encoded = new URLSearchParams(fields).toString();
  if (mode === 'form_post') {
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>` +
          `<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">` +
          `${inputs}<noscript><button>Continue</button></noscript></form></body></html>`,
      );
    return;
  }
  res.redirect(302, `${redirectUri}${mode === 'query' ? (redirectUri.includes('?') ? '&' : '?') : '#'}${encoded}`);
}

function accountPicker(res: Response, action: string, params: Params, users: DirectoryUser[], app: AppRegistration) {
  const hidden = Object.entries(params)
    .filter(([k]) => k !== 'account')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const buttons = users
    .map(
      (u) =>
        `<li><button type="submit" name="account" value="${u.id}">${escapeHtml(u.displayName)}<br>` +
        `<small>${escapeHtml(u.userPrincipalName)}</small></button></li>`,
    )
    .join('');
  res
    .type('html')
    .set('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title>` +
        `<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto}ul{list-style:none;padding:0}` +
        `button{width:100%;text-align:left;padding:.6rem;margin:.25rem 0;font-size:1rem}</style></head><body>` +
        `<main><h1>Pick an account</h1><p>to continue to ${escapeHtml(app.displayName)} ` +
        `(Microsoft 365 emulator: no password)</p><form method="post" action="${escapeHtml(action)}">${hidden}` +
        `<ul>${buttons}</ul></form></main></body></html>`,
    );
}

export function authorizeEndpoint(ctx: EmulatorContext): Router {
  const router = express.Router();
  const handle = (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store, no-cache');
    const params = paramsOf(req);
    let tenantId: string;
    let app: AppRegistration | undefined;
    try {
      const resolved = resolveTenantSegment(ctx, String(req.params.tenant));
      tenantId = resolved;
      app = params.client_id ? ctx.directory.findApp(params.client_id) : undefined;
      if (!app) {
        throw new AadError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${params.client_id ?? ''}' was not found in the directory '${String(req.params.tenant)}'.`,
        );
      }
      const redirectUri = params.redirect_uri ?? '';
      if (!(app.spaRedirectUris ?? []).includes(redirectUri)) {
        throw new AadError(
          400,
          'invalid_request',
          50011,
          `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
        );
      }
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      errorPage(res, error);
      return;
    }
    const redirectUri = params.redirect_uri!;
    const mode = params.response_mode ?? 'fragment';
    const fail = (error: string, aadsts: number, description: string) =>
      answer(res, redirectUri, mode, {
        error,
        error_description: `AADSTS${aadsts}: ${description}`,
        ...(params.state ? { state: params.state } : {}),
      });
    if (params.response_type !== 'code') {
      fail('unsupported_response_type', 700054, "response_type must be 'code' for the auth code flow.");
      return;
    }
    if (!params.code_challenge) {
      fail(
        'invalid_request',
        9002325,
        'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
      );
      return;
    }
    const method = params.code_challenge_method ?? 'plain';
    if (method !== 'S256' && method !== 'plain') {
      fail('invalid_request', 50148, `The code_challenge_method '${method}' is not supported.`);
      return;
    }
    let resource;
    try {
      resource = resolveResourceScopes(ctx, params.scope);
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      fail(error.error, error.aadsts, error.description);
      return;
    }
    const inTenant = (u: DirectoryUser | undefined) =>
      u !== undefined && (tenantId === '{tenantid}' || u.tenantId === tenantId) ? u : undefined;
    const chosen = params.account ? inTenant(ctx.directory.findUser(params.account)) : undefined;
    const hinted = params.login_hint ? inTenant(ctx.directory.findUser(params.login_hint)) : undefined;
    const session = inTenant(cookieUser(req, ctx));
    const prompt = params.prompt ?? '';
    const user = chosen ?? (prompt === 'select_account' || prompt === 'login' ? undefined : (hinted ?? session));
    if (!user) {
      if (prompt === 'none') {
        fail('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
        return;
      }
      const users = ctx.directory.listUsers(tenantId === '{tenantid}' ? undefined : tenantId);
      accountPicker(res, req.originalUrl.split('?')[0] ?? '', params, users, app);
      return;
    }
    const code = ctx.authCodes.issue({
      clientId: app.clientId,
      redirectUri,
      userId: user.id,
      tenantId: user.tenantId,
      resourceClientId: (resource.resource ?? app).clientId,
      scopes: resource.scopes,
      oidc: resource.oidc,
      ...(params.nonce ? { nonce: params.nonce } : {}),
      codeChallenge: params.code_challenge,
      codeChallengeMethod: method,
      expiresAt: ctx.clock.nowSeconds() + AUTH_CODE_LIFETIME_SECONDS,
    });
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${user.id}; Path=/; Secure; HttpOnly; SameSite=None`);
    answer(res, redirectUri, mode, {
      code,
      client_info: clientInfo(user),
      ...(params.state ? { state: params.state } : {}),
    });
  };
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.get('/:tenant/oauth2/v2.0/authorize', handle);
  router.post('/:tenant/oauth2/v2.0/authorize', form, handle);
  return router;
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
