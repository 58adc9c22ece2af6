/**
 * The ERP half of applying a plan: creates (idempotency key = mapping id), field updates and deletes or archives,
 * each conditional on the version this run read, quiet per policy. Each item's failure is caught into its outcome
 * (stale: the record changed since read; uncertain: the write may have landed); the run goes on.
 */
import { projectWrite, type SyncPolicy } from '../core';
import { type ErpPort, type ErpUser, isErpError } from '../erp';
import { checkLease } from './lease';
import { plainError } from './errors-in-plain-words';
import { mayHaveLanded, pick, writesTo, type ItemOutcome, type SideEffect } from './outcome';

async function applyOne(erp: ErpPort, user: ErpUser, policy: SyncPolicy, outcome: ItemOutcome): Promise<SideEffect> {
  const { plan } = outcome;
  const target = writesTo(plan, 'erp');
  const caps = plan.capabilities.erp;
  const quiet = policy.attendees === 'quiet';
  const current = plan.erp;
  const currentId = current.kind === 'present' || current.kind === 'deleted' ? current.id : null;
  // Conditional on what this run read: a record changed since is a version conflict, never overwritten or deleted.
  const expectedVersion = current.kind === 'present' ? current.stamp : undefined;
  if (target === 'delete') {
    const mode = plan.action.kind === 'deleteInErp' ? plan.action.mode : 'delete';
    await erp.deleteEvent(currentId ?? '', mode, { quiet, ...(expectedVersion ? { expectedVersion } : {}) });
    return { side: 'erp', action: mode, id: currentId ?? '', stamp: null, fields: [], before: null, after: null };
  }
  const write = projectWrite('erp', plan.result!, target!, current, policy, caps);
  if (target === 'all') {
    const needsReview = plan.action.kind === 'createInErp' && plan.action.needsReview;
    const created = await erp.createEvent(user, write.event, outcome.mappingId!, { quiet, needsReview });
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
    stamp: updated.version,
    fields: write.fields,
    before: pick(plan.views.erp, write.fields),
    after: pick(write.event, write.fields),
  };
}

/** Applies the ERP writes of `outcomes` one after the other (the ERP's own rate limits apply per call). */
export async function applyErp(
  erp: ErpPort,
  user: ErpUser,
  policy: SyncPolicy,
  outcomes: readonly ItemOutcome[],
  signal?: AbortSignal,
): Promise<void> {
  for (const outcome of outcomes) {
    if (outcome.failure || writesTo(outcome.plan, 'erp') === null) continue;
    checkLease(signal);
    try {
      outcome.effects.push(await applyOne(erp, user, policy, outcome));
    } catch (error) {
      outcome.failure = { ...plainError(error), side: 'erp' };
      if (isErpError(error, 'conflict')) outcome.stale = true;
      else if (!isErpError(error) || mayHaveLanded(error.kind)) outcome.uncertain = true;
    }
  }
}
