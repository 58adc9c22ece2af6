/**
 * Reconciliation (Unison's "recon"): base + both sides -> one plan item with the default action and the rule
 * that chose it. Reads no globals, mutates nothing, never throws for bad data. Tenant choices are policy.ts's.
 */
import { diffFields, intersect, overlay, pickFields, without } from './diff';
import type { CanonicalEvent, EventField } from './model';
import type { Action, PlanItem } from './plan-types';
import { createOn, deleteOn, laterSide } from './plan-types';
import type { Decision } from './resolve';
import { settle } from './resolve';
import { detect } from './detect';
import { landedBase, unfinishedResult } from './intent';
import { followSeries } from './follow-series';
import { mergeRecurrence } from './merge-recurrence';
import { followSeriesMove } from './series-move';
import { keepRicher } from './represent';
import { readView } from './side-view';
import type { Capabilities, SideState, SyncItem, SyncSide } from './state';
import { FULL_CAPABILITIES, otherSide } from './state';
import type { SyncPolicy } from './sync-policy';

type Item = Omit<PlanItem, 'defaultAction' | 'action' | 'reason' | 'result'>;

const LABEL: Record<SyncSide, string> = { outlook: 'Outlook', erp: 'the ERP' };

function problem(reason: string): Decision {
  return { action: { kind: 'problem', reason }, reason, result: null };
}

function modifiedAt(state: SideState): string | undefined {
  return state.kind === 'present' ? state.modifiedAt : state.kind === 'deleted' ? state.deletedAt : undefined;
}

function fieldConflict(item: Item, fields: EventField[], vo: CanonicalEvent, ve: CanonicalEvent): Decision {
  const suggested = laterSide(modifiedAt(item.outlook), modifiedAt(item.erp));
  const action: Action = {
    kind: 'conflict',
    conflict: { kind: 'fields', fields, outlook: pickFields(vo, fields), erp: pickFields(ve, fields), suggested },
  };
  return { action, reason: `changed differently on both sides: ${fields.join(', ')}`, result: null };
}

/** Only `side` changed: its changed fields go to the other side (those it can hold). */
function oneSideChanged(item: Item, side: SyncSide, snapshot: CanonicalEvent, fields: EventField[]): Decision {
  const view = item.views[side];
  if (view === null) return problem('changed side has no event');
  const result = followSeries(snapshot, overlay(snapshot, view, fields));
  return settle(item, result, `changed in ${LABEL[side]}: ${fields.join(', ')}`);
}

/** Only `side` deleted; `other` is unchanged (delete it) or changed (a conflict for policy to settle). */
function oneSideDeleted(item: Item, side: SyncSide): Decision {
  const other = otherSide(side);
  const change = item.changes[other];
  if (change.kind === 'unchanged') {
    return { action: deleteOn(other), reason: `deleted in ${LABEL[side]}`, result: null };
  }
  const changedFields = change.kind === 'changed' ? change.fields : [];
  const suggested = laterSide(modifiedAt(item.outlook), modifiedAt(item.erp));
  return {
    action: { kind: 'conflict', conflict: { kind: 'deleteVsChange', deletedOn: side, changedFields, suggested } },
    reason: `deleted in ${LABEL[side]} but changed in ${LABEL[other]}`,
    result: null,
  };
}

function bothChanged(item: Item, given: CanonicalEvent, fo: EventField[], fe: EventField[]): Decision {
  if (item.views.outlook === null || item.views.erp === null) return problem('changed side has no event');
  // One side moved the series, the other changed occurrences: those are carried over to the moved series first.
  const move = followSeriesMove(given, { outlook: item.views.outlook, erp: item.views.erp }, { outlook: fo, erp: fe });
  if (move.kind === 'conflict') return fieldConflict(item, move.fields, item.views.outlook, item.views.erp);
  const {
    snapshot,
    outlook: vo,
    erp: ve,
  } = move.kind === 'rebased' ? move : { snapshot: given, outlook: item.views.outlook, erp: item.views.erp };
  const carried =
    move.kind === 'rebased' ? `; occurrence changes carried over to the series moved in ${LABEL[move.mover]}` : '';
  let clashing = diffFields(vo, ve, intersect(fo, fe));
  // Both changed the series' occurrences: different occurrences (or fields of one) merge, as the sides do.
  const recurrence = clashing.includes('recurrence') ? mergeRecurrence(snapshot, vo, ve) : null;
  if (recurrence !== null) clashing = clashing.filter((f) => f !== 'recurrence');
  if (clashing.length > 0) return fieldConflict(item, clashing, vo, ve);
  const merged = overlay(overlay(snapshot, vo, fo), ve, without(fe, fo));
  const result = followSeries(given, recurrence === null ? merged : { ...merged, recurrence });
  const same = intersect(fo, fe);
  const why = same.length > 0 ? `; same value on both sides for ${same.join(', ')}` : '';
  return settle(item, result, `changed on both sides, disjoint fields merged${why}${carried}`);
}

function decideWithBase(item: Item, snapshot: CanonicalEvent): Decision {
  const o = item.changes.outlook;
  const e = item.changes.erp;
  if (o.kind === 'created' || o.kind === 'absent' || e.kind === 'created' || e.kind === 'absent') {
    return problem(`impossible with a base: outlook ${o.kind}, erp ${e.kind}`);
  }
  if (o.kind === 'deleted' && e.kind === 'deleted')
    return { action: { kind: 'unlink' }, reason: 'deleted on both sides', result: null };
  if (o.kind === 'deleted') return oneSideDeleted(item, 'outlook');
  if (e.kind === 'deleted') return oneSideDeleted(item, 'erp');
  if (o.kind === 'changed' && e.kind === 'changed') return bothChanged(item, snapshot, o.fields, e.fields);
  if (o.kind === 'changed') return oneSideChanged(item, 'outlook', snapshot, o.fields);
  if (e.kind === 'changed') return oneSideChanged(item, 'erp', snapshot, e.fields);
  return { action: { kind: 'noop' }, reason: 'unchanged on both sides', result: snapshot };
}

/** Never paired: a new event on one side is copied, two events the engine matched are paired. */
function decideWithoutBase(item: Item, policy: SyncPolicy): Decision {
  const vo = item.views.outlook;
  const ve = item.views.erp;
  if (vo !== null && ve !== null) {
    const both = intersect(item.capabilities.outlook.fields, item.capabilities.erp.fields);
    const clashing = diffFields(vo, ve, both);
    if (clashing.length > 0) return fieldConflict(item, clashing, vo, ve);
    const result = overlay(vo, ve, without(item.capabilities.erp.fields, item.capabilities.outlook.fields));
    return settle(item, result, 'found on both sides, paired');
  }
  const side: SyncSide | null = vo !== null ? 'outlook' : ve !== null ? 'erp' : null;
  // A pairing that never completed (its first write failed or was never recorded) whose events are gone on both
  // sides: nothing is lost, the row is forgotten (as a problem it stood on every run and kept each run partial).
  if (side === null) return { action: { kind: 'unlink' }, reason: 'never paired and gone on both sides', result: null };
  const state = item[side];
  const view = item.views[side];
  if (state.kind === 'present' && state.inScope === false) {
    return { action: { kind: 'noop' }, reason: `new in ${LABEL[side]} but not in the sync scope`, result: null };
  }
  return { action: createOn(otherSide(side), policy.flagNeedsReview), reason: `new in ${LABEL[side]}`, result: view };
}

function decide(item: Item, policy: SyncPolicy): Decision {
  const o = item.changes.outlook;
  const e = item.changes.erp;
  if (o.kind === 'error' || e.kind === 'error') {
    const messages = [o.kind === 'error' ? `Outlook: ${o.message}` : '', e.kind === 'error' ? `ERP: ${e.message}` : ''];
    return problem(messages.filter((m) => m !== '').join('; '));
  }
  return item.base === null ? decideWithoutBase(item, policy) : decideWithBase(item, item.base.snapshot);
}

/**
 * The default plan item for one key. `policy` is read only for how sides are viewed (house categories, subject
 * tag, quiet attendee blocks) and the needs-review flag; applyPolicy decides direction, conflicts and deletes.
 */
export function reconcile(
  given: SyncItem,
  policy: SyncPolicy,
  capabilities: Capabilities = FULL_CAPABILITIES,
): PlanItem {
  // A write of an earlier run whose outcome was never recorded: where it landed, its result is the base; where it
  // landed in part and nobody changed anything since, the rest is written.
  const states = { outlook: given.outlook, erp: given.erp };
  const landed = given.intent && given.base ? landedBase(given.base, given.intent, states, policy, capabilities) : null;
  const item = landed ? { ...given, base: landed } : given;
  const unfinished =
    given.intent && given.base && !landed
      ? unfinishedResult(given.base, given.intent, states, policy, capabilities)
      : null;
  const reference = item.base?.snapshot ?? null;
  const viewOf = (side: SyncSide): CanonicalEvent | null => {
    const state = item[side];
    return state.kind === 'present' ? readView(side, state.event, policy, capabilities[side], reference) : null;
  };
  const views = { outlook: viewOf('outlook'), erp: viewOf('erp') };
  if (reference === null && views.outlook !== null && views.erp !== null) {
    // Two copies met without a base: a value one side holds only as a projection of the other's is no clash.
    const { outlook, erp } = views;
    views.erp = keepRicher(erp, outlook, capabilities.erp);
    views.outlook = keepRicher(outlook, erp, capabilities.outlook);
  }
  const baseOf = (side: SyncSide) =>
    item.base === null ? null : { side: item.base[side], snapshot: item.base.snapshot };
  const changes = {
    outlook: detect(baseOf('outlook'), item.outlook, views.outlook, capabilities.outlook),
    erp: detect(baseOf('erp'), item.erp, views.erp, capabilities.erp),
  };
  const partial: Item = {
    key: item.key,
    base: item.base,
    outlook: item.outlook,
    erp: item.erp,
    views,
    changes,
    capabilities,
  };
  const decided = unfinished
    ? settle(partial, unfinished, 'a write of ours landed in part: the rest is written again')
    : decide(partial, policy);
  // The landed result is not recorded yet: "nothing to do" must still record it.
  const decision: Decision =
    landed && decided.action.kind === 'noop' ? { ...decided, action: { kind: 'baseOnly' } } : decided;
  return {
    ...partial,
    defaultAction: decision.action,
    action: decision.action,
    reason: decision.reason,
    result: decision.result,
  };
}
