/**
 * The reference ERP as part of the local sandbox (`npm start`): kept in the data folder with a stable token,
 * and the variables that point the backend at it (`REST_ERP_URL`, `REST_ERP_TOKEN`; `ERP_KIND=rest` selects it).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRestErp } from './server';

export interface SandboxRestErp {
  env: { REST_ERP_URL: string; REST_ERP_TOKEN: string; ERP_WEBHOOK_SECRET: string };
  banner: string[];
  stop(): Promise<void>;
}

interface Secrets {
  token: string;
  webhookSecret: string;
}

/** Made once per data folder, so a backend that stored the token keeps working across restarts. */
async function loadSecrets(file: string): Promise<Secrets> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const secrets = {
      token: randomBytes(24).toString('base64url'),
      webhookSecret: randomBytes(24).toString('base64url'),
    };
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

export async function startSandboxRestErp(options: {
  dataDir: string;
  port: number;
  host: string;
  /** The backend's `/webhooks/erp`, when it should be told about changes without polling. */
  webhookUrl?: string;
}): Promise<SandboxRestErp> {
  await mkdir(options.dataDir, { recursive: true });
  const secrets = await loadSecrets(join(options.dataDir, 'rest-erp-secrets.json'));
  const erp = await startRestErp({
    port: options.port,
    host: options.host,
    databaseFile: join(options.dataDir, 'rest-erp.sqlite'),
    tokens: [secrets.token],
    webhookSecret: secrets.webhookSecret,
    ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
  });
  return {
    env: { REST_ERP_URL: erp.url, REST_ERP_TOKEN: erp.token, ERP_WEBHOOK_SECRET: secrets.webhookSecret },
    banner: [
      `  Reference REST ERP:     ${erp.url} (token ${erp.token}; control API ${erp.url}/_control; ERP_KIND=rest)`,
    ],
    stop: () => erp.stop(),
  };
}
