/**
 * The store's public face: open it, parse its URL, and the plain types its repositories speak.
 * Kysely, the schema and the migrations stay inside server/store.
 */
export { openStore } from './open-store';
export type { OpenStoreOptions, Store, StoreLogger } from './open-store';
export { parseDatabaseUrl } from './database-url';
export type { DatabaseEngine, DatabaseLocation } from './database-url';
export type { StoreRepositories } from './repositories';
export type { TenantsRepository } from './tenants-repository';
export type { MailboxesRepository, MailboxListFilter } from './mailboxes-repository';
export type { MappingsRepository, MappingListFilter, MappingUpdate } from './mappings-repository';
export type { CursorsRepository } from './cursors-repository';
export type { AuditRepository, AuditListOptions, AuditSearch } from './audit-repository';
export type { SyncRunsRepository, SyncRunStart, SyncRunFilter } from './sync-runs-repository';
export type { TokenCacheRepository } from './token-cache-repository';
export type { GraphSubscriptionInput, GraphSubscriptionRow, SubscriptionsRepository } from './subscriptions-repository';
export type { ConditionListFilter, ConditionsRepository } from './conditions-repository';
export type {
  AdminAction,
  AdminActionFilter,
  AdminActionInput,
  AdminActionOutcome,
  AdminActionsRepository,
} from './admin-actions-repository';
export * from './mailbox-conditions';
export type { ReceiptsRepository } from './receipts-repository';
export * from './types';
