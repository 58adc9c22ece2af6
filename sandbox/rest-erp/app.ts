/**
 * Builds the reference ERP's Express app (no listening): the contract's API behind authentication, rate limit
 * and fault injection; the unauthenticated control API; tiny record pages for the links people click.
 */
import express, { Router } from 'express';
import { appointmentRoutes } from './appointment-routes';
import { authenticate, type Credentials, type RawBodyRequest } from './auth';
import { controlRoutes } from './control-routes';
import { notFound, problemHandler } from './problems';
import { readRoutes } from './read-routes';
import type { RestErpWorld } from './world';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function buildRestErpApp(world: RestErpWorld, credentials: Credentials): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    express.json({
      type: ['application/json', 'application/*+json'],
      limit: '1mb',
      // The HMAC signature covers the raw bytes, so keep them beside the parsed body.
      verify: (req, _res, buffer) => {
        (req as RawBodyRequest).rawBody = buffer;
      },
    }),
  );
  app.use('/_control', controlRoutes(world));
  app.get('/ui/:model/:id', (req, res) => {
    const title = `${String(req.params.model)} ${String(req.params.id)}`;
    res
      .type('html')
      .send(`<!doctype html><title>${escapeHtml(title)}</title><h1>Reference ERP: ${escapeHtml(title)}</h1>`);
  });
  const api = Router();
  api.use(authenticate(credentials));
  api.use(world.rateLimiter.middleware());
  api.use(world.faults.middleware());
  api.use(readRoutes(world));
  api.use(appointmentRoutes(world));
  app.use(api);
  app.use((req, _res, next) => next(notFound(`No route ${req.method} ${req.path}.`)));
  app.use(problemHandler);
  return app;
}
