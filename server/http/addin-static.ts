/**
 * Serves the built task pane (dist/addin: pages, bundles, icons) at /addin/ and its run-time configuration at
 * /addin/config.json, so one bundle serves every deployment. It does not build the bundle (npm run build:addin).
 */
import express, { Router } from 'express';
import type { AddinConfig } from '../../addin/api/types';

export interface AddinStaticOptions {
  /** Folder of the built bundle. */
  dir: string;
  config: AddinConfig;
}

export function addinStaticRouter(options: AddinStaticOptions): Router {
  const router = Router();
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
