/**
 * `npm run sandbox:m365 -- --port 4443 [--state data/m365.json] [--cert-dir data/certs]`: runs the Microsoft 365
 * emulator alone, prints its URLs and the seeded app, loads the state file if it exists and saves it on exit.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadStateFile, saveStateFile } from './control/state';
import { startMicrosoft365Emulator } from './server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from './world/seed';

const USAGE =
  'usage: sandbox:m365 -- [--port 4443] [--host 127.0.0.1] [--state data/m365.json] [--cert-dir data/certs]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4443' },
      host: { type: 'string', default: '127.0.0.1' },
      state: { type: 'string' },
      'cert-dir': { type: 'string', default: 'data/certs' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got '${values.port}'. ${USAGE}`);
  const emulator = await startMicrosoft365Emulator({ port, host: values.host, certificateDir: values['cert-dir'] });
  if (values.state && existsSync(values.state)) await loadStateFile(emulator.context, values.state);
  const lines = [
    `Microsoft 365 emulator listening on ${emulator.baseUrl}`,
    `  Graph:            ${emulator.graphBaseUrl}`,
    `  Authority:        ${emulator.authority(CONTOSO_TENANT_ID)} (knownAuthorities: ['${new URL(emulator.baseUrl).host}'])`,
    `  Control API:      ${emulator.baseUrl}/_control`,
    `  Trust this CA:    ${values['cert-dir']}/ca.pem`,
    `  Tenant contoso:   ${CONTOSO_TENANT_ID} (adele@, megan@, alex@contoso.example)`,
    `  Tenant fabrikam:  ${FABRIKAM_TENANT_ID} (pradeep@fabrikam.example)`,
    `  Client id:        ${ADDIN_CLIENT_ID}`,
    `  Client secret:    ${ADDIN_CLIENT_SECRET}`,
    values.state
      ? `  State file:       ${values.state} (saved on exit)`
      : '  State:            in memory only (pass --state to keep it)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    const save = values.state ? saveStateFile(emulator.context, values.state) : Promise.resolve();
    save
      .then(() => emulator.stop())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`failed to stop cleanly: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
