/**
 * Writes in flight: what the engine records on a pairing before it writes (the result, the fields per side, the
 * stamps it decided on), and how the next run tells, from what each side now holds, whether a write whose outcome
 * was never recorded landed. Pure; the engine stores and clears intents.
 */
import { diffFields } from './diff';
import type { CanonicalEvent, EventField } from './model';
import type { PlanItem } from './plan-types';
import { representEvent } from './represent';
import { readView } from './side-view';
import type { BaseRecord, Capabilities, SideState, SyncSide } from './state';
import { SYNC_SIDES } from './state';
import type { SyncPolicy } from './sync-policy';

/** One side's part of an intent: create it, update these fields (in shared-view terms), or delete it. */
export type IntendedWrite = { op: 'create' } | { op: 'update'; fields: EventField[] } | { op: 'delete' };

/** Recorded on the pairing before any write of its plan item; cleared when the outcome is recorded. */
export interface WriteIntent {
  runId: string;
  at: string;
  /** The event both sides show once the writes land; null when the item only deletes. */
  result: CanonicalEvent | null;
  writes: Partial<Record<SyncSide, IntendedWrite>>;
  /** Each side's stamp the writes were decided on (null: the side had no event). */
  stamps: Record<SyncSide, string | null>;
}

function stampOf(state: SideState): string | null {
  return state.kind === 'present' ? state.stamp : null;
}

/** The intent of a plan item whose action writes `writes` (built by the engine from the action). */
export function intentOf(item: PlanItem, writes: WriteIntent['writes'], runId: string, at: string): WriteIntent | null {
  if (Object.keys(writes).length === 0) return null;
  return { runId, at, result: item.result, writes, stamps: { outlook: stampOf(item.outlook), erp: stampOf(item.erp) } };
}

/**
 * Whether an update landed on `side`: each written field that the result changes now differs from the old base
 * there (it holds our value, or a person changed it again on top of ours). A field still at the old base's value
 * means the write did not land.
 */
function updateLanded(
  side: SyncSide,
  fields: readonly EventField[],
  state: SideState,
  base: BaseRecord,
  result: CanonicalEvent,
  policy: SyncPolicy,
  caps: Capabilities,
): boolean {
  if (state.kind !== 'present') return false;
  const view = readView(side, state.event, policy, caps[side], base.snapshot);
  const old = representEvent(base.snapshot, caps[side]);
  const meant = diffFields(old, representEvent(result, caps[side]), fields);
  return meant.every((f) => diffFields(old, representEvent(view, caps[side]), [f]).length > 0);
}

/**
 * The base a pairing has once its recorded intent is accounted for: the intended result, when every update of the
 * intent landed (the side written is then compared field by field, the side read keeps the stamp the writes were
 * decided on), or null (keep the old base: nothing landed, or not all of it, or the intent was no update).
 */
export function landedBase(
  base: BaseRecord,
  intent: WriteIntent,
  states: Record<SyncSide, SideState>,
  policy: SyncPolicy,
  caps: Capabilities,
): BaseRecord | null {
  const result = intent.result;
  if (result === null) return null;
  let wrote = false;
  for (const side of SYNC_SIDES) {
    const write = intent.writes[side];
    if (write === undefined) continue;
    wrote = true;
    if (write.op !== 'update') return null;
    if (!updateLanded(side, write.fields, states[side], base, result, policy, caps)) return null;
  }
  if (!wrote) return null;
  const stampFor = (side: SyncSide) =>
    intent.writes[side] !== undefined ? '' : (intent.stamps[side] ?? base[side].stamp);
  return {
    snapshot: result,
    outlook: { id: base.outlook.id, stamp: stampFor('outlook') },
    erp: { id: base.erp.id, stamp: stampFor('erp') },
  };
}
