/**
 * Worker-only process entry (`npm run worker`): the same composition and background runtime as the backend
 * (queue, scheduler leadership, subscription upkeep) without the HTTP server. Meant for PostgreSQL, where any
 * number of these share the mailboxes; with SQLite the backend process already runs the syncs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeServices } from './compose';
import { configOfProcess } from './config';
import { createLogger } from './logger';
import { onStopSignals, runEntry } from './process-entry';
import { openStore } from './store';
import { loadOrCreateDevCertificate, trustCertificateAuthorities } from './tls';
import { ADDIN_DIR } from './backend';

const STOP_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const config = configOfProcess();
  const logger = createLogger({ level: config.LOG_LEVEL });
  if (config.EXTRA_CA_CERTS_FILE) trustCertificateAuthorities([await readFile(config.EXTRA_CA_CERTS_FILE, 'utf8')]);
  // The backend's development CA signs the local emulators and webhooks: trust it as the backend does.
  if (!config.TLS_CERT_FILE)
    trustCertificateAuthorities([(await loadOrCreateDevCertificate(join(config.DATA_DIR, 'certs'))).ca]);
  const store = await openStore({ databaseUrl: config.DATABASE_URL, logger });
  const services = composeServices(config, store, logger, { addinDir: ADDIN_DIR, role: 'worker' });
  await services.background.start();
  logger.info({ pid: process.pid, database: store.engine }, 'worker started');
  process.stdout.write(`worker ${process.pid} started\n`);
  onStopSignals((signal) => {
    logger.info({ signal }, 'worker stopping');
    setTimeout(() => {
      logger.warn('worker stop deadline reached');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void services.background
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

runEntry(main);
