/**
 * OpenID Connect discovery and signing keys: `/{tenant}/v2.0/.well-known/openid-configuration` and
 * `/{tenant}/discovery/v2.0/keys`, where {tenant} is a tenant GUID, a verified domain, `common` or `organizations`
 * (then the issuer carries Microsoft's `{tenantid}` template). Unknown tenants answer AADSTS90002.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import { AadError, sendAadError } from './aad-error';
import { toJwk } from './keys';
import { v2Issuer } from './issuers';

export const MULTI_TENANT_SEGMENTS = new Set(['common', 'organizations']);

/** The tenant id a path segment names, '{tenantid}' for multi-tenant segments; throws AADSTS90002 otherwise. */
export function resolveTenantSegment(ctx: EmulatorContext, segment: string): string {
  if (MULTI_TENANT_SEGMENTS.has(segment.toLowerCase())) return '{tenantid}';
  const tenant = ctx.directory.findTenant(segment);
  if (!tenant) {
    throw new AadError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  return tenant.id;
}

export function openIdConfiguration(ctx: EmulatorContext, segment: string) {
  const tid = resolveTenantSegment(ctx, segment);
  const pathTenant = tid === '{tenantid}' ? segment.toLowerCase() : tid;
  const base = `${ctx.baseUrl}/${pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer(ctx.issuers, tid),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'email',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

export function discoveryRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();
  const handle = (fn: (req: Request) => unknown) => (req: Request, res: Response) => {
    try {
      res.json(fn(req));
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      sendAadError(res, error, req.header('client-request-id'), ctx.clock.now());
    }
  };
  router.get(
    '/:tenant/v2.0/.well-known/openid-configuration',
    handle((req) => openIdConfiguration(ctx, String(req.params.tenant))),
  );
  router.get(
    '/:tenant/discovery/v2.0/keys',
    handle((req) => {
      const tid = resolveTenantSegment(ctx, String(req.params.tenant));
      const issuer = v2Issuer(ctx.issuers, tid);
      return { keys: ctx.ring.published().map((key) => ({ ...toJwk(key), issuer })) };
    }),
  );
  return router;
}
