/**
 * The Outlook simulator over HTTPS: the calendar page, the stand-in Office host script, the page's JSON API and
 * the task pane relayed from the backend. `startSimulator` seeds the demo calendar and returns its URL.
 * It is a stand-in for Outlook on the web, not part of the product: the backend does not know it exists.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import express from 'express';
import { Agent } from 'undici';
import type { SandboxCertificate } from '../tls';
import { seedDemoCalendar } from './demo-seed';
import { ErpClient, type OdooSettings } from './erp-client';
import { OutlookClient } from './outlook-client';
import { paneProxy } from './pane-proxy';
import { simulatorRoutes, type SimulatorRoutesDeps } from './routes';

/** The page, its script and the stand-in Office host (plain browser files, no build step). */
export const PAGE_DIR = join(process.cwd(), 'sandbox', 'simulator', 'page');

export interface SimulatorOptions {
  port?: number;
  host?: string;
  certificate: SandboxCertificate;
  /** Microsoft 365 emulator base URL (identity, Graph, control). */
  m365BaseUrl: string;
  odoo: OdooSettings;
  /** The add-in's app (client) id. */
  clientId: string;
  /** The person whose Outlook this is. */
  person: SimulatorRoutesDeps['person'];
  /** The backend's origin, when known at start; `setBackendUrl` may give it later. */
  backendUrl?: string | null;
  /** Create the demo appointments when the person's calendar is empty (default true). */
  seedDemo?: boolean;
  /** The person's own ERP API key, linked in the pane once they connect (pane-proxy.ts). */
  personErpKey?: string;
}

export interface Simulator {
  /** https://localhost:PORT */
  url: string;
  setBackendUrl(url: string): void;
  stop(): Promise<void>;
}

/** The add-in's manifest id (custom properties are stored per add-in under `cecp-<id>`). */
export function manifestId(manifestPath = join(process.cwd(), 'manifest.xml')): string {
  const match = /<Id>([0-9a-f-]{36})<\/Id>/i.exec(readFileSync(manifestPath, 'utf8'));
  if (!match?.[1]) throw new Error(`${manifestPath} has no add-in <Id>.`);
  return match[1];
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  // The emulators and the backend present the dev certificate: trust its CA for the simulator's own calls only.
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, options.certificate.ca] } });
  const outlook = new OutlookClient(options.m365BaseUrl, options.person.emailAddress, manifestId(), dispatcher);
  if (options.seedDemo !== false) await seedDemoCalendar(outlook);
  let backendUrl = options.backendUrl ?? null;
  let selfUrl = '';

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.use(
    paneProxy({
      backendUrl: () => backendUrl,
      selfUrl: () => selfUrl,
      dispatcher,
      ...(options.personErpKey ? { personErpKey: options.personErpKey } : {}),
    }),
  );
  app.use(
    '/sim/api',
    simulatorRoutes({ outlook, erp: new ErpClient(options.odoo), clientId: options.clientId, person: options.person }),
  );
  app.use(express.static(PAGE_DIR, { index: 'index.html' }));
  app.use((_req, res) => {
    res.status(404).type('application/problem+json').json({ type: 'about:blank', title: 'Not Found', status: 404 });
  });
  app.use(
    (error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      // Body parser errors carry their 4xx status; anything else is the simulator's own fault.
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      res
        .status(status)
        .type('application/problem+json')
        .json({
          type: 'about:blank',
          title: status === 500 ? 'Simulator error' : 'Bad request',
          status,
          detail: error.message,
        });
    },
  );

  const server = createServer({ cert: options.certificate.cert, key: options.certificate.key }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  selfUrl = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: selfUrl,
    setBackendUrl: (url) => {
      backendUrl = url;
    },
    stop: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await dispatcher.close();
    },
  };
}
