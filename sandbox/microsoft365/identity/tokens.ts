/**
 * Minting of every token the emulator hands out: the add-in's token (what Office/NAA gives the task pane),
 * Graph access tokens (delegated and app-only), id tokens and client_info (what msal-node builds accounts from).
 * Pure functions of the key ring, clock and directory records; the token endpoint decides who gets what.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryUser } from '../contracts';
import type { AppRegistration } from '../world/types';
import { signJwt, type JwtClaims } from './jwt';
import type { KeyRing } from './keys';
import { GRAPH_RESOURCE, v1Issuer, v2Issuer, type IssuerConfig } from './issuers';

export interface TokenContext {
  ring: KeyRing;
  issuers: IssuerConfig;
  nowSeconds: () => number;
}

export interface AddinTokenRequest {
  user: DirectoryUser;
  app: AppRegistration;
  /** '2.0' (default): aud = client id; '1.0': aud = App ID URI, iss = v1 issuer. */
  version?: '1.0' | '2.0';
  scopes?: string[];
  /** Seconds from now until exp (negative: already expired). Default 3600. */
  expiresInSeconds?: number;
  /** Client that asked Office for the token (azp/appid); default Outlook on the web. */
  authorizedParty?: string;
  /** Override the issuer, e.g. https://login.microsoftonline.com/{tid}/v2.0 (the signature is still the emulator's). */
  issuer?: string;
}

export const OUTLOOK_WEB_CLIENT_ID = 'bc59ab01-8403-45c6-8796-ac3ef710b3e3';

export function mintAddinToken(ctx: TokenContext, req: AddinTokenRequest): string {
  const now = ctx.nowSeconds();
  const version = req.version ?? '2.0';
  const party = req.authorizedParty ?? OUTLOOK_WEB_CLIENT_ID;
  const common: JwtClaims = {
    iat: now,
    nbf: now,
    exp: now + (req.expiresInSeconds ?? 3600),
    name: req.user.displayName,
    oid: req.user.id,
    scp: (req.scopes ?? ['access_as_user']).join(' '),
    sub: subjectFor(req.user.id, req.app.clientId),
    tid: req.user.tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: version,
  };
  // Roles assigned to the person for this app travel in `roles` (absent when none, as Microsoft omits it).
  const roles = req.app.appRoleAssignments?.[req.user.id] ?? [];
  if (roles.length > 0) common.roles = [...roles];
  if (version === '1.0') {
    return signJwt(ctx.ring, {
      aud: req.app.appIdUri,
      iss: req.issuer ?? v1Issuer(ctx.issuers, req.user.tenantId),
      appid: party,
      appidacr: '0',
      upn: req.user.userPrincipalName,
      unique_name: req.user.userPrincipalName,
      ...common,
    });
  }
  return signJwt(ctx.ring, {
    aud: req.app.clientId,
    iss: req.issuer ?? v2Issuer(ctx.issuers, req.user.tenantId),
    azp: party,
    azpacr: '0',
    preferred_username: req.user.userPrincipalName,
    ...common,
  });
}

export interface GraphTokenRequest {
  tenantId: string;
  app: AppRegistration;
  /** null for app-only tokens. */
  user: DirectoryUser | null;
  scopes: string[];
  roles: string[];
  lifetimeSeconds: number;
}

/** Graph access tokens are v1 tokens (iss sts-style, aud https://graph.microsoft.com), as Microsoft issues them. */
export function mintGraphToken(ctx: TokenContext, req: GraphTokenRequest): string {
  const now = ctx.nowSeconds();
  const claims: JwtClaims = {
    aud: GRAPH_RESOURCE,
    iss: v1Issuer(ctx.issuers, req.tenantId),
    iat: now,
    nbf: now,
    exp: now + req.lifetimeSeconds,
    app_displayname: req.app.displayName,
    appid: req.app.clientId,
    appidacr: '1',
    idtyp: req.user ? 'user' : 'app',
    tid: req.tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: '1.0',
  };
  if (req.user) {
    Object.assign(claims, {
      name: req.user.displayName,
      oid: req.user.id,
      scp: req.scopes.join(' '),
      sub: subjectFor(req.user.id, req.app.clientId),
      upn: req.user.userPrincipalName,
      unique_name: req.user.userPrincipalName,
    });
  } else {
    Object.assign(claims, { oid: servicePrincipalId(req.app.clientId, req.tenantId), roles: req.roles });
  }
  return signJwt(ctx.ring, claims);
}

export function mintIdToken(
  ctx: TokenContext,
  user: DirectoryUser,
  app: AppRegistration,
  lifetime = 3600,
  nonce?: string,
): string {
  const now = ctx.nowSeconds();
  return signJwt(ctx.ring, {
    ...(nonce ? { nonce } : {}),
    aud: app.clientId,
    iss: v2Issuer(ctx.issuers, user.tenantId),
    iat: now,
    nbf: now,
    exp: now + lifetime,
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    sub: subjectFor(user.id, app.clientId),
    tid: user.tenantId,
    ver: '2.0',
  });
}

/** msal builds the account's homeAccountId from client_info: base64url JSON {uid, utid}. */
export function clientInfo(user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString('base64url');
}

/** Pairwise subject (per user per app), stable, like Microsoft's `sub`. */
function subjectFor(userId: string, clientId: string): string {
  return Buffer.from(`${userId}:${clientId}`).toString('base64url').slice(0, 43);
}

/** A stable fake service principal object id for an app in a tenant. */
function servicePrincipalId(clientId: string, tenantId: string): string {
  const hex = Buffer.from(`${clientId}${tenantId}`).toString('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
