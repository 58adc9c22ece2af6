/**
 * Serves the real task pane inside the simulator's origin: `/addin/*` and `/api/*` are relayed to the backend
 * byte for byte, except that the pages load the stand-in Office host instead of Microsoft's CDN (unreachable
 * offline) and config.json names the simulator as the API origin (the backend's CORS admits only PUBLIC_URL).
 * Once the person connects, the demo person's own Odoo key is linked through the pane's real route (as the person
 * would paste it in the "Your Odoo key" card), so the demo's ERP search acts with their rights from the start.
 */
import { Router, type Request, type Response } from 'express';
import { fetch, type Dispatcher } from 'undici';

/** Where webpack.config.js points the pages' Office.js script tag. */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const STAND_IN_PATH = '/office-stand-in.js';

const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id', 'if-none-match'];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'cache-control',
  'etag',
  'www-authenticate',
  'retry-after',
  'x-request-id',
  'location',
];

export interface PaneProxyOptions {
  /** The backend's origin; null when unknown (a sandbox started on port 0 without one). */
  backendUrl: () => string | null;
  /** The simulator's own origin, announced to the pane as its API origin. */
  selfUrl: () => string;
  /** Trusts the backend's (dev) certificate. */
  dispatcher: Dispatcher;
  /** The demo person's own ERP API key, linked with their token when their connect succeeds; none: not linked. */
  personErpKey?: string;
}

function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}

async function relay(
  req: Request,
  res: Response,
  target: { backend: string; dispatcher: Dispatcher; personErpKey?: string | undefined },
  rewrite?: (body: string) => string,
) {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined;
  const upstream = await fetch(`${target.backend}${req.originalUrl}`, {
    method: req.method,
    headers,
    body: hasBody ? JSON.stringify(req.body) : undefined,
    redirect: 'manual',
    dispatcher: target.dispatcher,
  });
  res.status(upstream.status);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  const body = Buffer.from(await upstream.arrayBuffer());
  // Before the pane hears "connected", so its first search already acts with the person's key.
  if (
    req.method === 'POST' &&
    req.originalUrl.split('?')[0] === '/api/connect' &&
    upstream.ok &&
    target.personErpKey &&
    headers.authorization
  )
    await linkPersonKey(target.backend, target.dispatcher, headers.authorization, target.personErpKey);
  res.send(rewrite && upstream.ok ? rewrite(body.toString('utf8')) : body);
}

/** `PUT /api/erp/private-key` as the person; an ERP that needs no key (REST) answers 409, which is fine. */
async function linkPersonKey(backend: string, dispatcher: Dispatcher, authorization: string, apiKey: string) {
  const answer = await fetch(`${backend}/api/erp/private-key`, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey }),
    dispatcher,
  });
  await answer.arrayBuffer();
}

export function paneProxy(options: PaneProxyOptions): Router {
  const router = Router();
  const handle = (rewrite?: (body: string) => string) => async (req: Request, res: Response) => {
    const backend = options.backendUrl();
    if (!backend) {
      problem(res, 503, 'Backend unknown', 'The simulator was started without the backend URL.');
      return;
    }
    try {
      const target = { backend, dispatcher: options.dispatcher, personErpKey: options.personErpKey };
      await relay(req, res, target, rewrite);
    } catch (error) {
      problem(res, 502, 'Backend unreachable', `The backend at ${backend} did not answer: ${(error as Error).message}`);
    }
  };
  const standIn = (html: string) => html.split(OFFICE_JS_CDN).join(STAND_IN_PATH);
  router.get(/^\/addin\/[\w-]+\.html$/, handle(standIn));
  router.get(
    '/addin/config.json',
    handle((json) => JSON.stringify({ ...JSON.parse(json), apiOrigin: options.selfUrl() })),
  );
  router.use(['/addin', '/api'], handle());
  return router;
}
