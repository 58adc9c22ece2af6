/**
 * Recording: pending mapping rows inserted before any remote create (so a lost answer is found again by mapping
 * id), and each item's result written in one store transaction: the mapping (new base, stamps, status, error in
 * plain words) and one audit entry per write, naming the rule that decided.
 */
import {
  canonicalJson,
  fingerprint,
  intentOf,
  type CanonicalEvent,
  type IntendedWrite,
  type PlanItem,
  type SideState,
  type SyncSide,
  otherSide,
  type WriteIntent,
} from '../core';
import type { AuditEntryInput, Mapping, MappingPatch, MappingUpdate, NewMapping, StoreRepositories } from '../store';
import { LOOP_BREAKER_CODE } from './loop-guard';
import { writesTo, type ItemOutcome, type SideEffect } from './outcome';
import type { EngineItem } from './pair';

export interface RecordContext {
  mailboxId: string;
  runId: string;
  /** The ERP model name mapping rows carry (the ERP port's kind). */
  erpModel: string;
  now: string;
  workerId: string | null;
}

function intendedOn(plan: PlanItem, side: SyncSide): IntendedWrite | undefined {
  const target = writesTo(plan, side);
  if (target === null) return undefined;
  if (target === 'all') return { op: 'create' };
  if (target === 'delete') return { op: 'delete' };
  return { op: 'update', fields: target };
}

/** What the item is about to write, recorded before the write (null: it writes nothing). */
export function intentFor(plan: PlanItem, ctx: RecordContext): WriteIntent | null {
  const writes: WriteIntent['writes'] = {};
  for (const side of ['outlook', 'erp'] as const) {
    const write = intendedOn(plan, side);
    if (write) writes[side] = write;
  }
  return intentOf(plan, writes, ctx.runId, ctx.now);
}

/**
 * What recording an item's intent asks of the store before any remote write: a new `pending` row (`insert`), the
 * intent on its existing row (`update`), or nothing; `id` is the mapping id the item is known by (null: none).
 */
export type PendingWrite =
  | { kind: 'insert'; row: NewMapping }
  | { kind: 'update'; id: string; intent: WriteIntent }
  | { kind: 'none'; id: string | null };

export function pendingWrite(ctx: RecordContext, engine: EngineItem, plan: PlanItem): PendingWrite {
  const intent = intentFor(plan, ctx);
  if (engine.duplicateOf) return { kind: 'none', id: null }; // a duplicate of ours gets no row: it is never paired
  if (engine.mapping) {
    return intent !== null
      ? { kind: 'update', id: engine.mapping.id, intent }
      : { kind: 'none', id: engine.mapping.id };
  }
  if (plan.action.kind === 'noop') return { kind: 'none', id: null };
  const o = engine.outlookRead;
  const e = engine.erpRead;
  return {
    kind: 'insert',
    row: {
      mailboxId: ctx.mailboxId,
      origin: o ? 'outlook' : 'erp',
      status: 'pending',
      outlookId: o?.id ?? null,
      outlookIcalUid: o?.record.iCalUId ?? null,
      erpModel: e ? ctx.erpModel : null,
      erpId: e?.id ?? null,
      marked: plan.outlook.kind === 'present' && plan.outlook.inScope === true,
      intent,
    },
  };
}

/**
 * Inserts a `pending` row for every new key that will be written or remembered, and records each item's intent on
 * its row before any remote write, in the caller's transaction (new rows in one insert, intents in one update);
 * answers the mapping ids.
 */
export async function applyPending(
  tx: StoreRepositories,
  ctx: RecordContext,
  writes: readonly PendingWrite[],
): Promise<Array<string | null>> {
  const rows = writes.flatMap((w) => (w.kind === 'insert' ? [w.row] : []));
  const inserted = await tx.mappings.insertMany(rows);
  await tx.mappings.updateMany(
    ctx.mailboxId,
    writes.flatMap((w) => (w.kind === 'update' ? [{ id: w.id, patch: { intent: w.intent } }] : [])),
  );
  let next = 0;
  const ids: Array<string | null> = [];
  for (const write of writes) {
    if (write.kind === 'insert') {
      const id = inserted[next++];
      if (id === undefined) throw new Error(`insertMany answered ${inserted.length} ids for ${rows.length}`);
      ids.push(id);
    } else ids.push(write.id);
  }
  return ids;
}

function stampOf(state: SideState, effect: SideEffect | undefined, fallback: string | null): string | null {
  if (effect) return effect.stamp;
  return state.kind === 'present' ? state.stamp : fallback;
}

function idOf(state: SideState, effect: SideEffect | undefined, fallback: string | null): string | null {
  if (effect) return effect.id;
  return state.kind === 'present' ? state.id : fallback;
}

/**
 * The ids a conflict row follows: a side that replaced the paired record this run (Odoo makes a new recurrence when a
 * whole series moves) reports the replacement once, so a row left on the old id reads as deleted on the next run and
 * the person's answer to the conflict is lost. The replacement's stamp is not the base's: it is compared field by
 * field (no stamp), as adopt.ts does for a re-keyed side.
 */
function followedIds(plan: PlanItem, ctx: RecordContext, mapping: Mapping | null): MappingPatch {
  const { erp, outlook } = plan;
  return {
    ...(erp.kind === 'present' && erp.id !== mapping?.erpId
      ? { erpId: erp.id, erpModel: ctx.erpModel, erpVersion: null }
      : {}),
    ...(outlook.kind === 'present' && outlook.id !== mapping?.outlookId
      ? { outlookId: outlook.id, outlookChangeKey: null }
      : {}),
  };
}

function syncedPatch(
  outcome: ItemOutcome,
  result: CanonicalEvent,
  ctx: RecordContext,
  mapping: Mapping | null,
): MappingPatch {
  const { plan, engine } = outcome;
  const o = outcome.effects.find((e) => e.side === 'outlook');
  const e = outcome.effects.find((x) => x.side === 'erp');
  const review = plan.action.kind === 'createInErp' && plan.action.needsReview;
  const erpId = idOf(plan.erp, e, mapping?.erpId ?? null);
  return {
    outlookId: idOf(plan.outlook, o, mapping?.outlookId ?? null),
    outlookIcalUid: o?.iCalUId ?? engine.outlookRead?.record.iCalUId ?? mapping?.outlookIcalUid ?? null,
    outlookChangeKey: stampOf(plan.outlook, o, mapping?.outlookChangeKey ?? null),
    erpModel: erpId === null ? null : ctx.erpModel,
    erpId,
    erpVersion: stampOf(plan.erp, e, mapping?.erpVersion ?? null),
    base: result,
    baseFingerprint: fingerprint(result),
    status: review ? 'needs_review' : 'synced',
    // Paired and syncing means marked (an ERP-made copy carries erpSync); an unmarked event is opted out instead.
    marked: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    conflict: null,
    resolution: null,
    intent: null,
    lastSyncedAt: ctx.now,
  };
}

/** The same conflict (or problem) as recorded already: not audited again on every poll. */
function alreadyRecorded(outcome: ItemOutcome): boolean {
  const mapping = outcome.engine.mapping;
  const action = outcome.plan.action;
  if (!mapping || outcome.failure) return false;
  if (action.kind === 'conflict')
    return mapping.status === 'conflict' && asStored(mapping.conflict) === asStored(action.conflict);
  if (action.kind === 'problem') return mapping.status === 'error' && mapping.lastErrorMessage === action.reason;
  return false;
}

/** A value as the store holds it (JSON: undefined members dropped), for comparing with what it recorded. */
function asStored(value: unknown): string {
  return canonicalJson(JSON.parse(JSON.stringify(value ?? null)));
}

function audit(ctx: RecordContext, outcome: ItemOutcome): AuditEntryInput[] {
  const entries: AuditEntryInput[] = outcome.effects.map((effect) => ({
    mailboxId: ctx.mailboxId,
    mappingId: outcome.mappingId,
    runId: ctx.runId,
    at: ctx.now,
    side: effect.side,
    action: effect.action,
    fields: effect.fields,
    before: effect.before,
    after: effect.after,
    rule: outcome.plan.reason,
    workerId: ctx.workerId,
  }));
  const kind = outcome.plan.action.kind;
  const noted = ['conflict', 'problem', 'unlink', 'baseOnly'].includes(kind) ? kind : null;
  const marking = kind === 'optOut' ? 'unmarked' : outcome.engine.remarked ? 'remarked' : null;
  const note = outcome.failure ? 'error' : (marking ?? noted);
  if (note !== null && !alreadyRecorded(outcome)) {
    entries.push({
      mailboxId: ctx.mailboxId,
      mappingId: outcome.mappingId,
      runId: ctx.runId,
      at: ctx.now,
      side: outcome.failure?.side ?? (marking ? 'outlook' : 'base'),
      action: note,
      fields: [],
      before: null,
      after: outcome.failure ? { code: outcome.failure.code, message: outcome.failure.message } : null,
      rule: outcome.plan.reason,
      workerId: ctx.workerId,
    });
  }
  return entries;
}

/**
 * A delete-versus-edit conflict whose Outlook item is gone has no pane to show it in: it is a mailbox condition for
 * the admin view (keep: the edited ERP record is copied back to Outlook; delete: the deletion goes through).
 */
async function reflectDeleteConflict(
  tx: StoreRepositories,
  ctx: RecordContext,
  outcome: ItemOutcome,
  mappingId: string,
): Promise<void> {
  const action = outcome.plan.action;
  const conflict = action.kind === 'conflict' ? action.conflict : null;
  const had = outcome.engine.mapping?.status === 'conflict';
  if (conflict?.kind === 'deleteVsChange' && conflict.deletedOn === 'outlook') {
    if (alreadyRecorded(outcome)) return;
    const title = outcome.plan.views.erp?.title ?? outcome.plan.base?.snapshot.title ?? '';
    await tx.conditions.raise(ctx.mailboxId, {
      kind: 'delete_conflict',
      key: mappingId,
      reason: `"${title}" was deleted in Outlook but changed in the ERP since; nothing was deleted or copied back.`,
      details: { mappingId, title, deletedOn: 'outlook', changedFields: conflict.changedFields },
      clearedBy: 'admin',
      action: 'Choose in the admin view: keep the ERP record (it is copied back to Outlook) or delete it.',
    });
  } else if (had) {
    await tx.conditions.clear(ctx.mailboxId, 'delete_conflict', mappingId);
  }
}

/**
 * Writes many items' results in the caller's transaction: their audit entries in one append (in the items' order),
 * each item's deletes and conditions, then the rows' patches in one update (a first sync records thousands; one
 * statement per row was most of its recording time).
 */
export async function recordOutcomes(
  tx: StoreRepositories,
  ctx: RecordContext,
  outcomes: readonly ItemOutcome[],
): Promise<void> {
  await tx.audit.append(outcomes.flatMap((outcome) => audit(ctx, outcome)));
  const updates: MappingUpdate[] = [];
  for (const outcome of outcomes) await recordMapping(tx, ctx, outcome, updates);
  await tx.mappings.updateMany(ctx.mailboxId, updates);
}

/**
 * Records one item: its mapping row's patch goes into `updates` (recordOutcomes writes them together); deletes and
 * conditions are written at once. Its audit entries are recordOutcomes'.
 */
async function recordMapping(
  tx: StoreRepositories,
  ctx: RecordContext,
  outcome: ItemOutcome,
  updates: MappingUpdate[],
): Promise<void> {
  const patch = (id: string, values: MappingPatch): void => void updates.push({ id, patch: values });
  const { plan, mappingId } = outcome;
  if (mappingId === null) return;
  const mapping = outcome.engine.mapping;
  const action = plan.action;
  if (outcome.stale) {
    // Changed since read: nothing was written on that side; the item is read and planned again.
    patch(mappingId, { intent: null });
  } else if (outcome.failure) {
    patch(mappingId, {
      status: 'error',
      lastErrorCode: outcome.failure.code,
      lastErrorMessage: outcome.failure.message,
      // A write that may have landed keeps its intent: the next run checks what each side holds.
      ...(outcome.uncertain ? {} : { intent: null }),
    });
  } else if (action.kind === 'optOut') {
    // Sync stops; both ids stay known, so neither copy looks new. A deleted ERP copy is forgotten: marking the event
    // again starts a new pairing from Outlook's version.
    const forget = action.deleteErp
      ? { erpId: null, erpModel: null, erpVersion: null, base: null, baseFingerprint: null }
      : {};
    patch(mappingId, {
      status: 'not_tracked',
      marked: false,
      intent: null,
      ...forget,
    });
  } else if (action.kind === 'deleteInErp' || action.kind === 'deleteInOutlook' || action.kind === 'unlink') {
    await tx.mappings.delete(ctx.mailboxId, mappingId);
    if (mapping?.status === 'conflict') await tx.conditions.clear(ctx.mailboxId, 'delete_conflict', mappingId);
  } else if (action.kind === 'conflict') {
    // Choices made for another conflict are stale: the person is asked again.
    const same = alreadyRecorded(outcome);
    patch(mappingId, {
      status: 'conflict',
      conflict: action.conflict,
      ...(same ? {} : { resolution: null }),
      intent: null,
      ...followedIds(plan, ctx, mapping),
    });
    await reflectDeleteConflict(tx, ctx, outcome, mappingId);
  } else if (action.kind === 'problem') {
    patch(mappingId, {
      status: 'error',
      lastErrorCode: action.loop ? LOOP_BREAKER_CODE : 'problem',
      lastErrorMessage: action.reason,
      intent: null,
    });
    if (action.loop) {
      const title = outcome.plan.views[otherSide(action.loop.side)]?.title ?? null;
      await tx.conditions.raise(ctx.mailboxId, {
        kind: 'loop_breaker',
        key: mappingId,
        reason: action.reason,
        details: { side: action.loop.side, title },
      });
    }
  } else if (action.kind !== 'noop' && plan.result !== null) {
    patch(mappingId, syncedPatch(outcome, plan.result, ctx, mapping));
    if (mapping?.status === 'conflict') await tx.conditions.clear(ctx.mailboxId, 'delete_conflict', mappingId);
    if (mapping?.lastErrorCode === LOOP_BREAKER_CODE)
      await tx.conditions.clear(ctx.mailboxId, 'loop_breaker', mappingId);
  } else if (mapping?.intent) {
    patch(mappingId, { intent: null });
  }
}
