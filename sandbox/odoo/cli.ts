/**
 * `npm run sandbox:odoo -- --port N [--version 17.0]`: runs the Odoo emulator and prints where and how to log in.
 */
import { startOdooEmulator } from './server';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argument('port') ?? 8069);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${argument('port')}`);
  const emulator = await startOdooEmulator({
    port,
    host: argument('host') ?? '127.0.0.1',
    version: argument('version') ?? '19.0',
  });
  const lines = [
    `Odoo emulator listening on ${emulator.url}`,
    `  database: ${emulator.database}`,
    ...Object.values(emulator.users).map((u) => `  login: ${u.login}  api key: ${u.apiKey}`),
    `  control API: ${emulator.url}/_control/state (see docs/SANDBOX.md)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = () => {
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
