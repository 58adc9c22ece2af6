/**
 * Process entry: read configuration (configOfProcess: one line per bad variable, exit 2), start the sandbox when unconfigured,
 * start the backend, print where to go, and shut down gracefully on SIGTERM/SIGINT.
 */
import { configOfProcess, type Config } from './config';
import { startBackend } from './backend';
import { checkErpAtStartup } from './erp';
import { createLogger } from './logger';
import { onStopSignals, runEntry } from './process-entry';

/** Without configuration, start the emulators and configure the backend against them (the person's own variables win). */
async function sandboxed(config: Config): Promise<{ config: Config; banner: string[]; stop: () => Promise<void> }> {
  if (config.SYNC_MODE !== 'sandbox') return { config, banner: [], stop: async () => undefined };
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  // Loaded only in sandbox mode: production never loads the emulators (nor needs their files in dist/).
  // (The .js names the built file; tsx maps it to the .ts source.)
  const { startSandbox } = await import('../sandbox/start-sandbox.js');
  const sandbox = await startSandbox({ dataDir: config.DATA_DIR, backendPort: config.PORT, host });
  return { config: configOfProcess(sandbox.env), banner: sandbox.banner, stop: sandbox.stop };
}

async function main(): Promise<void> {
  const { config, banner, stop: stopSandbox } = await sandboxed(configOfProcess());
  // The demo's terminal is read by a person; production's log by a collector (JSON lines).
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.SYNC_MODE === 'sandbox' });
  const backend = await startBackend(config, logger);
  logger.info({ url: backend.url, mode: config.SYNC_MODE, database: backend.store.engine }, 'backend listening');
  // The integration user's rights, said in one sentence at start-up (not awaited: the ERP may come up later).
  void checkErpAtStartup(backend.services.erp, logger);
  process.stdout.write(
    [
      '',
      `Outlook ERP Sync (${config.SYNC_MODE}) is running.`,
      `  Backend:   ${backend.url}`,
      `  Readiness: ${backend.url}/readyz`,
      `  Metrics:   ${backend.url}/metrics (admin key)`,
      `  Triggers:  ${config.GRAPH_NOTIFICATIONS === 'on' ? `Graph notifications to ${config.PUBLIC_URL}/webhooks/graph, ` : ''}ERP poll every ${config.ERP_POLL_SECONDS} s, sweep every ${config.SWEEP_HOURS} h (${backend.services.background.runtime})`,
      ...banner,
      '',
    ].join('\n'),
  );
  onStopSignals((signal) => {
    void backend.shutdown
      .run(signal)
      .then(stopSandbox)
      .then(() => process.exit(0));
  });
}

runEntry(main);
