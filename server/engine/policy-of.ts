/**
 * The tenant's stored policy read over the product defaults, part by part. It does not validate: the admin API
 * that stores a policy owns that; unknown keys are ignored here.
 */
import { DEFAULT_POLICY, type SyncPolicy } from '../core';

function part<T extends object>(fallback: T, value: unknown): T {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...fallback, ...value } : fallback;
}

/** The effective policy for a tenant whose stored policy is `stored` (possibly partial, possibly empty). */
export function policyOf(stored: Record<string, unknown>): SyncPolicy {
  const merged = { ...DEFAULT_POLICY } as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_POLICY)) if (stored[key] !== undefined) merged[key] = stored[key];
  const policy = merged as unknown as SyncPolicy;
  return {
    ...policy,
    window: typeof stored.window === 'object' && stored.window !== null ? policy.window : DEFAULT_POLICY.window,
    marking: part(DEFAULT_POLICY.marking, stored.marking),
    erpScope: part(DEFAULT_POLICY.erpScope, stored.erpScope),
    massDelete: part(DEFAULT_POLICY.massDelete, stored.massDelete),
    customerDetails: part(DEFAULT_POLICY.customerDetails, stored.customerDetails),
  };
}
