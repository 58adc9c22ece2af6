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
  // A page of a pane that is not built (yet): a clear page that says so and looks again, never a JSON 404. Its
  // script reloads the page once the page is served for real (no timed refresh: WCAG 2.2.1, axe meta-refresh).
  router.get('/not-built.js', (_req, res) => {
    res.set('cache-control', 'no-store').type('text/javascript').send(NOT_BUILT_SCRIPT);
  });
  router.get(/^\/[\w-]+\.html$/, (_req, res) => {
    res.status(503).set({ 'retry-after': '5', 'cache-control': 'no-store' }).type('html').send(NOT_BUILT_PAGE);
  });
  return router;
}

/** Served while dist/addin has no pages: `npm start` builds them before it says it is ready; elsewhere, build them. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ERP sync is being built</title></head>
<body style="font-family: system-ui, sans-serif; margin: 16px">
<main>
<h1 style="font-size: 18px">ERP sync is being built</h1>
<p>The task pane is not built on this server yet. This page opens it by itself as soon as it is ready, or
<a href="">reload now</a>. If it stays here, run <code>npm run build:addin</code> (or <code>npm start</code>, which
builds it first).</p>
</main>
<script src="not-built.js"></script>
</body></html>`;

/** Looks every 5 s whether the page is served for real, and then reloads it. */
const NOT_BUILT_SCRIPT = `setInterval(function () {
  fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then(function (r) { if (r.ok) location.reload(); }, function () {});
}, 5000);
`;

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
