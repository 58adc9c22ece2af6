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
  const planned = ordered.map((item) =>
    item.attendeeCopy
      ? attendeeCopyPlan(item, policy, capabilities)
      : applyPolicy(reconcile(item, policy, capabilities), policy),
  );
  return guardMassDeletes(planned, paired, policy.massDelete, confirmedDeletes);
}

/**
 * An attendee's copy of a shared meeting: its Outlook side holds nothing we sync (the organizer's mailbox writes
 * the ERP record; Exchange brings the organizer's changes to the copy). Pairing records the ERP version as the base;
 * a delete on either side unpairs (an attendee removing the meeting from their calendar never deletes it for all).
 */
function attendeeCopyPlan(item: SyncItem, policy: SyncPolicy, capabilities: Capabilities): PlanItem {
  const caps: Capabilities = { ...capabilities, outlook: { ...capabilities.outlook, fields: [] } };
  const plan = reconcile(item, policy, caps);
  const views = plan.views;
  if (views.outlook === null || views.erp === null) {
    const action = item.base === null ? { kind: 'noop' as const } : { kind: 'unlink' as const };
    const reason = 'shared meeting: an attendee copy only unpairs';
    return { ...plan, action, defaultAction: action, reason, result: null };
  }
  const result = views.erp;
  const moved = item.base === null || plan.changes.erp.kind !== 'unchanged';
  const action = moved ? { kind: 'baseOnly' as const } : { kind: 'noop' as const };
  const reason = 'shared meeting: an attendee copy of an ERP record another mailbox syncs';
  return { ...plan, action, defaultAction: action, reason, result };
}
