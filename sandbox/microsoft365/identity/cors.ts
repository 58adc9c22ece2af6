/**
 * CORS on the endpoints a single-page app calls with fetch: OIDC discovery, signing keys and the token endpoint.
 * Microsoft answers them cross-origin for "spa" redirect URIs (without it the browser reports "No
 * 'Access-Control-Allow-Origin' header": https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
 */
import type { RequestHandler } from 'express';

const SPA_PATHS = /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/;

export const identityCors: RequestHandler = (req, res, next) => {
  if (!SPA_PATHS.test(req.path)) {
    next();
    return;
  }
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'client-request-id, x-ms-request-id');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.header('access-control-request-headers') ?? 'content-type');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  next();
};
