/**
 * `npm run sandbox:rest-erp -- [--port N] [--db FILE] [--token T] [--webhook URL] [--base-path /api]`: runs the reference ERP
 * until interrupted and prints where it listens and how to authenticate.
 */
import { parseArgs } from 'node:util';
import { startRestErp, type StartRestErpOptions } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4600' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      token: { type: 'string' },
      webhook: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'base-path': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, not ${values.port}`);
  const options: StartRestErpOptions = { port, host: values.host };
  if (values.db) options.databaseFile = values.db;
  if (values.token) options.tokens = [values.token];
  if (values.webhook) options.webhookUrl = values.webhook;
  if (values['webhook-secret']) options.webhookSecret = values['webhook-secret'];
  if (values['base-path']) options.basePath = values['base-path'];
  const erp = await startRestErp(options);
  console.log(`Reference ERP listening on ${erp.url}`);
  console.log(`  bearer token:   ${erp.token}`);
  console.log(`  HMAC key:       ${erp.hmac.keyId} / ${erp.hmac.secret}`);
  console.log(
    `  webhook secret: ${erp.webhookSecret}${options.webhookUrl ? ` (posting to ${options.webhookUrl})` : ''}`,
  );
  console.log(`  control API:    ${erp.url}/_control (see docs/ERP-REST.md)`);
  const shutdown = () => {
    erp.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
