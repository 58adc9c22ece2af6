/**
 * The Outlook half of applying a plan: every create, update and delete of the run in one `$batch` round (the
 * adapter chunks by 20, honours Retry-After per sub-response). Creates carry the mapping id as transactionId and
 * in our extended property, so a create retried after a lost answer finds the first event.
 */
import { projectWrite, type SyncPolicy } from '../core';
import type { WriteOperation, WriteOutcome } from '../outlook';
import { plainError, plainWriteFailure } from './errors-in-plain-words';
import { pick, writesTo, type ItemOutcome, type SideEffect } from './outcome';
import type { OutlookSide } from './ports';

interface Planned {
  outcome: ItemOutcome;
  operation: WriteOperation;
  effect: Omit<SideEffect, 'id' | 'stamp'>;
}

function plan(outcome: ItemOutcome, key: string, policy: SyncPolicy): Planned | null {
  const { plan: item, engine } = outcome;
  const target = writesTo(item, 'outlook');
  if (target === null) return null;
  const current = item.outlook;
  const eventId = current.kind === 'present' || current.kind === 'deleted' ? current.id : '';
  const changeKey = engine.outlookRead?.record.changeKey ?? undefined;
  if (target === 'delete') {
    return {
      outcome,
      operation: { kind: 'delete', key, eventId },
      effect: { side: 'outlook', action: 'delete', fields: [], before: null, after: null },
    };
  }
  const write = projectWrite('outlook', item.result!, target, current, policy, item.capabilities.outlook);
  const after = pick(write.event, write.fields);
  if (target === 'all') {
    return {
      outcome,
      operation: { kind: 'create', key, mappingId: outcome.mappingId!, event: write.event, marks: { erpSync: true } },
      effect: { side: 'outlook', action: 'create', fields: write.fields, before: null, after },
    };
  }
  return {
    outcome,
    operation: {
      kind: 'update',
      key,
      eventId,
      event: write.event,
      fields: write.fields,
      ...(changeKey ? { expectedChangeKey: changeKey } : {}),
    },
    effect: {
      side: 'outlook',
      action: 'update',
      fields: write.fields,
      before: pick(item.views.outlook, write.fields),
      after,
    },
  };
}

function settle(planned: Planned, result: WriteOutcome | undefined): void {
  const { outcome, operation, effect } = planned;
  if (!result) {
    outcome.failure = {
      code: 'outlook_no_answer',
      message: 'Outlook gave no answer for this change.',
      side: 'outlook',
    };
  } else if (!result.ok) {
    outcome.failure = { ...plainWriteFailure(result), side: 'outlook' };
  } else if (result.kind === 'deleted') {
    outcome.effects.push({ ...effect, id: operation.kind === 'delete' ? operation.eventId : '', stamp: null });
  } else {
    outcome.effects.push({ ...effect, id: result.id, stamp: result.changeKey, iCalUId: result.iCalUId });
  }
}

/** Applies the Outlook writes of `outcomes` whose ERP half (if any) succeeded. */
export async function applyOutlook(
  outlook: OutlookSide,
  policy: SyncPolicy,
  outcomes: readonly ItemOutcome[],
): Promise<void> {
  const planned: Planned[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.failure) return;
    try {
      const p = plan(outcome, String(i), policy);
      if (p) planned.push(p);
    } catch (error) {
      outcome.failure = { ...plainError(error), side: 'outlook' };
    }
  });
  if (planned.length === 0) return;
  let results: WriteOutcome[];
  try {
    results = await outlook.applyWrites(planned.map((p) => p.operation));
  } catch (error) {
    const failure = { ...plainError(error), side: 'outlook' as const };
    for (const p of planned) p.outcome.failure = failure;
    return;
  }
  planned.forEach((p, i) => settle(p, results[i]));
}
