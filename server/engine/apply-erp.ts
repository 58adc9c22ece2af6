/**
 * The ERP half of applying a plan: creates (idempotency key = mapping id), field updates and deletes or archives,
 * each conditional on the version this run read, always quiet (the ERP never mails for a synced write). Each item's failure is caught into its outcome
 * (stale: the record changed since read; uncertain: the write may have landed); the run goes on.
 */
import { projectWrite, type SyncPolicy } from '../core';
import { type ErpPort, type ErpUser, isErpError } from '../erp';
import { checkLease } from './lease';
import { plainError } from './errors-in-plain-words';
import { keyOf, mayHaveLanded, pick, resultOf, writesTo, type ItemOutcome, type SideEffect } from './outcome';

async function applyOne(erp: ErpPort, user: ErpUser, policy: SyncPolicy, outcome: ItemOutcome): Promise<SideEffect> {
  const { plan } = outcome;
  const target = writesTo(plan, 'erp');
  if (target === null) throw new Error(`The plan writes nothing to the ERP for ${plan.key}`);
  const caps = plan.capabilities.erp;
  // Always quiet: what reaches the ERP comes from Outlook, whose organizer already mailed (or chose not to mail)
  // the attendees; the ERP mailing them too would be a second invitation or cancellation nobody asked for.
  const quiet = true;
  const current = plan.erp;
  const currentId = current.kind === 'present' || current.kind === 'deleted' ? current.id : null;
  // Conditional on what this run read: a record changed since is a version conflict, never overwritten or deleted.
  const expectedVersion = current.kind === 'present' ? current.stamp : undefined;
  if (target === 'delete') {
    const mode = plan.action.kind === 'deleteInErp' ? plan.action.mode : 'delete';
    await erp.deleteEvent(currentId ?? '', mode, { quiet, ...(expectedVersion ? { expectedVersion } : {}) });
    return { side: 'erp', action: mode, id: currentId ?? '', stamp: null, fields: [], before: null, after: null };
  }
  const write = projectWrite('erp', resultOf(plan, 'erp'), target, current, policy, caps);
  if (target === 'all') {
    const needsReview = plan.action.kind === 'createInErp' && plan.action.needsReview;
    const created = await erp.createEvent(user, write.event, keyOf(outcome, 'erp'), { quiet, needsReview });
    return {
      side: 'erp',
      action: 'create',
      id: created.id,
      stamp: created.version,
      fields: write.fields,
      before: null,
      after: pick(write.event, write.fields),
    };
  }
  const updated = await erp.updateEvent(currentId ?? '', write.event, write.fields, {
    quiet,
    ...(expectedVersion ? { expectedVersion } : {}),
  });
  return {
    side: 'erp',
    action: 'update',
    id: updated.id,
    // '' (the port's "no version"): no stamp kept, so the next run compares the record field by field.
    stamp: updated.version || null,
    fields: write.fields,
    before: pick(plan.views.erp, write.fields),
    after: pick(write.event, write.fields),
  };
}

function fail(outcome: ItemOutcome, error: unknown): void {
  outcome.failure = { ...plainError(error), side: 'erp' };
  if (isErpError(error, 'conflict')) outcome.stale = true;
  else if (!isErpError(error) || mayHaveLanded(error.kind)) outcome.uncertain = true;
}

/**
 * Creates per bulk call: the lease is checked between them, and a lost answer leaves at most this many uncertain
 * (each found again by its idempotency key on the next run, never created twice). Each bulk call looks up the
 * references and reads back what it made once, so fewer, larger calls cost fewer ERP round trips (the Odoo port
 * still sends its `load`s in chunks of bulk-create.ts LOAD_CHUNK rows).
 */
export const CREATE_BATCH = 2000;

/** Creates in lists through the port's bulk create (one ERP round for many events instead of one per event). */
async function applyCreates(
  createEvents: NonNullable<ErpPort['createEvents']>,
  user: ErpUser,
  policy: SyncPolicy,
  creates: readonly ItemOutcome[],
  signal?: AbortSignal,
): Promise<void> {
  const quiet = policy.attendees === 'quiet';
  for (let i = 0; i < creates.length; i += CREATE_BATCH) {
    checkLease(signal);
    const batch = creates.slice(i, i + CREATE_BATCH);
    const writes = batch.map((outcome) => ({
      outcome,
      write: projectWrite(
        'erp',
        resultOf(outcome.plan, 'erp'),
        'all',
        outcome.plan.erp,
        policy,
        outcome.plan.capabilities.erp,
      ),
    }));
    const items = writes.map(({ outcome, write }) => ({
      event: write.event,
      idempotencyKey: keyOf(outcome, 'erp'),
      needsReview: outcome.plan.action.kind === 'createInErp' && outcome.plan.action.needsReview,
    }));
    try {
      const results = await createEvents(user, items, { quiet });
      writes.forEach(({ outcome, write }, j) => {
        const result = results[j];
        if (!result) return fail(outcome, new Error('The ERP answered fewer results than creates asked'));
        if (!result.ok) return fail(outcome, result.error);
        outcome.effects.push({
          side: 'erp',
          action: 'create',
          id: result.record.id,
          stamp: result.record.version,
          fields: write.fields,
          before: null,
          after: pick(write.event, write.fields),
        });
      });
    } catch (error) {
      for (const outcome of batch) fail(outcome, error);
    }
  }
}

/**
 * Applies the ERP writes of `outcomes`: creates in lists when the ERP offers a bulk create, everything else one
 * after the other (the ERP's own rate limits apply per call).
 */
export async function applyErp(
  erp: ErpPort,
  user: ErpUser,
  policy: SyncPolicy,
  outcomes: readonly ItemOutcome[],
  signal?: AbortSignal,
): Promise<void> {
  const pending = outcomes.filter((o) => !o.failure && writesTo(o.plan, 'erp') !== null);
  const createEvents = erp.createEvents?.bind(erp);
  const bulk = createEvents ? pending.filter((o) => writesTo(o.plan, 'erp') === 'all') : [];
  if (createEvents && bulk.length > 1) await applyCreates(createEvents, user, policy, bulk, signal);
  const inBulk = new Set(bulk.length > 1 ? bulk : []);
  for (const outcome of pending) {
    if (inBulk.has(outcome)) continue;
    checkLease(signal);
    try {
      outcome.effects.push(await applyOne(erp, user, policy, outcome));
    } catch (error) {
      fail(outcome, error);
    }
  }
}
