/**
 * Choosing a tenant's auth mode. App-only (client credentials, application permission Calendars.ReadWrite) is
 * accepted only once an app-only token proves the administrator granted it; delegated needs nothing up front.
 */
import type { AuthMode, StoreRepositories, Tenant } from '../store';
import type { GraphTokenProvider } from './graph-tokens';

export async function setTenantAuthMode(
  deps: { store: Pick<StoreRepositories, 'tenants'>; tokens: Pick<GraphTokenProvider, 'forApp'> },
  tenantId: string,
  authMode: AuthMode,
): Promise<Tenant> {
  if (authMode === 'app_only') await deps.tokens.forApp(tenantId);
  const known = await deps.store.tenants.get(tenantId);
  return deps.store.tenants.upsert({ id: tenantId, name: known?.name ?? tenantId, authMode });
}
