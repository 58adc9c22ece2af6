/**
 * The local world `npm start` runs without configuration: the Microsoft 365 emulator, the Odoo emulator and the
 * Outlook simulator on fixed ports next to the backend, and the configuration that points the production code at
 * them. The backend does not know it is in a sandbox: it only gets URLs, ids and keys, as in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sandboxCertificate } from './tls';
import { startMicrosoft365Emulator } from './microsoft365/server';
import { ADDIN_CLIENT_ID, ADDIN_CLIENT_SECRET, defaultWorld } from './microsoft365/world/seed';
import { startOdooEmulator } from './odoo/server';
import { startSandboxRestErp } from './rest-erp/sandbox-env';
import { DEMO_USERS } from './odoo/seed';
import { startSimulator, type Simulator } from './simulator/server';

/** Where the backend serves the admin console (its sign-in redirect URI). */
export const CONSOLE_PATH = '/admin/console/';

/** The person the Outlook simulator is signed in as (seeded in both emulators). */
export const DEMO_PERSON = { displayName: 'Adele Vance', emailAddress: 'adele@contoso.example', timeZone: 'UTC' };

export interface Sandbox {
  /** Variables that configure the backend against the emulators (merged under the person's own environment). */
  env: Record<string, string>;
  /** Lines telling a person where to go. */
  banner: string[];
  /** The Outlook simulator (its page hosts the real task pane, relayed from the backend). */
  simulator: Simulator;
  stop(): Promise<void>;
}

interface SandboxSecrets {
  encryptionKey: string;
  adminKey: string;
}

/** Secrets made once per data folder, so stored tokens stay readable across restarts. */
async function loadSecrets(dataDir: string): Promise<SandboxSecrets> {
  const file = join(dataDir, 'sandbox-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SandboxSecrets;
  } catch {
    const secrets = {
      encryptionKey: randomBytes(32).toString('base64'),
      adminKey: randomBytes(24).toString('base64url'),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

export interface SandboxOptions {
  dataDir: string;
  backendPort: number;
  host: string;
  /** The backend's https origin, for the simulator; default https://<host>:<backendPort> (unknown for port 0). */
  backendUrl?: string;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const secrets = await loadSecrets(options.dataDir);
  // Fixed ports next to the backend's make the demo's URLs predictable; port 0 (tests) means any free port.
  const near = (offset: number) => (options.backendPort === 0 ? 0 : options.backendPort + offset);
  // The admin console signs in at the backend's origin (auth code flow, "spa" redirect URIs); its App ID URI host.
  const consoleOrigins = options.backendUrl
    ? [options.backendUrl]
    : options.backendPort === 0
      ? []
      : [...new Set([`https://localhost:${options.backendPort}`, `https://${options.host}:${options.backendPort}`])];
  const apiHost = consoleOrigins[0] ? new URL(consoleOrigins[0]).host : undefined;
  const m365 = await startMicrosoft365Emulator({
    world: defaultWorld(
      apiHost,
      consoleOrigins.map((origin) => `${origin}${CONSOLE_PATH}`),
    ),
    port: near(1),
    host: options.host,
    certificateDir: join(options.dataDir, 'certs'),
    // v1 tokens carry Microsoft's own v1 issuer, as in production, so the backend needs no sandbox setting.
    issuers: { v1Base: 'https://sts.windows.net' },
  });
  const odoo = await startOdooEmulator({ port: near(2), host: options.host });
  const backendUrl =
    options.backendUrl ?? (options.backendPort === 0 ? null : `https://${options.host}:${options.backendPort}`);
  // The reference REST ERP runs too, so `ERP_KIND=rest npm start` swaps the ERP without other settings.
  const restErp = await startSandboxRestErp({
    dataDir: options.dataDir,
    port: near(4),
    host: options.host,
    ...(backendUrl ? { webhookUrl: `${backendUrl}/webhooks/erp` } : {}),
  });
  const simulator = await startSimulator({
    port: near(3),
    host: options.host,
    certificate: await sandboxCertificate(join(options.dataDir, 'certs')),
    m365BaseUrl: m365.baseUrl,
    odoo: { url: odoo.url, database: odoo.database, login: DEMO_USERS.admin.login, apiKey: DEMO_USERS.admin.apiKey },
    clientId: ADDIN_CLIENT_ID,
    person: DEMO_PERSON,
    // Adele links her own Odoo key when she connects: the pane's ERP calls act with her rights (paneRights).
    personErpKey: DEMO_USERS.adele.apiKey,
    backendUrl,
  });
  const env = {
    SYNC_MODE: 'sandbox',
    AUTH_AUTHORITY_HOST: m365.baseUrl,
    AUTH_CLIENT_ID: ADDIN_CLIENT_ID,
    AUTH_CLIENT_SECRET: ADDIN_CLIENT_SECRET,
    GRAPH_BASE_URL: m365.baseUrl,
    ENCRYPTION_KEYS: `sandbox:${secrets.encryptionKey}`,
    ADMIN_API_KEY: secrets.adminKey,
    ERP_KIND: 'odoo',
    ODOO_URL: odoo.url,
    ODOO_DATABASE: odoo.database,
    ODOO_LOGIN: DEMO_USERS.admin.login,
    ODOO_API_KEY: DEMO_USERS.admin.apiKey,
    ...restErp.env,
  };
  const banner = [
    `  Microsoft 365 emulator: ${m365.baseUrl} (identity + Graph v1.0; control API ${m365.baseUrl}/_control)`,
    `  Odoo emulator:          ${odoo.url} (database ${odoo.database}; login ${DEMO_USERS.admin.login} / ${DEMO_USERS.admin.password})`,
    ...restErp.banner,
    `  Outlook simulator:      ${simulator.url} (${DEMO_PERSON.emailAddress}'s calendar with the task pane; docs/SIMULATOR.md)`,
    `  Adele's own Odoo key:   ${DEMO_USERS.adele.apiKey} (linked in her pane when she connects)`,
    ...(consoleOrigins[0]
      ? [`  Admin console:          ${consoleOrigins[0]}${CONSOLE_PATH} (sign in as megan@contoso.example: Sync.Admin)`]
      : []),
    `  Admin API key:          ${secrets.adminKey} (stored in ${join(options.dataDir, 'sandbox-secrets.json')})`,
    `  Trust this CA to open the pages without warnings: ${join(options.dataDir, 'certs', 'ca.pem')}`,
  ];
  return {
    env,
    banner,
    simulator,
    stop: async () => {
      await Promise.all([simulator.stop(), m365.stop(), odoo.stop(), restErp.stop()]);
    },
  };
}
