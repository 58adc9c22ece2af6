/**
 * Turning an agreed result into writes, and a conflict into a result once a winner is known. Shared by
 * reconcile.ts, policy.ts and the pane's "keep Outlook / keep ERP" (via resolveConflict).
 */
import { diffFields, overlay, sameFields, union } from './diff';
import type { CanonicalEvent, EventField } from './model';
import { cancelledOnlyInOutlook, keepOutlookCancellations } from './merge-recurrence';
import type { Action, PlanItem } from './plan-types';
import { createOn, deleteOn } from './plan-types';
import { representEvent } from './represent';
import { carryOccurrences } from './series-move';
import type { SideCapabilities, SideChange, SyncSide } from './state';
import { otherSide } from './state';

/** An action, why it was chosen, and the agreed event after it. */
export interface Decision {
  action: Action;
  reason: string;
  result: CanonicalEvent | null;
}

type Item = Pick<PlanItem, 'base' | 'views' | 'changes' | 'capabilities'>;

/** The fields a side contributes: what changed since the base, or everything it holds when it is new. */
export function contributedFields(item: Item, side: SyncSide): EventField[] {
  const change: SideChange = item.changes[side];
  if (change.kind === 'changed') return change.fields;
  if (change.kind === 'created') return [...item.capabilities[side].fields];
  return [];
}

/**
 * The writes that make both sides show `result`: each side gets the fields it holds that differ from its view
 * (by the side's projection, for values it holds only partly).
 * Nothing to write is `noop` when the base already says `result`, else `baseOnly` (record it, write nothing). An
 * occurrence Outlook cancelled stays cancelled (Outlook cannot bring it back: keepOutlookCancellations).
 */
export function settle(item: Item, asked: CanonicalEvent, reason: string): Decision {
  const { outlook, erp } = item.views;
  const holdsSeries = outlook !== null && item.capabilities.outlook.fields.includes('recurrence');
  const kept = holdsSeries ? cancelledOnlyInOutlook(outlook, asked) : [];
  const result = kept.length > 0 && outlook !== null ? keepOutlookCancellations(asked, outlook) : asked;
  const why =
    kept.length > 0 ? `${reason}; cancelled in Outlook, which cannot bring it back: ${kept.join(', ')}` : reason;
  // Compared as the side would hold them: a value it can only partly hold is not rewritten with the same projection.
  const toSide = (view: CanonicalEvent | null, caps: SideCapabilities) =>
    view === null ? [] : diffFields(representEvent(result, caps), representEvent(view, caps), caps.fields);
  const toErp = toSide(erp, item.capabilities.erp);
  const toOutlook = toSide(outlook, item.capabilities.outlook);
  let action: Action;
  if (toErp.length > 0 && toOutlook.length > 0) action = { kind: 'mergeFields', toErp, toOutlook };
  else if (toErp.length > 0) action = { kind: 'updateErp', fields: toErp };
  else if (toOutlook.length > 0) action = { kind: 'updateOutlook', fields: toOutlook };
  else if (item.base !== null && sameFields(item.base.snapshot, result)) action = { kind: 'noop' };
  else action = { kind: 'baseOnly' };
  return { action, reason: why, result };
}

/**
 * The result when `winner`'s changes win: the loser's contributions first, then the winner's on top. Without a
 * base (two events paired at first sight) the winner's event is the starting point.
 */
export function resultPreferring(item: Item, winner: SyncSide, includeLoser = true): CanonicalEvent | null {
  const loser = otherSide(winner);
  const winnerView = item.views[winner];
  const loserView = item.views[loser];
  const start = item.base?.snapshot ?? winnerView ?? loserView;
  if (start === null) return null;
  const withLoser =
    includeLoser && loserView !== null ? overlay(start, loserView, contributedFields(item, loser)) : start;
  if (winnerView === null) return withLoser;
  // A series' occurrences are keyed by its times: the winner's occurrences never go under the loser's move.
  const won = contributedFields(item, winner);
  const series = winnerView.recurrence !== null && (won.includes('timing') || won.includes('recurrence'));
  return overlay(withLoser, winnerView, series ? union(won, ['timing', 'recurrence']) : won);
}

/**
 * Settles a conflicted item in favour of `winner`. A delete-versus-change conflict won by the deleting side
 * deletes the other copy; won by the changing side, it recreates the deleted copy (nothing is lost).
 */
export function resolveConflict(item: PlanItem, winner: SyncSide, why: string): PlanItem {
  if (item.action.kind !== 'conflict') return item;
  const conflict = item.action.conflict;
  let decision: Decision;
  if (conflict.kind === 'deleteVsChange') {
    const other = otherSide(conflict.deletedOn);
    decision =
      winner === conflict.deletedOn
        ? { action: deleteOn(other), reason: `${why}: the delete wins`, result: null }
        : {
            action: createOn(conflict.deletedOn, false),
            reason: `${why}: the change wins, the deleted copy is recreated`,
            result: resultPreferring(item, winner, false),
          };
  } else {
    const result = resultPreferring(item, winner);
    decision =
      result === null
        ? { action: { kind: 'problem', reason: 'conflict without events' }, reason: why, result: null }
        : settle(item, result, `${why}: ${winner} wins on ${conflict.fields.join(', ')}`);
  }
  return { ...item, ...decision };
}

/**
 * Settles a conflicted item with a person's choice per field (`event` for a delete-versus-change conflict): the
 * unconflicted changes of both sides merge as usual and each conflicting field takes the chosen side's value.
 * Answers null when a conflicting field has no choice (the conflict stays for the person).
 */
export function resolveChoices(
  item: PlanItem,
  choices: Readonly<Record<string, SyncSide>>,
  why: string,
): PlanItem | null {
  if (item.action.kind !== 'conflict') return null;
  const conflict = item.action.conflict;
  if (conflict.kind === 'deleteVsChange') {
    const winner = choices.event;
    return winner === undefined ? null : { ...resolveConflict(item, winner, why), reason: why };
  }
  const picked = conflict.fields.flatMap((f) => choices[f] ?? []);
  if (picked.length < conflict.fields.length) return null;
  const [first] = picked;
  if (first !== undefined && picked.every((side) => side === first)) {
    return { ...resolveConflict(item, first, why), reason: why };
  }
  const fromErp = conflict.fields.filter((f) => choices[f] === 'erp');
  const outlookFirst = resultPreferring(item, 'outlook');
  const erpView = item.views.erp;
  if (outlookFirst === null || erpView === null) return null;
  return { ...item, ...settle(item, occurrencesAtTimes(item, overlay(outlookFirst, erpView, fromErp)), why) };
}

/**
 * A series whose occurrences were taken from one side and its times from the other (a per-field choice): the
 * occurrences are carried over to the chosen times, else they would name starts the series no longer has (chaos
 * seed 2, c68: times from the ERP, occurrences from Outlook left the sides different for good).
 */
function occurrencesAtTimes(item: Item, result: CanonicalEvent): CanonicalEvent {
  if (result.recurrence === null) return result;
  const taken = (['outlook', 'erp'] as const).filter((side) => {
    const view = item.views[side];
    return view !== null && view.recurrence !== null && sameFields(view, result, ['recurrence']);
  });
  const [side] = taken;
  if (taken.length !== 1 || side === undefined) return result;
  const view = item.views[side];
  if (view === null || sameFields(view, result, ['timing'])) return result;
  const carried = carryOccurrences(view, result.timing);
  // Occurrences that cannot be carried keep the times they belong to.
  return carried === null ? { ...result, timing: view.timing } : { ...result, recurrence: carried };
}
