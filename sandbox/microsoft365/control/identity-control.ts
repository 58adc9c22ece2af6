/**
 * Control API for the identity platform: seed tenants/users/apps, mint tokens, revoke refresh tokens, consent and
 * MFA switches, signing key rotation and token endpoint faults.
 */
import { X509Certificate } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import type { DirectoryUser } from '../contracts';
import { GRAPH_RESOURCE } from '../identity/issuers';
import { mintAddinToken, mintGraphToken, type TokenContext } from '../identity/tokens';
import type { AppRegistration } from '../world/types';
import { ControlError, parseBody, route } from './problem';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const AddinTokenBody = z.object({
  user: z.string().min(1),
  clientId: z.string().optional(),
  version: z.enum(['1.0', '2.0']).optional(),
  scopes: z.array(z.string()).optional(),
  expiresInSeconds: z.number().int().optional(),
  authorizedParty: z.string().optional(),
  issuer: z.string().optional(),
});
const GraphTokenBody = z.object({
  user: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  lifetimeSeconds: z.number().int().optional(),
});
const TenantBody = z.object({ id: guid, name: z.string().min(1), domains: z.array(z.string().min(1)).min(1) });
const UserBody = z.object({
  id: guid,
  tenantId: guid,
  userPrincipalName: z.string().min(3),
  mail: z.string().optional(),
  displayName: z.string().min(1),
});
const AppBody = z.object({
  clientId: guid,
  displayName: z.string().min(1),
  homeTenantId: guid,
  secrets: z.array(z.string().min(1)).min(1),
  appIdUri: z.string().min(1),
  exposedScopes: z.array(z.string()).default(['access_as_user']),
  preAuthorizedClientIds: z.array(z.string()).default([]),
  consents: z.record(z.string(), z.object({ delegated: z.array(z.string()), application: z.array(z.string()) })),
  appRoles: z.array(z.string()).optional(),
  appRoleAssignments: z.record(z.string(), z.array(z.string())).optional(),
});
const SwitchBody = z.object({ user: z.string().min(1), clientId: z.string().optional(), granted: z.boolean() });
const CertificateBody = z.object({ clientId: z.string().optional(), certificate: z.string().min(1) });
const AppRolesBody = z.object({ user: z.string().min(1), clientId: z.string().optional(), roles: z.array(z.string()) });
const MfaBody = z.object({ user: z.string().min(1), required: z.boolean() });
const TokenFaultBody = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).default(1),
  retryAfterSeconds: z.number().int().min(0).optional(),
});

export function tokenContext(ctx: EmulatorContext): TokenContext {
  return { ring: ctx.ring, issuers: ctx.issuers, nowSeconds: () => ctx.clock.nowSeconds() };
}

export function requireUser(ctx: EmulatorContext, idOrUpn: string): DirectoryUser {
  const user = ctx.directory.findUser(idOrUpn);
  if (!user) throw new ControlError(404, `No user '${idOrUpn}' in the emulated directory.`);
  return user;
}

function requireApp(ctx: EmulatorContext, clientId: string | undefined): AppRegistration {
  const app = clientId ? ctx.directory.findApp(clientId) : ctx.directory.listApps()[0];
  if (!app) throw new ControlError(404, `No app registration '${clientId ?? '(default)'}'.`);
  return app;
}

export function identityControl(ctx: EmulatorContext): Router {
  const router = express.Router();
  tokenAndDirectoryControl(ctx, router);
  return switchesControl(ctx, router);
}

/** Token minting and directory seeding. */
function tokenAndDirectoryControl(ctx: EmulatorContext, router: Router): Router {
  router.post(
    '/tokens/addin',
    route((req) => {
      const body = parseBody(AddinTokenBody, req.body);
      const user = requireUser(ctx, body.user);
      return { token: mintAddinToken(tokenContext(ctx), { ...body, user, app: requireApp(ctx, body.clientId) }) };
    }),
  );
  router.post(
    '/tokens/graph',
    route((req) => {
      const body = parseBody(GraphTokenBody, req.body);
      const user = body.user ? requireUser(ctx, body.user) : null;
      const tenantId = user?.tenantId ?? body.tenantId ?? ctx.directory.listTenants()[0]?.id;
      if (!tenantId) throw new ControlError(400, 'tenantId is required for an app-only token.');
      const app = requireApp(ctx, body.clientId);
      const scopes = user ? (body.scopes ?? ['Calendars.ReadWrite', 'User.Read']) : [];
      const roles = user ? [] : (body.roles ?? ['Calendars.ReadWrite']);
      const lifetimeSeconds = body.lifetimeSeconds ?? ctx.settings.accessTokenLifetimeSeconds;
      return {
        token: mintGraphToken(tokenContext(ctx), { tenantId, app, user, scopes, roles, lifetimeSeconds }),
        audience: GRAPH_RESOURCE,
      };
    }),
  );
  router.post(
    '/tenants',
    route((req) => (ctx.directory.addTenant(parseBody(TenantBody, req.body)), { ok: true })),
  );
  router.post(
    '/users',
    route((req) => {
      const body = parseBody(UserBody, req.body);
      if (!ctx.directory.findTenant(body.tenantId)) throw new ControlError(404, `No tenant ${body.tenantId}.`);
      ctx.directory.addUser({ ...body, mail: body.mail ?? body.userPrincipalName });
      return { ok: true };
    }),
  );
  router.post(
    '/apps',
    route((req) => (ctx.directory.addApp(parseBody(AppBody, req.body)), { ok: true })),
  );
  router.get(
    '/world',
    route(() => ctx.directory.snapshotWorld),
  );
  return router;
}

/** Per-person switches, signing keys, token endpoint faults and log. */
function switchesControl(ctx: EmulatorContext, router: Router): Router {
  router.post(
    '/users/:user/revoke-refresh-tokens',
    route((req) => {
      const user = requireUser(ctx, String(req.params.user));
      return { revoked: ctx.refreshTokens.revokeUser(user.id) };
    }),
  );
  router.post(
    '/consent',
    route((req) => {
      const body = parseBody(SwitchBody, req.body);
      ctx.directory.setConsent(requireUser(ctx, body.user).id, requireApp(ctx, body.clientId).clientId, body.granted);
      return { ok: true };
    }),
  );
  router.post(
    '/app-certificates',
    route((req) => {
      const body = parseBody(CertificateBody, req.body);
      const app = requireApp(ctx, body.clientId);
      try {
        new X509Certificate(body.certificate);
      } catch {
        throw new ControlError(400, 'certificate must be a PEM X.509 certificate.');
      }
      app.certificates = [...(app.certificates ?? []), body.certificate];
      return { ok: true };
    }),
  );
  router.post(
    '/app-role-assignments',
    route((req) => {
      const body = parseBody(AppRolesBody, req.body);
      const app = requireApp(ctx, body.clientId);
      const unknown = body.roles.filter((r) => !(app.appRoles ?? []).includes(r));
      if (unknown.length > 0) throw new ControlError(400, `The app defines no role ${unknown.join(', ')}.`);
      ctx.directory.setAppRoles(requireUser(ctx, body.user).id, app.clientId, body.roles);
      return { ok: true };
    }),
  );
  router.post(
    '/mfa',
    route((req) => {
      const body = parseBody(MfaBody, req.body);
      ctx.directory.setMfaRequired(requireUser(ctx, body.user).id, body.required);
      return { ok: true };
    }),
  );
  router.post(
    '/keys/rotate',
    route(async () => ctx.ring.rotate()),
  );
  router.post(
    '/keys/retire-old',
    route(() => ({ retired: ctx.ring.retireOld() })),
  );
  router.get(
    '/keys',
    route(() => ({ signingKid: ctx.ring.signing.kid, kids: ctx.ring.published().map((k) => k.kid) })),
  );
  router.get(
    '/token-requests',
    route(() => ({ requests: ctx.tokenLog.list() })),
  );
  router.post(
    '/token-faults',
    route((req) => (ctx.tokenFaults.add(parseBody(TokenFaultBody, req.body)), { pending: ctx.tokenFaults.pending() })),
  );
  return router;
}
