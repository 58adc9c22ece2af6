/**
 * The plan: one item per key, each with a closed union of actions that names the direction. Types and tiny
 * constructors only; reconcile.ts builds items, policy.ts rewrites them, summary.ts counts them.
 */
import type { CanonicalEvent, EventField, UtcInstant } from './model';
import type { BaseRecord, Capabilities, SideChange, SideState, SyncSide } from './state';

/** Same field changed differently on both sides. Values are the sides' shared views of those fields. */
export interface FieldConflict {
  kind: 'fields';
  fields: EventField[];
  outlook: Partial<CanonicalEvent>;
  erp: Partial<CanonicalEvent>;
  /** The side with the later modification instant, when both are known and differ; a hint for the pane. */
  suggested: SyncSide | null;
}

/** One side deleted the event while the other changed it. */
export interface DeleteConflict {
  kind: 'deleteVsChange';
  deletedOn: SyncSide;
  changedFields: EventField[];
  suggested: SyncSide | null;
}

/** Why reconciliation could not decide on its own. */
export type Conflict = FieldConflict | DeleteConflict;

/**
 * What to do for one key. Updates name the fields to write; the values are the item's `result`
 * (written through side-view.ts `projectWrite`). Deletes toward the ERP say whether to delete or archive.
 */
export type Action =
  | { kind: 'noop' }
  | { kind: 'createInErp'; needsReview: boolean }
  | { kind: 'createInOutlook' }
  | { kind: 'updateErp'; fields: EventField[] }
  | { kind: 'updateOutlook'; fields: EventField[] }
  | { kind: 'mergeFields'; toErp: EventField[]; toOutlook: EventField[] }
  | { kind: 'deleteInErp'; mode: 'delete' | 'archive' }
  | { kind: 'deleteInOutlook' }
  /** Forget the pairing, write nothing: both copies (if any) live on unpaired. */
  | { kind: 'unlink' }
  /**
   * The Outlook event lost every mark: the pairing stops (kept as `not_tracked`, so neither copy looks new); the ERP
   * copy is deleted when the tenant's opt-out policy says so, else kept.
   */
  | { kind: 'optOut'; deleteErp: boolean }
  | { kind: 'conflict'; conflict: Conflict }
  /** Both sides already agree on a new value (or the change is on fields the other side cannot hold). */
  | { kind: 'baseOnly' }
  /** Nothing is written. `held` when the mass-delete guard held a deletion: the side that lost it, and the action held. */
  | {
      kind: 'problem';
      reason: string;
      held?: { lostOn: SyncSide; action: Action };
      /** Set when the loop breaker refused a create: another copy of the same content on `side` already exists. */
      loop?: { side: SyncSide };
    };

/** The action names, for counting and for switch statements that must cover them all. */
export type ActionKind = Action['kind'];

/**
 * One key's plan. `defaultAction` is what reconciliation proposed; `action` is what policy (or the person, for a
 * conflict) decided; `reason` names the rule that decided and goes to the audit log. `result` is the agreed
 * event after the action (the new base snapshot), null when the pairing ends or nothing is agreed yet.
 */
export interface PlanItem {
  key: string;
  base: BaseRecord | null;
  outlook: SideState;
  erp: SideState;
  views: { outlook: CanonicalEvent | null; erp: CanonicalEvent | null };
  changes: { outlook: SideChange; erp: SideChange };
  defaultAction: Action;
  action: Action;
  reason: string;
  result: CanonicalEvent | null;
  /** What each side holds, so later passes (policy, the pane's conflict resolution) can recompute writes. */
  capabilities: Capabilities;
}

/** The create action on `side`. */
export function createOn(side: SyncSide, needsReview: boolean): Action {
  return side === 'erp' ? { kind: 'createInErp', needsReview } : { kind: 'createInOutlook' };
}

/** The delete action on `side` (a plain delete; policy may turn an ERP delete into an archive). */
export function deleteOn(side: SyncSide): Action {
  return side === 'erp' ? { kind: 'deleteInErp', mode: 'delete' } : { kind: 'deleteInOutlook' };
}

/** Which side a modification instant says was edited last; null when unknown or equal. */
export function laterSide(outlookAt: UtcInstant | undefined, erpAt: UtcInstant | undefined): SyncSide | null {
  if (outlookAt === undefined || erpAt === undefined || outlookAt === erpAt) return null;
  return Date.parse(outlookAt) > Date.parse(erpAt) ? 'outlook' : 'erp';
}
