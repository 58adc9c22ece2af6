/**
 * Writes in flight: what the engine records on a pairing before it writes (the result, the fields per side, the
 * stamps it decided on), and how the next run tells, from what each side now holds, whether a write whose outcome
 * was never recorded landed. Pure; the engine stores and clears intents.
 */
import { diffFields, sameFields } from './diff';
import { canonicalJson } from './fingerprint';
import type { CanonicalEvent, EventField } from './model';
import { normalizeEvent } from './normalize';
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
 * A series' parts as a write changes them: its pattern (rule and zone) and, per original start, its occurrence
 * (cancelled, or its own fields; a start not listed is as the rule makes it). Outlook writes them one by one (the
 * master, then each occurrence), so a write may land in part.
 */
function seriesParts(event: CanonicalEvent): Map<string, string> {
  const recurrence = normalizeEvent(event).recurrence;
  const parts = new Map<string, string>();
  parts.set('pattern', recurrence === null ? 'none' : canonicalJson([recurrence.rrule, recurrence.timeZone]));
  for (const m of recurrence?.modified ?? []) parts.set(m.originalStart, canonicalJson(m.event));
  for (const start of recurrence?.exDates ?? []) parts.set(start, 'cancelled');
  return parts;
}

/**
 * Whether writing `result` over `old` rewrites the series' pattern (its rule, zone or times): Outlook then drops every
 * exception, and each one the result keeps is written again (series-writes.ts).
 */
function rewritesPattern(old: CanonicalEvent, result: CanonicalEvent): boolean {
  return seriesParts(old).get('pattern') !== seriesParts(result).get('pattern') || !sameFields(old, result, ['timing']);
}

/**
 * Each part of the series the result changes now differs from the old base (ours, or a person's edit on top); after
 * a pattern rewrite, each exception the result keeps is there again too.
 */
function seriesLanded(old: CanonicalEvent, result: CanonicalEvent, view: CanonicalEvent): boolean {
  const before = seriesParts(old);
  const meant = seriesParts(result);
  const now = seriesParts(view);
  const rewrite = rewritesPattern(old, result);
  return [...new Set([...before.keys(), ...meant.keys()])].every((key) =>
    meant.get(key) === before.get(key) ? !rewrite || now.has(key) : now.get(key) !== before.get(key),
  );
}

/**
 * Each part of the series `view` shows is the old base's or the result's, or (after a pattern rewrite) as the rule
 * makes it: nothing but our write changed it.
 */
function seriesOnTheWay(old: CanonicalEvent, result: CanonicalEvent, view: CanonicalEvent): boolean {
  const before = seriesParts(old);
  const meant = seriesParts(result);
  const now = seriesParts(view);
  const rewrite = rewritesPattern(old, result);
  return [...new Set([...before.keys(), ...meant.keys(), ...now.keys()])].every(
    (key) => now.get(key) === before.get(key) || now.get(key) === meant.get(key) || (rewrite && !now.has(key)),
  );
}

/**
 * Whether an update landed on `side`: each written field that the result changes now differs from the old base
 * there (it holds our value, or a person changed it again on top of ours); for the recurrence, each part of it
 * (chaos c45, c66, c70: a series whose master landed and whose occurrence writes did not was taken as landed, and
 * the missing occurrences were then copied back as the side's change). A field or part still at the old base's
 * value means the write did not land.
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
  const view = representEvent(readView(side, state.event, policy, caps[side], base.snapshot), caps[side]);
  const old = representEvent(base.snapshot, caps[side]);
  const wanted = representEvent(result, caps[side]);
  const meant = diffFields(old, wanted, fields);
  return meant.every((f) =>
    f === 'recurrence' ? seriesLanded(old, wanted, view) : diffFields(old, view, [f]).length > 0,
  );
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

/**
 * The result of an intent whose writes landed only in part, to be written again: each written side shows, field by
 * field and series part by part, the old base's value or the result's (nothing but our write changed it), and each
 * side not written still shows the result. Else null (a person changed something since: planned as usual).
 * Planned against the old base, a series whose master landed (its pattern rewritten, Outlook dropping every
 * exception) and whose occurrences did not would read as changed on both sides and clash.
 */
export function unfinishedResult(
  base: BaseRecord,
  intent: WriteIntent,
  states: Record<SyncSide, SideState>,
  policy: SyncPolicy,
  caps: Capabilities,
): CanonicalEvent | null {
  const result = intent.result;
  if (result === null || Object.keys(intent.writes).length === 0) return null;
  for (const side of SYNC_SIDES) {
    const state = states[side];
    const write = intent.writes[side];
    if (state.kind !== 'present' || (write !== undefined && write.op !== 'update')) return null;
    const fields = caps[side].fields;
    const view = representEvent(readView(side, state.event, policy, caps[side], base.snapshot), caps[side]);
    const wanted = representEvent(result, caps[side]);
    if (write === undefined) {
      if (diffFields(wanted, view, fields).length > 0) return null;
      continue;
    }
    const old = representEvent(base.snapshot, caps[side]);
    const onTheWay = fields.every((f) =>
      f === 'recurrence'
        ? seriesOnTheWay(old, wanted, view)
        : diffFields(old, view, [f]).length === 0 || diffFields(wanted, view, [f]).length === 0,
    );
    if (!onTheWay) return null;
  }
  return result;
}
