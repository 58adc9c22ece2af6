/** Builds the full set of repositories over one Kysely handle: the store's own, or a transaction's. */
import { adminActionsRepository, type AdminActionsRepository } from './admin-actions-repository';
import { auditRepository, type AuditRepository } from './audit-repository';
import { conditionsRepository, type ConditionsRepository } from './conditions-repository';
import { cursorsRepository, type CursorsRepository } from './cursors-repository';
import { mailboxesRepository, type MailboxesRepository } from './mailboxes-repository';
import { mappingsRepository, type MappingsRepository } from './mappings-repository';
import { receiptsRepository, type ReceiptsRepository } from './receipts-repository';
import type { RepositoryContext } from './repository-context';
import { subscriptionsRepository, type SubscriptionsRepository } from './subscriptions-repository';
import { syncRunsRepository, type SyncRunsRepository } from './sync-runs-repository';
import { tenantsRepository, type TenantsRepository } from './tenants-repository';
import { tokenCacheRepository, type TokenCacheRepository } from './token-cache-repository';

export interface StoreRepositories {
  tenants: TenantsRepository;
  mailboxes: MailboxesRepository;
  mappings: MappingsRepository;
  cursors: CursorsRepository;
  audit: AuditRepository;
  syncRuns: SyncRunsRepository;
  tokenCache: TokenCacheRepository;
  subscriptions: SubscriptionsRepository;
  /** What stops or limits each mailbox's sync (migration 0004). */
  conditions: ConditionsRepository;
  adminActions: AdminActionsRepository;
  receipts: ReceiptsRepository;
}

export function buildRepositories(context: RepositoryContext): StoreRepositories {
  return {
    tenants: tenantsRepository(context),
    mailboxes: mailboxesRepository(context),
    mappings: mappingsRepository(context),
    cursors: cursorsRepository(context),
    audit: auditRepository(context),
    syncRuns: syncRunsRepository(context),
    tokenCache: tokenCacheRepository(context),
    subscriptions: subscriptionsRepository(context),
    conditions: conditionsRepository(context),
    adminActions: adminActionsRepository(context),
    receipts: receiptsRepository(context),
  };
}
