/**
 * Wires the engine from configuration: the ERP adapter named by ERP_KIND, the Graph adapter with the auth
 * module's background token provider (delegated or app-only per tenant). For main.ts and the sync CLI; tests
 * wire the engine themselves against the emulators.
 */
import { EncryptionKeyRing, GraphTokenProvider, parseEncryptionKeys } from '../auth';
import type { Config } from '../config';
import { AppError } from '../errors';
import { createOdooAdapter } from '../erp/odoo';
import type { ErpPort } from '../erp/port';
import { createRestErpAdapter } from '../erp/rest';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { createSyncEngine, graphOutlookSide, type SyncEngine } from './index';

function required(config: Config, name: keyof Config): string {
  const value = config[name];
  if (typeof value !== 'string' || value === '') throw new AppError('config', `${String(name)} must be set to sync.`);
  return value;
}

export function erpFromConfig(config: Config, logger: Logger): ErpPort {
  const clock = { now: () => new Date() };
  if (config.ERP_KIND === 'rest') {
    const token = required(config, 'REST_ERP_TOKEN');
    return createRestErpAdapter({ baseUrl: required(config, 'REST_ERP_URL'), auth: { kind: 'bearer', token } });
  }
  return createOdooAdapter({
    url: required(config, 'ODOO_URL'),
    database: required(config, 'ODOO_DATABASE'),
    login: required(config, 'ODOO_LOGIN'),
    apiKey: required(config, 'ODOO_API_KEY'),
    protocol: (config.ODOO_PROTOCOL as 'auto' | undefined) ?? 'auto',
    clock,
    logger,
  });
}

export function engineFromConfig(config: Config, store: Store, logger: Logger): SyncEngine {
  const tokens = new GraphTokenProvider({
    msal: {
      authorityHost: required(config, 'AUTH_AUTHORITY_HOST'),
      clientId: required(config, 'AUTH_CLIENT_ID'),
      clientSecret: required(config, 'AUTH_CLIENT_SECRET'),
      logger,
    },
    store,
    keys: new EncryptionKeyRing(parseEncryptionKeys(required(config, 'ENCRYPTION_KEYS'))),
    logger,
  });
  const clock = { now: () => new Date() };
  const outlook = graphOutlookSide({
    graphBaseUrl: required(config, 'GRAPH_BASE_URL'),
    getAccessToken: async (mailbox) => {
      const outcome = await tokens.forMailbox(mailbox);
      if (outcome.kind === 'ok') return outcome.token.accessToken;
      throw new AppError(outcome.kind === 'transient' ? 'transient' : 'auth_revoked', outcome.reason);
    },
    logger,
    clock,
  });
  return createSyncEngine({ store, erp: erpFromConfig(config, logger), outlook, clock, logger });
}
