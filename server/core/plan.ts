/**
 * A whole mailbox's plan in one call: reconcile every key, apply the tenant's policy, then the mass-delete
 * guard. Sorted by key so the same inputs always give the same plan, whatever order the engine read them in.
 */
import { guardMassDeletes } from './guard';
import type { PairedCounts } from './guard';
import type { PlanItem } from './plan-types';
import { applyPolicy } from './policy';
import { reconcile } from './reconcile';
import type { Capabilities, SyncItem } from './state';
import { FULL_CAPABILITIES } from './state';
import type { SyncPolicy } from './sync-policy';

/**
 * The plan for `items`. `paired` is how many events each side had paired before this run (for the guard);
 * `confirmedDeletes` are keys whose held deletions an admin confirmed (the guard lets them through).
 */
export function planSync(
  items: readonly SyncItem[],
  policy: SyncPolicy,
  paired: PairedCounts,
  capabilities: Capabilities = FULL_CAPABILITIES,
  confirmedDeletes: ReadonlySet<string> = new Set(),
): PlanItem[] {
  const ordered = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const planned = ordered.map((item) => applyPolicy(reconcile(item, policy, capabilities), policy));
  return guardMassDeletes(planned, paired, policy.massDelete, confirmedDeletes);
}
