/**
 * Builds the reference ERP's Express app (no listening): the contract's API behind authentication, rate limit
 * and fault injection; the unauthenticated control API; tiny record pages for the links people click.
 */
import express, { Router, type NextFunction, type Response } from 'express';
import { appointmentRoutes } from './appointment-routes';
import { authenticate, type Credentials, type RawBodyRequest } from './auth';
import { controlRoutes } from './control-routes';
import { badRequest, notFound, problemHandler } from './problems';
import { readRoutes } from './read-routes';
import { contactRoutes } from './contact-routes';
import type { RestErpWorld } from './world';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Keeps the raw bytes (the HMAC signature covers exactly them) and leaves JSON parsing until after auth. */
function keepRawBody(req: RawBodyRequest, _res: Response, next: NextFunction): void {
  if (Buffer.isBuffer(req.body)) req.rawBody = req.body;
  req.body = undefined;
  next();
}

/** JSON after authentication, so a stranger's bad body is a 401 and a member's a 400 with the rate-limit headers. */
function parseJson(req: RawBodyRequest, _res: Response, next: NextFunction): void {
  if (!req.rawBody || req.rawBody.length === 0) return next();
  try {
    req.body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return next(badRequest('The body is not valid JSON.'));
  }
  next();
}

/**
 * `basePath` (e.g. `/api/sync`) mounts everything under a prefix, as many ERPs serve their APIs: the contract's
 * paths are relative to the base URL, and HMAC signatures cover the full request target, prefix included.
 */
export function buildRestErpApp(world: RestErpWorld, credentials: Credentials, basePath = ''): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.locals.basePath = basePath;
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  app.use(keepRawBody);
  const root = Router();
  root.use('/_control', parseJson, controlRoutes(world));
  root.get('/ui/:model/:id', (req, res) => {
    const title = `${String(req.params.model)} ${String(req.params.id)}`;
    res
      .type('html')
      .send(`<!doctype html><title>${escapeHtml(title)}</title><h1>Reference ERP: ${escapeHtml(title)}</h1>`);
  });
  const api = Router();
  api.use(authenticate(credentials));
  api.use(world.rateLimiter.middleware());
  api.use(world.faults.middleware());
  api.use(parseJson);
  api.use(readRoutes(world));
  api.use(appointmentRoutes(world));
  api.use(contactRoutes(world));
  root.use(api);
  app.use(basePath || '/', root);
  app.use((req, _res, next) => next(notFound(`No route ${req.method} ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
