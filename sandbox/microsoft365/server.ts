/**
 * The Microsoft 365 emulator's HTTPS server: identity platform (discovery, keys, token endpoint), Graph on /v1.0
 * (platform middleware, $batch, subscriptions, the calendar half's routes) and the control API on /_control.
 * `startMicrosoft365Emulator()` listens on 127.0.0.1, port 0 by default, with the sandbox certificate.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { sandboxCertificate, type SandboxCertificate } from '../tls';
import { bindBaseUrl, createContext, type EmulatorContext } from './context';
import { createCalendarService } from './calendar';
import type { CalendarDeps, CalendarService } from './contracts';
import { ControlClient } from './control/client';
import { controlRoutes } from './control/routes';
import { authorizeEndpoint } from './identity/authorize';
import { identityCors } from './identity/cors';
import { discoveryRoutes } from './identity/discovery';
import type { IssuerConfig } from './identity/issuers';
import { tokenEndpoint } from './identity/token-endpoint';
import { batchRoute } from './platform/batch';
import { InProcessHttp } from './platform/in-process';
import { graphFallbacks, graphPlatform, type SubRequestOrigin } from './platform/middleware';
import { subscriptionRoutes } from './subscriptions/routes';
import type { EmulatorSettings } from './settings';
import type { World } from './world/types';

export interface Microsoft365EmulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** TLS material; default the sandbox certificate in `certificateDir`. */
  certificate?: SandboxCertificate;
  /** Default data/certs. */
  certificateDir?: string;
  /** Default: the seeded world (sandbox/microsoft365/world/seed.ts). */
  world?: World;
  settings?: Partial<EmulatorSettings>;
  /** Issuer bases; default the emulator's own URL (v2) and `<baseUrl>/sts` (v1). */
  issuers?: Partial<IssuerConfig>;
  /** Extra CAs the emulator trusts for its outbound calls (webhooks). The dev CA is always trusted. */
  trustedCas?: string[];
  /** The Graph calendar half; default `createCalendarService` (sandbox/microsoft365/calendar). null: platform only. */
  calendar?: ((deps: CalendarDeps) => CalendarService) | null;
}

export interface Microsoft365Emulator {
  /** https://localhost:PORT */
  baseUrl: string;
  /** baseUrl + /v1.0 */
  graphBaseUrl: string;
  /** PEM of the CA that signed the emulator's certificate (clients must trust it). */
  ca: string;
  /** msal authority for a tenant (GUID, domain, common, organizations). */
  authority(tenantId: string): string;
  /** Typed client of the control API. */
  control: ControlClient;
  /** The live state, for in-process use (tests, the CLI). */
  context: EmulatorContext;
  stop(): Promise<void>;
}

export async function startMicrosoft365Emulator(
  options: Microsoft365EmulatorOptions = {},
): Promise<Microsoft365Emulator> {
  const certificate = options.certificate ?? (await sandboxCertificate(options.certificateDir ?? 'data/certs'));
  const ctx = await createContext({
    world: options.world,
    settings: options.settings,
    issuers: options.issuers,
    trustedCas: [certificate.ca, ...(options.trustedCas ?? [])],
  });
  const calendarFactory = options.calendar === undefined ? createCalendarService : options.calendar;
  ctx.calendar = calendarFactory ? calendarFactory({ directory: ctx.directory, clock: ctx.clock }) : null;
  const unsubscribe = ctx.calendar?.onChange((change) => {
    // A fault in notification fan-out must not fail the calendar write that reported the change.
    try {
      ctx.notifications.onChange(change);
    } catch (error) {
      process.stderr.write(`[m365 emulator] notification fan-out failed: ${(error as Error).stack ?? String(error)}\n`);
    }
  });
  const server = createServer({ cert: certificate.cert, key: certificate.key }, buildApp(ctx));
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `https://localhost:${port}`;
  bindBaseUrl(ctx, baseUrl);
  return {
    baseUrl,
    graphBaseUrl: `${baseUrl}/v1.0`,
    ca: certificate.ca,
    authority: (tenantId) => `${baseUrl}/${tenantId}`,
    control: new ControlClient(baseUrl, ctx.outbound),
    context: ctx,
    stop: async () => {
      unsubscribe?.();
      await stop(server, ctx);
    },
  };
}

function buildApp(ctx: EmulatorContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // $batch sub-requests come back through this same app, in-process rather than over a loopback connection.
  const subRequests = new InProcessHttp<SubRequestOrigin>(app);
  app.use('/_control', controlRoutes(ctx));
  app.use('/v1.0', graphPlatform(ctx, subRequests));
  app.use('/v1.0', batchRoute(ctx, subRequests));
  app.use('/v1.0', subscriptionRoutes(ctx));
  if (ctx.calendar) app.use('/v1.0', ctx.calendar.router);
  const [graphNotFound, graphErrorHandler] = graphFallbacks(ctx);
  app.use('/v1.0', graphNotFound);
  app.use('/v1.0', graphErrorHandler);
  app.use(identityCors);
  app.use(discoveryRoutes(ctx));
  app.use(authorizeEndpoint(ctx));
  app.use(tokenEndpoint(ctx));
  app.use(lastResort);
  app.use((req: express.Request, res: express.Response) => {
    res
      .status(404)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No route ${req.method} ${req.path}` });
  });
  return app;
}

/** Anything that escaped a router (e.g. malformed form bodies on the token endpoint): a JSON problem, never a stack. */
function lastResort(error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction): void {
  const status =
    typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
  if (status >= 500) process.stderr.write(`[m365 emulator] ${(error as Error).stack ?? String(error)}\n`);
  if (res.headersSent) return;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: status >= 500 ? 'Internal Server Error' : 'Bad Request',
      status,
      detail: status >= 500 ? 'Unexpected error in the emulator.' : (error as Error).message,
    });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function stop(server: Server, ctx: EmulatorContext): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  // Held (timeout fault) and keep-alive connections would keep close() waiting forever.
  server.closeAllConnections();
  await closed;
  await ctx.notifications.idle();
  await ctx.outbound.close();
}
