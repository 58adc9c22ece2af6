/**
 * What applying one plan item did, gathered by the apply steps and written by record.ts: per side the write made
 * (new id and stamp, the fields, before and after), or the failure in plain words. Types and tiny helpers only.
 */
import { pickFields, type CanonicalEvent, type EventField, type PlanItem, type SyncSide } from '../core';
import type { PlainError } from './errors-in-plain-words';
import type { EngineItem } from './pair';

const SIDE_NAMES: Record<SyncSide, string> = { outlook: 'Outlook', erp: 'ERP' };

/** The event a write projects: the plan gives every write its result (core/plan.ts); one without fails in plain words. */
export function resultOf(plan: PlanItem, side: SyncSide): CanonicalEvent {
  if (plan.result === null)
    throw new Error(`The plan writes ${plan.key} to the ${SIDE_NAMES[side]} without a result to write`);
  return plan.result;
}

/** A create's mapping row id (the ERP's idempotency key, Outlook's transactionId), inserted before any create. */
export function keyOf(outcome: ItemOutcome, side: SyncSide): string {
  if (outcome.mappingId === null)
    throw new Error(`The ${SIDE_NAMES[side]} create of ${outcome.plan.key} has no mapping row`);
  return outcome.mappingId;
}

export interface SideEffect {
  side: SyncSide;
  action: 'create' | 'update' | 'delete' | 'archive';
  /** The side's id after the write (unchanged for updates; the deleted id for deletes). */
  id: string;
  /** The new stamp (changeKey / ERP version); null for deletes or when the side gave none. */
  stamp: string | null;
  iCalUId?: string | null;
  fields: EventField[];
  before: Partial<CanonicalEvent> | null;
  after: Partial<CanonicalEvent> | null;
}

export interface ItemOutcome {
  engine: EngineItem;
  plan: PlanItem;
  /** The mapping row's id: the existing one, or the one inserted (pending) before a create. */
  mappingId: string | null;
  effects: SideEffect[];
  failure: (PlainError & { side: SyncSide | null }) | null;
  /** A conditional write found the side changed since it was read (412, version check): re-read and plan again. */
  stale?: boolean;
  /** A write may have landed although it failed (no answer, timeout, 5xx): the intent stays for the next run. */
  uncertain?: boolean;
}

/** Whether a failure kind leaves the write's effect unknown (it may have landed). */
export function mayHaveLanded(kind: string): boolean {
  return kind === 'transient' || kind === 'no_answer' || kind === 'partial';
}

export function pick(event: CanonicalEvent | null, fields: readonly EventField[]): Partial<CanonicalEvent> | null {
  return event === null ? null : pickFields(event, fields);
}

/** The fields an action writes to `side`, or null when it writes nothing there. */
export function writesTo(plan: PlanItem, side: SyncSide): EventField[] | 'all' | 'delete' | null {
  const a = plan.action;
  if (side === 'erp') {
    if (a.kind === 'createInErp') return 'all';
    if (a.kind === 'updateErp') return a.fields;
    if (a.kind === 'mergeFields' && a.toErp.length > 0) return a.toErp;
    if (a.kind === 'deleteInErp' || (a.kind === 'optOut' && a.deleteErp)) return 'delete';
    return null;
  }
  if (a.kind === 'createInOutlook') return 'all';
  if (a.kind === 'updateOutlook') return a.fields;
  if (a.kind === 'mergeFields' && a.toOutlook.length > 0) return a.toOutlook;
  if (a.kind === 'deleteInOutlook') return 'delete';
  return null;
}
