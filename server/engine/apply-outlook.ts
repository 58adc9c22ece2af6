/**
 * The Outlook half of applying a plan: every create, update and delete of the run in one `$batch` round (the
 * adapter chunks by 20, honours Retry-After per sub-response). Creates carry the mapping id as transactionId and
 * in our extended property, so a create retried after a lost answer finds the first event. A series carries its
 * cancelled and modified occurrences as `exceptions` (series-writes.ts); the rule is rewritten only when it changed.
 */
import { projectWrite, type CanonicalEvent, type EventField, type SyncPolicy } from '../core';
import { type SeriesExceptions, type WriteOperation, type WriteOutcome } from '../outlook';
import { plainError, plainWriteFailure } from './errors-in-plain-words';
import { keyOf, mayHaveLanded, pick, resultOf, writesTo, type ItemOutcome, type SideEffect } from './outcome';
import type { OutlookSide } from './ports';
import { exceptionsToWrite, rewritesPattern, ruleChanged } from './series-writes';

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
  // Every update and delete is conditional on the changeKey this run read: a newer edit answers 412, never lost.
  const changeKey = engine.outlookRead?.record.changeKey ?? undefined;
  if (target !== 'all' && !changeKey) throw new NotRead();
  if (target === 'delete') {
    return {
      outcome,
      operation: { kind: 'delete', key, eventId, expectedChangeKey: changeKey },
      effect: { side: 'outlook', action: 'delete', fields: [], before: null, after: null },
    };
  }
  const write = projectWrite('outlook', resultOf(item, 'outlook'), target, current, policy, item.capabilities.outlook);
  const after = pick(write.event, write.fields);
  const quiet = policy.attendees === 'quiet';
  if (target === 'all') {
    const exceptions = exceptionsToWrite(write.event, null, quiet);
    return {
      outcome,
      operation: {
        kind: 'create',
        key,
        mappingId: keyOf(outcome, 'outlook'),
        event: write.event,
        marks: { erpSync: true },
        ...(exceptions ? { exceptions } : {}),
      },
      effect: { side: 'outlook', action: 'create', fields: write.fields, before: null, after },
    };
  }
  const series = seriesUpdate(write.event, write.fields, item.views.outlook, quiet);
  return {
    outcome,
    operation: {
      kind: 'update',
      key,
      eventId,
      event: write.event,
      fields: series.fields,
      ...(series.exceptions ? { exceptions: series.exceptions } : {}),
      expectedChangeKey: changeKey,
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

/**
 * A series update: when only its occurrences changed, the master's rule is not rewritten (Exchange would drop every
 * exception) and the occurrences that differ are written alone; when the rule or the series' time moves, the
 * master is rewritten and every exception written again.
 */
function seriesUpdate(
  event: CanonicalEvent,
  fields: EventField[],
  current: CanonicalEvent | null,
  quiet: boolean,
): { fields: EventField[]; exceptions?: SeriesExceptions } {
  if (!event.recurrence || !rewritesPattern(fields)) return { fields };
  const rewrite = fields.includes('timing') || ruleChanged(event, current);
  const master = rewrite ? fields : fields.filter((f) => f !== 'recurrence');
  const exceptions = exceptionsToWrite(event, rewrite ? null : current, quiet);
  return { fields: master, ...(exceptions ? { exceptions } : {}) };
}

/** A paired Outlook event this run did not read: writing it blind could overwrite a newer edit. */
class NotRead extends Error {
  constructor() {
    super('The Outlook event was not read in this run; it is not written until it is.');
  }
}

function settle(planned: Planned, result: WriteOutcome | undefined): void {
  const { outcome, operation, effect } = planned;
  if (!result) {
    outcome.failure = {
      code: 'outlook_no_answer',
      message: 'Outlook gave no answer for this change.',
      side: 'outlook',
    };
    outcome.uncertain = true;
  } else if (!result.ok) {
    outcome.failure = { ...plainWriteFailure(result), side: 'outlook' };
    if (result.failure === 'conflict') outcome.stale = true;
    else if (mayHaveLanded(result.failure)) outcome.uncertain = true;
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
    for (const p of planned) {
      p.outcome.failure = failure;
      p.outcome.uncertain = true;
    }
    return;
  }
  planned.forEach((p, i) => settle(p, results[i]));
}
