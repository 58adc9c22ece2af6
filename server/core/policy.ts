/**
 * The tenant's choices as a separate pure pass over a reconciled item: recurrence, direction, conflict
 * resolution, deletes. Keeps `defaultAction`, rewrites `action`, `reason` and `result`. The guard is guard.ts.
 */
import { overlay, without } from './diff';
import type { PlanItem } from './plan-types';
import type { Decision } from './resolve';
import { contributedFields, resolveConflict, settle } from './resolve';
import type { SyncSide } from './state';
import { otherSide } from './state';
import type { SyncPolicy } from './sync-policy';

const LABEL: Record<SyncSide, string> = { outlook: 'Outlook', erp: 'ERP' };

function decided(item: PlanItem, decision: Decision): PlanItem {
  return { ...item, ...decision };
}

function isSeries(item: PlanItem): boolean {
  return [item.views.outlook, item.views.erp, item.base?.snapshot ?? null].some(
    (e) => e !== null && e.recurrence !== null,
  );
}

/** Recurrence off: series are skipped (a noop with a reason the pane shows), never half-synced. */
function applyRecurrence(item: PlanItem, policy: SyncPolicy): PlanItem {
  if (policy.recurrence || item.action.kind === 'problem' || item.action.kind === 'noop' || !isSeries(item))
    return item;
  return decided(item, {
    action: { kind: 'noop' },
    reason: 'recurrence sync is off: series are skipped',
    result: item.base?.snapshot ?? null,
  });
}

/**
 * One-way sync: the source is the truth. Events new in the target are not copied; a delete in the target only
 * forgets the pairing; changes made in the target to fields the source holds are overwritten back from the source
 * (so both sides end equal and the next run is quiet); conflicts go to the source.
 */
function applyDirection(item: PlanItem, policy: SyncPolicy): PlanItem {
  if (policy.direction === 'twoWay' || item.action.kind === 'problem' || item.action.kind === 'noop') return item;
  const source: SyncSide = policy.direction === 'outlookToErp' ? 'outlook' : 'erp';
  const target = otherSide(source);
  const rule = `one-way ${LABEL[source]} -> ${LABEL[target]}`;
  const created = target === 'erp' ? 'createInOutlook' : 'createInErp';
  if (item.action.kind === created) {
    return decided(item, {
      action: { kind: 'noop' },
      reason: `${rule}: events new in ${LABEL[target]} are not copied`,
      result: null,
    });
  }
  if (item.base !== null && item.changes[target].kind === 'deleted') {
    return decided(item, {
      action: { kind: 'unlink' },
      reason: `${rule}: deleted in ${LABEL[target]}, pairing forgotten`,
      result: null,
    });
  }
  if (item.action.kind === 'conflict' && item.action.conflict.kind === 'deleteVsChange') {
    return resolveConflict(item, source, rule);
  }
  const targetChange = item.changes[target].kind;
  if (targetChange !== 'changed' && targetChange !== 'created') return item;
  const start = item.base?.snapshot ?? item.views[source];
  const sourceView = item.views[source];
  const targetView = item.views[target];
  if (start === null || sourceView === null || targetView === null) return item;
  const targetOnly = without(contributedFields(item, target), item.capabilities[source].fields);
  const result = overlay(overlay(start, targetView, targetOnly), sourceView, contributedFields(item, source));
  return decided(
    item,
    settle(item, result, `${rule}: ${LABEL[source]} is the truth, ${LABEL[target]} edits overwritten`),
  );
}

/** Same field changed differently: prefer a side, the later edit, or keep the conflict for the person. */
function applyConflicts(item: PlanItem, policy: SyncPolicy): PlanItem {
  if (item.action.kind !== 'conflict') return item;
  switch (policy.conflicts) {
    case 'outlook':
    case 'erp':
      return resolveConflict(item, policy.conflicts, `conflict policy: prefer ${LABEL[policy.conflicts]}`);
    case 'latest': {
      const later = item.action.conflict.suggested;
      if (later !== null) return resolveConflict(item, later, `conflict policy: latest edit (${LABEL[later]})`);
      return { ...item, reason: `${item.reason}; latest edit unknown (times missing or equal), kept for the person` };
    }
    case 'ask':
      return { ...item, reason: `${item.reason}; kept for the person to resolve` };
  }
}

/** Deletes: propagate, only forget the pairing, or archive the ERP record instead of deleting it. */
function applyDeletes(item: PlanItem, policy: SyncPolicy): PlanItem {
  const kind = item.action.kind;
  if (kind !== 'deleteInErp' && kind !== 'deleteInOutlook') return item;
  if (policy.deletes === 'unlink') {
    return decided(item, {
      action: { kind: 'unlink' },
      reason: `${item.reason}; delete policy: unlink only`,
      result: null,
    });
  }
  if (policy.deletes === 'archive' && kind === 'deleteInErp') {
    return decided(item, {
      action: { kind: 'deleteInErp', mode: 'archive' },
      reason: `${item.reason}; delete policy: archive`,
      result: null,
    });
  }
  return item;
}

/** The item under the tenant's policy. Pure: the same item and policy always give the same answer. */
export function applyPolicy(item: PlanItem, policy: SyncPolicy): PlanItem {
  const passes = [applyRecurrence, applyDirection, applyConflicts, applyDeletes];
  return passes.reduce((current, pass) => pass(current, policy), item);
}
