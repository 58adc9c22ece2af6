/**
 * The composition root: builds the product's services from configuration (tokens, the ERP adapter, the Graph
 * side, the engine) and the HTTP routes that expose them. One instance of each, shared by routes and background
 * work, so a person's token refresh or a mailbox's lease is never duplicated inside a process.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import {
  type AppCredential,
  appCredentialOf,
  type Caller,
  createTokenValidator,
  EncryptionKeyRing,
  ErpPersonKeys,
  GraphTokenProvider,
  mailboxOfCaller,
  msalCredentialOf,
  parseEncryptionKeys,
  viewOfAppCredential,
} from './auth';
import type { Config } from './config';
import { createSyncEngine, graphOutlookSide, policyOf, type SyncEngine } from './engine';
import { erpFromConfig } from './erp-from-config';
import { AppError } from './errors';
import type { ErpPort } from './erp';
import {
  addinAccountRouter,
  afterConnectRouter,
  addinApiGuard,
  addinConfigFor,
  addinEventsRouter,
  addinStaticRouter,
  adminAuditRouter,
  adminCredentialsRouter,
  type AdminCredentialsDeps,
  adminErpRouter,
  adminMailboxActionsRouter,
  adminConsoleRouter,
  consoleConfigFor,
  adminMailboxesRouter,
  adminSyncRouter,
  adminTenantsRouter,
  jsonBodiesOnlyRouter,
  ErpPeople,
  privateKeyRouter,
  erpRecordsRouter,
  erpWebhookRouter,
  graphWebhookRouter,
  isFirstRun,
  metricsRouter,
  requireAdmin,
  requireAdminKey,
  type Router,
} from './http';
import {
  createMailboxLimiter,
  createSyncMetrics,
  type Background,
  type SubscriptionUpkeep,
  createRuntime,
  type SyncMetrics,
} from './jobs';
import type { Logger } from './logger';
import { createRequestBudget, type OutlookCalendar } from './outlook';
import type { Mailbox, Store } from './store';
import type { PolicySummary } from '../contract/addin-api';

export interface Services {
  tokens: GraphTokenProvider;
  erp: ErpPort;
  engine: SyncEngine;
  /** The queue, scheduler and subscription upkeep; backend.ts starts and stops it. */
  background: Background;
  /** Graph subscription upkeep; undefined when GRAPH_NOTIFICATIONS=off. */
  subscriptions: SubscriptionUpkeep | undefined;
  metrics: SyncMetrics;
  routes: Array<{ path: string; router: Router }>;
  /** Routes that read their raw body (signed webhooks): mounted before the app's JSON parser. */
  rawRoutes: Router[];
}

export interface ComposeOptions {
  /** Folder of the built task pane. */
  addinDir: string;
  /** Folder of the built admin console; default `console` next to addinDir. */
  consoleDir?: string;
  role?: 'backend' | 'worker';
}

/** The app's secret or certificate; config.ts has checked its files and required one in production. */
export function appCredentialFor(config: Config): AppCredential {
  const credential = appCredentialOf(config);
  if (credential === null) throw new AppError('config', 'AUTH_CLIENT_SECRET must be set to run the backend.');
  return credential;
}

function required<K extends keyof Config>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null || value === '') {
    throw new AppError('config', `${String(name)} must be set to run the backend.`);
  }
  // Cast: null and undefined were refused just above.
  return value as NonNullable<Config[K]>;
}

/** The sync core of a process: Graph tokens, the ERP adapter, the Graph side under one request budget, the engine. */
export interface SyncCore {
  tokens: GraphTokenProvider;
  erp: ErpPort;
  engine: SyncEngine;
  calendarFor: (mailbox: Mailbox) => OutlookCalendar;
  /** The mailbox's calendar with a caller's own token (the add-in API), inside the same request budget. */
  callerCalendarFor: (mailbox: Mailbox, accessToken: string) => OutlookCalendar;
  /** People's own ERP keys for their private appointments, sealed in the store (the ERP adapter reads them). */
  personKeys: ErpPersonKeys;
}

/** Builds the sync core from configuration: the backend, a worker and the sync CLI all run the engine this way. */
export function composeSyncCore(config: Config, store: Store, logger: Logger): SyncCore {
  const clientId = required(config, 'AUTH_CLIENT_ID');
  const clock = { now: () => new Date() };
  // One key ring seals every secret the store holds: Graph token caches and people's own ERP keys.
  const keys = new EncryptionKeyRing(parseEncryptionKeys(required(config, 'ENCRYPTION_KEYS')));
  const tokens = new GraphTokenProvider({
    msal: {
      authorityHost: config.AUTH_AUTHORITY_HOST,
      clientId,
      ...msalCredentialOf(appCredentialFor(config)),
      logger,
    },
    store,
    keys,
    logger,
  });
  const erpName = config.ERP_KIND === 'odoo' ? 'Odoo' : 'ERP';
  const personKeys = new ErpPersonKeys({ store, keys, clock, erpName });
  const erp = erpFromConfig(config, logger, personKeys);
  const budget = createRequestBudget({
    maxConcurrent: config.GRAPH_MAX_CONCURRENT_PER_MAILBOX,
    maxPerWindow: config.GRAPH_MAX_REQUESTS_PER_10_MINUTES,
  });
  // One Graph calendar per use, all drawing on the same per-mailbox budget (engine runs, subscription upkeep and
  // the add-in API), all reading the add-in's compose-time mark.
  const side = (getAccessToken: (mailbox: Mailbox) => Promise<string>) =>
    graphOutlookSide({
      graphBaseUrl: config.GRAPH_BASE_URL,
      getAccessToken,
      limiterFor: (mailbox) => createMailboxLimiter(budget, mailbox.id),
      logger,
      clock,
      addinManifestId: config.ADDIN_MANIFEST_ID,
    });
  const calendarFor = side(async (mailbox) => {
    const outcome = await tokens.forMailbox(mailbox);
    if (outcome.kind === 'ok') return outcome.token.accessToken;
    throw new AppError(outcome.kind === 'transient' ? 'transient' : 'needs_reconnect', outcome.reason);
  });
  const callerCalendarFor = (mailbox: Mailbox, accessToken: string) => side(async () => accessToken)(mailbox);
  const engine = createSyncEngine({ store, erp, outlook: calendarFor, clock, logger, workerId: workerId() });
  return { tokens, erp, engine, calendarFor, callerCalendarFor, personKeys };
}

export function composeServices(config: Config, store: Store, logger: Logger, options: ComposeOptions): Services {
  const clientId = required(config, 'AUTH_CLIENT_ID');
  const authorityHost = config.AUTH_AUTHORITY_HOST;
  const clock = { now: () => new Date() };
  const { tokens, erp, engine, calendarFor, callerCalendarFor, personKeys } = composeSyncCore(config, store, logger);
  const validator = createTokenValidator({
    authorityHost,
    clientId,
    publicUrl: config.PUBLIC_URL,
    allowedTenants: config.AUTH_ALLOWED_TENANTS,
  });
  const metrics = createSyncMetrics({
    defaultMetrics: true,
    conditionCounts: () => store.conditions.countMailboxesByKind(),
  });
  const { background, subscriptions } = createRuntime({
    config,
    store,
    engine,
    calendarFor,
    metrics,
    logger,
    role: options.role ?? 'backend',
  });
  const requestSync = background.requestSync;
  const erpName = erp.kind === 'odoo' ? 'Odoo' : 'ERP';
  // Who each pane request acts for in the ERP (connected person, ERP user), shared so its look-ups are cached once.
  const paneRightsOf = async (tenantId: string) => policyOf((await store.tenants.get(tenantId))?.policy).paneRights;
  const people = new ErpPeople({ store, erp, erpName, clock, paneRightsOf });

  const adminApiKey = config.ADMIN_API_KEY;
  const routes = [
    {
      path: '/addin',
      router: addinStaticRouter({
        dir: options.addinDir,
        config: addinConfigFor({ publicUrl: config.PUBLIC_URL, clientId, authorityHost }),
      }),
    },
    {
      // Before the admin API's routers: the console's page is public, its data is not.
      path: '/admin/console',
      router: adminConsoleRouter({
        dir: options.consoleDir ?? join(dirname(options.addinDir), 'console'),
        config: consoleConfigFor({ publicUrl: config.PUBLIC_URL, clientId, authorityHost }),
      }),
    },
    { path: '/api', router: addinApiGuard({ validator, publicUrl: config.PUBLIC_URL, authorityHost }) },
    {
      path: '/api',
      router: afterConnectRouter(
        onConnected({ store, erp, background, ensureSubscription: subscriptions?.ensure, logger }),
      ),
    },
    {
      path: '/api',
      router: addinAccountRouter({
        store,
        tokens,
        authorityHost,
        erp: {
          kind: config.ERP_KIND,
          name: erpName,
          baseUrl: config.ERP_KIND === 'odoo' ? (config.ODOO_URL ?? null) : (config.REST_ERP_URL ?? null),
        },
        policyOf: async (tenantId) => summarisePolicy((await store.tenants.get(tenantId))?.policy ?? {}),
        // The explanation shows until the person dismisses it (not only before the first connect).
        isFirstRun,
      }),
    },
    {
      path: '/api',
      router: addinEventsRouter({
        store,
        erp,
        erpName,
        erpCalendarModel: erp.kind === 'odoo' ? 'calendar.event' : 'appointment',
        tokens,
        calendarFor: callerCalendarFor,
        clock,
        authorityHost,
        people,
        // The id names this request in the run's trigger detail and the logs; runs of a mailbox are coalesced.
        requestSync: async (mailboxId, reason) => {
          const jobId = randomUUID();
          await requestSync(mailboxId, { kind: 'manual', detail: `${reason} (${jobId})` });
          return { jobId };
        },
      }),
    },
    { path: '/api', router: erpRecordsRouter({ erpName, people }) },
    {
      path: '/api',
      router: privateKeyRouter({
        erp,
        keys: personKeys,
        people,
        erpName,
        paneRightsOf,
        requestSync: (mailboxId, reason) => requestSync(mailboxId, { kind: 'manual', detail: reason }),
      }),
    },
    ...adminRoutes({
      guard: requireAdmin({ adminApiKey, validator }),
      store,
      tokens,
      erp,
      engine,
      requestSync,
      clock,
      credentials: credentialViews(config),
    }),
    { path: '/', router: metricsRouter(metrics.registry, requireAdminKey(adminApiKey)) },
    ...(subscriptions === undefined
      ? []
      : [{ path: '/', router: graphWebhookRouter({ store, requestSync, subscriptions, metrics, logger, clock }) }]),
  ];
  const rawRoutes =
    config.ERP_WEBHOOK_SECRET === undefined
      ? []
      : [erpWebhookRouter({ secret: config.ERP_WEBHOOK_SECRET, store, requestSync, metrics, logger, clock })];
  return { tokens, erp, engine, background, subscriptions, metrics, routes, rawRoutes };
}

/** The admin API (docs/admin-api.openapi.yaml): console sign-in with Sync.Admin, or the admin key; all audited. */
function adminRoutes(deps: {
  guard: ReturnType<typeof requireAdmin>;
  store: Store;
  tokens: GraphTokenProvider;
  erp: ErpPort;
  engine: SyncEngine;
  requestSync: Background['requestSync'];
  clock: { now(): Date };
  credentials: Pick<AdminCredentialsDeps, 'app' | 'erp'>;
}): Array<{ path: string; router: Router }> {
  const { guard, store, engine, clock } = deps;
  const requestSync = (mailboxId: string, reason: string) =>
    deps.requestSync(mailboxId, { kind: 'manual', detail: `admin: ${reason}` });
  return [
    // A body the routes would not read (a form, multipart) is refused first, never taken for an empty one.
    { path: '/admin', router: jsonBodiesOnlyRouter() },
    {
      path: '/admin',
      router: adminTenantsRouter({
        guard,
        store,
        tokens: deps.tokens,
        rereadMailbox: (mailboxId, reason) =>
          deps.requestSync(mailboxId, { kind: 'sweep', detail: `admin: ${reason}` }),
      }),
    },
    { path: '/admin', router: adminErpRouter({ guard, store, erp: deps.erp, clock }) },
    { path: '/admin', router: adminMailboxesRouter({ guard, store }) },
    { path: '/admin', router: adminMailboxActionsRouter({ guard, store, engine, requestSync, clock }) },
    { path: '/admin', router: adminAuditRouter({ guard, store }) },
    { path: '/admin', router: adminSyncRouter({ guard, engine, store }) },
    { path: '/admin', router: adminCredentialsRouter({ guard, store, clock, ...deps.credentials }) },
  ];
}

/** What the admin API may say of the app's and the ERP's credentials (kinds, expiry, variables; no value). */
function credentialViews(config: Config): Pick<AdminCredentialsDeps, 'app' | 'erp'> {
  const erp: AdminCredentialsDeps['erp'] =
    config.ERP_KIND === 'rest'
      ? { erp: 'rest', kind: 'bearer_token', configuredBy: ['REST_ERP_TOKEN'] }
      : { erp: 'odoo', kind: 'api_key', configuredBy: ['ODOO_API_KEY'] };
  return { app: viewOfAppCredential(appCredentialFor(config)), erp };
}

/** Names this process in sync_runs and the audit log: host and pid. */
function workerId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * What follows a successful connect (the HTTP layer calls it once the answer is sent): link the mailbox to its ERP
 * user (so the ERP webhook's ownerId finds it), subscribe it to change notifications and queue its first sync.
 * Auth stays unaware of all three.
 */
function onConnected(deps: {
  store: Store;
  erp: ErpPort;
  background: Background;
  ensureSubscription: ((mailboxId: string) => Promise<unknown>) | undefined;
  logger: Logger;
}): (caller: Caller) => Promise<void> {
  return async (caller) => {
    try {
      const mailbox = await mailboxOfCaller(deps.store, caller);
      if (mailbox?.status !== 'connected') return;
      const erpUser = await deps.erp.findUser(mailbox.email);
      if (erpUser !== null && erpUser.id !== mailbox.erpUserId) {
        const { tenantId, userObjectId, upn, email } = mailbox;
        await deps.store.mailboxes.upsert({ tenantId, userObjectId, upn, email, erpUserId: erpUser.id });
      }
      await deps.ensureSubscription?.(mailbox.id);
      await deps.background.requestSync(mailbox.id, { kind: 'manual', detail: 'connected' });
    } catch (error) {
      deps.logger.error({ err: error }, 'after-connect linking, subscription or first sync failed (upkeep retries)');
    }
  };
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
    // The engine's opt-out policy (issue 13): what turning sync off does to the ERP copy; keep unless set to delete.
    optOut: stored.optOut === 'delete' ? 'delete' : 'keep',
  };
}
