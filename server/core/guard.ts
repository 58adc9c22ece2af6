/**
 * The mass-delete guard: when one side lost an unusual share of its paired events in one run (a wiped mailbox,
 * a broken ERP filter, a stale database), nothing of that loss is propagated; each item becomes a problem that says
 * why and carries the held action. Keys an admin confirmed pass through and do not count towards the loss.
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
  confirmed: ReadonlySet<string> = new Set(),
): Map<SyncSide, string> {
  const tripped = new Map<SyncSide, string>();
  for (const side of SYNC_SIDES) {
    const lost = items.filter((i) => lostOn(i, side) && !confirmed.has(i.key)).length;
    const total = Math.max(paired[side], 1);
    if (lost >= guard.minCount && lost / total > guard.maxShare) {
      const share = Math.round((lost / total) * 100);
      tripped.set(
        side,
        `mass-delete guard: ${LABEL[side]} lost ${lost} of ${paired[side]} paired events (${share}%) in one run; ` +
          `nothing was deleted or unlinked until an admin confirms or rejects the deletions in the admin console`,
      );
    }
  }
  return tripped;
}

function lostOn(item: PlanItem, side: SyncSide): boolean {
  return item.base !== null && item.changes[side].kind === 'deleted';
}

/**
 * The plan with every item that would act on a guarded side's deletions turned into a problem holding its action.
 * `confirmed` keys (deletions an admin confirmed) keep their action.
 */
export function guardMassDeletes(
  items: readonly PlanItem[],
  paired: PairedCounts,
  guard: MassDeleteGuard,
  confirmed: ReadonlySet<string> = new Set(),
): PlanItem[] {
  const tripped = guardVerdict(items, paired, guard, confirmed);
  if (tripped.size === 0) return [...items];
  return items.map((item) => {
    const side = SYNC_SIDES.find((s) => lostOn(item, s) && tripped.has(s));
    if (side === undefined || item.action.kind === 'noop' || confirmed.has(item.key)) return item;
    const reason = tripped.get(side) ?? '';
    const held = { lostOn: side, action: item.action };
    return { ...item, action: { kind: 'problem', reason, held }, reason, result: null };
  });
}
