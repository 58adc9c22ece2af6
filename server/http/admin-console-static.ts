/**
 * Serves the built admin console (dist/console: page and bundle) at /admin/console/ and its run-time configuration
 * at /admin/console/config.json. The page is public; everything it shows comes from the admin API, which requires
 * the signed-in person's token with the `Sync.Admin` app role. Mount it before the admin API's routers.
 */
import express, { Router } from 'express';
import helmet from 'helmet';
import { NOT_BUILT_PAGE } from './addin-static';
import { SYNC_ADMIN_ROLE } from './admin-auth';

export interface ConsoleConfig {
  /** The app registration's client id: the console signs in as this app and asks for its own API scope. */
  clientId: string;
  /** e.g. https://login.microsoftonline.com/organizations */
  authority: string;
  /** Hosts msal may trust without Microsoft's instance discovery (the authority's own host). */
  knownAuthorities: string[];
  /** api://<host>/<clientId>/access_as_user */
  apiScope: string;
  /** The app role the admin API requires. */
  adminRole: string;
}

export function consoleConfigFor(settings: { publicUrl: string; clientId: string; authorityHost: string }) {
  const authority = new URL(settings.authorityHost);
  const config: ConsoleConfig = {
    clientId: settings.clientId,
    authority: `${authority.origin}/organizations`,
    knownAuthorities: [authority.host],
    apiScope: `api://${new URL(settings.publicUrl).host}/${settings.clientId}/access_as_user`,
    adminRole: SYNC_ADMIN_ROLE,
  };
  return config;
}

export function adminConsoleRouter(options: { dir: string; config: ConsoleConfig }): Router {
  const router = Router();
  const authority = new URL(options.config.authority).origin;
  router.use(
    helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // msal fetches discovery and tokens from the authority and renews in a hidden frame of it.
        connectSrc: ["'self'", authority],
        frameSrc: [authority],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'", authority],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    }),
  );
  router.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(options.config);
  });
  router.use(
    express.static(options.dir, {
      index: 'index.html',
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          /\.[0-9a-f]{8}\.js$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  router.get('/', (_req, res) => {
    res.status(503).set({ 'retry-after': '5', 'cache-control': 'no-store' }).type('html').send(NOT_BUILT_PAGE);
  });
  return router;
}
