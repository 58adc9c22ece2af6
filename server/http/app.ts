/**
 * The Express app factory: security headers, request ids and logs, body limits, health, the routers it is
 * given (signed webhooks first, on their raw bodies), and one problem handler for every error of every route. It holds no module-level state and does not listen: main.ts does.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { healthRouter, type Readiness } from './health';
import { notFoundHandler, problemHandler } from './problems';

export const BODY_LIMIT = '256kb';

export interface AppDependencies {
  logger: Logger;
  readiness: Readiness;
  /** Routers mounted in order, each at its path. */
  routes?: Array<{ path: string; router: Router }>;
  /** Routers that read their raw body (signed webhooks): mounted before the JSON parser takes the request. */
  rawRoutes?: Router[];
}

export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      // The task pane runs inside Outlook's frame: allow framing by Office hosts, keep the rest strict.
      frameguard: false,
      contentSecurityPolicy: false,
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // A request is a debug line: the run lines and failures are what an operator reads; failures stay visible.
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'debug'),
    }),
  );
  for (const router of deps.rawRoutes ?? []) app.use(router);
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  app.use(healthRouter(deps.readiness));
  for (const { path, router } of deps.routes ?? []) app.use(path, router);
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
