/**
 * Serves the built task pane (dist/addin: pages, bundles, icons) at /addin/ and its run-time configuration at
 * /addin/config.json, so one bundle serves every deployment. It does not build the bundle (npm run build:addin).
 */
import express, { Router } from 'express';
import helmet from 'helmet';
import type { AddinConfig } from '../../contract/addin-api';

export interface AddinStaticOptions {
  /** Folder of the built bundle. */
  dir: string;
  config: AddinConfig;
}

/** Where Outlook shows task panes: Outlook on the web, new Outlook, Microsoft 365. */
export const OUTLOOK_FRAME_ANCESTORS = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.cloud.microsoft',
];

/** Outlook frames the pane, so no X-Frame-Options; the CSP names who may frame it and where it may connect. */
function paneSecurityHeaders(config: AddinConfig) {
  const authority = config.authority ? new URL(config.authority).origin : 'https://login.microsoftonline.com';
  const local = new URL(config.apiOrigin).hostname === 'localhost' ? ['https://localhost:*'] : [];
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'", config.apiOrigin, authority],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'self'", ...OUTLOOK_FRAME_ANCESTORS, ...local],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
    },
  });
}

export function addinStaticRouter(options: AddinStaticOptions): Router {
  const router = Router();
  router.use(paneSecurityHeaders(options.config));
  router.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(options.config);
  });
  // Hashed bundles are immutable; pages and icons are revalidated so a deployment is seen at once.
  router.use(
    express.static(options.dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          /\.[0-9a-f]{8}\.js$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  return router;
}

/** The configuration the pane needs: who it is (client id), whom it calls, and for which scope. */
export function addinConfigFor(settings: { publicUrl: string; clientId: string; authorityHost: string }): AddinConfig {
  const host = new URL(settings.publicUrl).host;
  return {
    clientId: settings.clientId,
    apiOrigin: settings.publicUrl,
    apiScope: `api://${host}/${settings.clientId}/access_as_user`,
    authority: `${settings.authorityHost}/organizations`,
  };
}
