/**
 * The composition root: builds the product's services from configuration (tokens, the ERP adapter, the Graph
 * side, the engine) and the HTTP routes that expose them. One instance of each, shared by routes and background
 * work, so a person's token refresh or a mailbox's lease is never duplicated inside a process.
 */
import type { Router } from 'express';
import { createTokenValidator, EncryptionKeyRing, GraphTokenProvider, parseEncryptionKeys } from './auth';
import type { Config } from './config';
import { createSyncEngine, graphOutlookSide, policyOf, type SyncEngine } from './engine';
import { erpFromConfig } from './engine/from-config';
import { AppError } from './errors';
import type { ErpPort } from './erp/port';
import { addinConfigFor, addinStaticRouter } from './http/addin-static';
import { addinAccountRouter, addinApiGuard } from './http/addin-routes-account';
import { adminMailboxesRouter } from './http/admin-mailboxes';
import { adminSyncRouter } from './http/admin-sync';
import type { Logger } from './logger';
import type { Store } from './store';
import type { PolicySummary } from '../addin/api/types';

export interface Services {
  tokens: GraphTokenProvider;
  erp: ErpPort;
  engine: SyncEngine;
  routes: Array<{ path: string; router: Router }>;
}

export interface ComposeOptions {
  /** Folder of the built task pane. */
  addinDir: string;
}

function required<K extends keyof Config>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null || value === '') {
    throw new AppError('config', `${String(name)} must be set to run the backend.`);
  }
  return value as NonNullable<Config[K]>;
}

export function composeServices(config: Config, store: Store, logger: Logger, options: ComposeOptions): Services {
  const clientId = required(config, 'AUTH_CLIENT_ID');
  const authorityHost = config.AUTH_AUTHORITY_HOST;
  const clock = { now: () => new Date() };
  const tokens = new GraphTokenProvider({
    msal: { authorityHost, clientId, clientSecret: required(config, 'AUTH_CLIENT_SECRET'), logger },
    store,
    keys: new EncryptionKeyRing(parseEncryptionKeys(required(config, 'ENCRYPTION_KEYS'))),
    logger,
  });
  const validator = createTokenValidator({
    authorityHost,
    clientId,
    publicUrl: config.PUBLIC_URL,
    allowedTenants: config.AUTH_ALLOWED_TENANTS,
  });
  const erp = erpFromConfig(config, logger);
  const outlook = graphOutlookSide({
    graphBaseUrl: config.GRAPH_BASE_URL,
    getAccessToken: async (mailbox) => {
      const outcome = await tokens.forMailbox(mailbox);
      if (outcome.kind === 'ok') return outcome.token.accessToken;
      throw new AppError(outcome.kind === 'transient' ? 'transient' : 'needs_reconnect', outcome.reason);
    },
    logger,
    clock,
  });
  const engine = createSyncEngine({ store, erp, outlook, clock, logger });

  const adminApiKey = config.ADMIN_API_KEY;
  const routes = [
    {
      path: '/addin',
      router: addinStaticRouter({
        dir: options.addinDir,
        config: addinConfigFor({ publicUrl: config.PUBLIC_URL, clientId, authorityHost }),
      }),
    },
    { path: '/api', router: addinApiGuard({ validator, publicUrl: config.PUBLIC_URL, authorityHost }) },
    {
      path: '/api',
      router: addinAccountRouter({
        store,
        tokens,
        authorityHost,
        erp: {
          kind: config.ERP_KIND,
          name: erp.kind === 'odoo' ? 'Odoo' : 'ERP',
          baseUrl: config.ERP_KIND === 'odoo' ? (config.ODOO_URL ?? null) : (config.REST_ERP_URL ?? null),
        },
        policyOf: async (tenantId) => summarisePolicy((await store.tenants.get(tenantId))?.policy ?? {}),
      }),
    },
    { path: '/admin', router: adminMailboxesRouter({ store, tokens, adminApiKey }) },
    { path: '/admin', router: adminSyncRouter({ engine, store, adminApiKey }) },
  ];
  return { tokens, erp, engine, routes };
}

const DIRECTION = { twoWay: 'two_way', outlookToErp: 'outlook_to_erp', erpToOutlook: 'erp_to_outlook' } as const;
const CONFLICTS = { outlook: 'prefer_outlook', erp: 'prefer_erp', latest: 'latest', ask: 'ask' } as const;

/** The tenant's effective policy in the pane's display values. */
function summarisePolicy(stored: Record<string, unknown>): PolicySummary {
  const policy = policyOf(stored);
  return {
    direction: DIRECTION[policy.direction],
    scope: policy.scope === 'marked' ? 'marked' : 'all_in_window',
    conflicts: CONFLICTS[policy.conflicts],
    category: policy.marking.category,
  };
}
