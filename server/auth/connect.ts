/**
 * Connecting a person's mailbox from the pane: prove access (a fresh on-behalf-of that stores their encrypted
 * token cache, or an app-only token when the tenant chose app-only mode), then record the tenant and the mailbox
 * as connected. Reconnecting after a revoked grant is the same call. It serves no HTTP itself.
 */
import { AppError } from '../errors';
import type { AuthMode, Mailbox, StoreRepositories, Tenant } from '../store';
import type { Caller } from './caller';
import { mailboxOfCaller } from './caller-scope';
import type { GraphTokenProvider } from './graph-tokens';

export interface ConnectDeps {
  store: Pick<StoreRepositories, 'tenants' | 'mailboxes'>;
  tokens: Pick<GraphTokenProvider, 'onBehalfOf' | 'forApp'>;
  /** Auth mode of a tenant seen for the first time. */
  defaultAuthMode?: AuthMode;
}

export async function connectCaller(deps: ConnectDeps, caller: Caller): Promise<{ mailbox: Mailbox; tenant: Tenant }> {
  const existing = await mailboxOfCaller(deps.store, caller);
  if (existing?.status === 'disabled') {
    throw new AppError('forbidden', 'Sync is turned off for your mailbox by an administrator.');
  }
  const known = await deps.store.tenants.get(caller.tenantId);
  const authMode = known?.authMode ?? deps.defaultAuthMode ?? 'delegated';
  // Access first: nothing is recorded for a person whose access cannot be proven.
  if (authMode === 'app_only') await deps.tokens.forApp(caller.tenantId);
  else await deps.tokens.onBehalfOf(caller, { fresh: true });
  const tenant = known ?? (await deps.store.tenants.upsert({ id: caller.tenantId, name: caller.tenantId, authMode }));
  const mailbox = await deps.store.mailboxes.upsert({
    tenantId: caller.tenantId,
    userObjectId: caller.objectId,
    upn: caller.upn,
    email: caller.upn,
    status: 'connected',
    statusReason: null,
  });
  return { mailbox, tenant };
}
