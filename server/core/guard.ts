/**
 * The mass-delete guard: when one side lost an unusual share of its paired events in one run (a wiped mailbox,
 * a broken ERP filter), nothing of that loss is propagated; each item becomes a problem that says why.
 */
import type { PlanItem } from './plan-types';
import type { SyncSide } from './state';
import { SYNC_SIDES } from './state';
import type { MassDeleteGuard } from './sync-policy';

/** How many events are paired per side before this run (the engine's mapping count, not just this plan's items). */
export interface PairedCounts {
  outlook: number;
  erp: number;
}

const LABEL: Record<SyncSide, string> = { outlook: 'Outlook', erp: 'the ERP' };

/** Sides whose deletions this run exceed the guard, with a sentence for the audit log and the admin view. */
export function guardVerdict(
  items: readonly PlanItem[],
  paired: PairedCounts,
  guard: MassDeleteGuard,
): Map<SyncSide, string> {
  const tripped = new Map<SyncSide, string>();
  for (const side of SYNC_SIDES) {
    const lost = items.filter((i) => i.base !== null && i.changes[side].kind === 'deleted').length;
    const total = Math.max(paired[side], 1);
    if (lost >= guard.minCount && lost / total > guard.maxShare) {
      const share = Math.round((lost / total) * 100);
      tripped.set(
        side,
        `mass-delete guard: ${LABEL[side]} lost ${lost} of ${paired[side]} paired events (${share}%) in one run; ` +
          `nothing was deleted or unlinked, confirm in the admin view`,
      );
    }
  }
  return tripped;
}

/** The plan with every item that would act on a guarded side's deletions turned into a problem. */
export function guardMassDeletes(items: readonly PlanItem[], paired: PairedCounts, guard: MassDeleteGuard): PlanItem[] {
  const tripped = guardVerdict(items, paired, guard);
  if (tripped.size === 0) return [...items];
  return items.map((item) => {
    const side = SYNC_SIDES.find((s) => item.base !== null && item.changes[s].kind === 'deleted' && tripped.has(s));
    if (side === undefined || item.action.kind === 'noop') return item;
    const reason = tripped.get(side) ?? '';
    return { ...item, action: { kind: 'problem', reason }, reason, result: null };
  });
}
