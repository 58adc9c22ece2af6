/**
 * Process entry: read configuration (one line per bad variable, exit 2), start the sandbox when unconfigured,
 * start the backend, print where to go, and shut down gracefully on SIGTERM/SIGINT.
 */
import { ConfigError, loadDotEnv, parseConfig, type Config } from './config';
import { startBackend } from './backend';
import { createLogger } from './logger';

const EXIT_CONFIG = 2;

function readConfig(): Config {
  try {
    loadDotEnv();
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`config error: ${line}\n`);
    process.exit(EXIT_CONFIG);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const backend = await startBackend(config, logger);
  logger.info({ url: backend.url, mode: config.SYNC_MODE, database: backend.store.engine }, 'backend listening');
  process.stdout.write(
    [
      '',
      `Outlook ERP Sync (${config.SYNC_MODE}) is running.`,
      `  Backend:   ${backend.url}`,
      `  Readiness: ${backend.url}/readyz`,
      '',
    ].join('\n'),
  );
  const stop = (signal: string) => {
    void backend.shutdown.run(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`fatal: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
