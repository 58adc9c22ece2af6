/**
 * The public API of server/http, the only folder that knows Express: the app with its one problem handler, and the
 * routers the composition root mounts (add-in API, ERP records, admin, metrics, webhooks).
 */
export { createApp } from './app';
export type { AppDependencies } from './app';
/** The router type the composition root hands back to createApp (so nothing outside server/http imports Express). */
export type { Router } from 'express';
export { answerClientErrors } from './problems';
export { addinConfigFor, addinStaticRouter } from './addin-static';
export { adminConsoleRouter, consoleConfigFor } from './admin-console-static';
export { addinAccountRouter, addinApiGuard } from './addin-routes-account';
export { afterConnectRouter } from './after-connect';
export { addinEventsRouter, isFirstRun } from './addin-routes-events';
export { erpRecordsRouter } from './erp-records-route';
export { ErpPeople } from './erp-person';
export { privateKeyRouter } from './addin-routes-private-key';
export { adminAuditRouter } from './admin-audit';
export { adminCredentialsRouter, EXPIRY_ALERT_DAYS } from './admin-credentials';
export type { AdminCredentialsDeps } from './admin-credentials';
export { adminMailboxActionsRouter } from './admin-mailbox-actions';
export { adminMailboxesRouter } from './admin-mailboxes';
export { adminSyncRouter } from './admin-sync';
export { adminErpRouter, adminTenantsRouter } from './admin-tenants';
export { jsonBodiesOnlyRouter } from './json-bodies-only';
export { callerOf } from './auth-middleware';
export { requireAdmin, requireAdminKey, SYNC_ADMIN_ROLE } from './admin-auth';
export { metricsRouter } from './metrics-route';
export { erpWebhookRouter } from './webhooks-erp';
export { graphWebhookRouter } from './webhooks-graph';
