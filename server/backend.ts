/**
 * Starts the backend for a configuration: trust, TLS, store (migrated), the HTTP app on HTTPS, and the shutdown
 * sequence. main.ts calls it for the process; tests call it to get a real backend on port 0.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { answerClientErrors, createApp } from './http';
import { composeServices, type Services } from './compose';
import { createShutdown, type Shutdown } from './shutdown';
import { openStore, type Store } from './store';
import { loadOrCreateDevCertificate, trustCertificateAuthorities } from './tls';

export interface Backend {
  /** https origin the server listens on (127.0.0.1 or the configured host, actual port). */
  url: string;
  server: Server;
  store: Store;
  services: Services;
  shutdown: Shutdown;
}

/** Where the built task pane lives (npm run build:addin). */
export const ADDIN_DIR = join(process.cwd(), 'dist', 'addin');

export async function startBackend(config: Config, logger: Logger): Promise<Backend> {
  if (config.EXTRA_CA_CERTS_FILE) trustCertificateAuthorities([await readFile(config.EXTRA_CA_CERTS_FILE, 'utf8')]);
  const tls = await loadTls(config);
  const store = await openStore({ databaseUrl: config.DATABASE_URL, logger });

  const server = createServer({ cert: tls.cert, key: tls.key });
  const services = await Promise.resolve()
    .then(() => composeServices(config, store, logger, { addinDir: ADDIN_DIR }))
    .catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
  const shutdown = createShutdown({
    server,
    logger,
    // The scheduler stops first, then the queue lets its runs finish; the store closes after both.
    before: [{ name: 'background', run: () => services.background.stop() }],
    after: [{ name: 'store', run: () => store.close() }],
  });
  const app = createApp({
    logger,
    routes: services.routes,
    rawRoutes: services.rawRoutes,
    readiness: {
      draining: () => shutdown.draining(),
      check: async () => {
        const health = await store.health();
        return { database: health.error === undefined, migrations: health.ok };
      },
    },
  });
  server.on('request', app);
  answerClientErrors(server);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  // Cast: a server listening on a TCP port (not a pipe) has an AddressInfo address.
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  // Listening first: creating a Graph subscription needs our webhook to answer the validation handshake.
  await services.background.start().catch(async (error: unknown) => {
    await shutdown.run('background failed to start');
    throw error;
  });
  return { url: `https://${host}:${port}`, server, store, services, shutdown };
}

async function loadTls(config: Config): Promise<{ cert: string; key: string }> {
  if (config.TLS_CERT_FILE && config.TLS_KEY_FILE) {
    const [cert, key] = await Promise.all([
      readFile(config.TLS_CERT_FILE, 'utf8'),
      readFile(config.TLS_KEY_FILE, 'utf8'),
    ]);
    return { cert, key };
  }
  const dev = await loadOrCreateDevCertificate(join(config.DATA_DIR, 'certs'));
  // Our own emulators and webhooks present this certificate: trust its CA for outbound calls too.
  trustCertificateAuthorities([dev.ca]);
  return dev;
}
