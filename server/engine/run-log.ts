/**
 * The log lines of one sync run: one line per run (counts and duration), and one line per event that failed, with
 * its cause in plain words, the Graph request ids or the ERP's error, and the ids to find it. An event that fails the
 * same way (same code) as on its last run, the retry of an unchanged failure, is logged at debug, so each failure reads once.
 */
import type { ItemOutcome } from './outcome';
import type { EngineLogger } from './ports';
import type { RunSummary } from './summary';

export interface RunLogHead {
  mailboxId: string;
  runId: string;
  trigger: string;
}

/**
 * Whether the row already holds this failure: its previous run failed with the same code (the words may differ in
 * a detail, such as the write's place in its batch).
 */
function repeated(outcome: ItemOutcome): boolean {
  const mapping = outcome.engine.mapping;
  const failure = outcome.failure;
  return !!mapping && !!failure && mapping.status === 'error' && mapping.lastErrorCode === failure.code;
}

/** One line per failed event of the run. */
export function logFailures(logger: EngineLogger, head: RunLogHead, failed: readonly ItemOutcome[]): void {
  for (const outcome of failed) {
    const failure = outcome.failure;
    if (!failure) continue;
    const { engine } = outcome;
    const line = {
      mailboxId: head.mailboxId,
      runId: head.runId,
      eventKey: outcome.plan.key,
      mappingId: outcome.mappingId,
      outlookEventId: engine.outlookRead?.id ?? engine.mapping?.outlookId ?? null,
      erpRecordId: engine.erpRead?.id ?? engine.mapping?.erpId ?? null,
      side: failure.side,
      code: failure.code,
      ...(failure.trace ?? {}),
    };
    if (repeated(outcome)) logger.debug?.({ ...line, repeated: true }, `event still not synced: ${failure.message}`);
    else logger.warn(line, `event not synced: ${failure.message}`);
  }
}

/** Writes made per kind, both sides together. */
function applied(summary: RunSummary, ...kinds: string[]): number {
  let total = 0;
  for (const side of [summary.applied.outlook, summary.applied.erp]) {
    for (const kind of kinds) total += side[kind] ?? 0;
  }
  return total;
}

/** The run's one line: what it did, in counts, and how long it took. */
export function logRun(logger: EngineLogger, head: RunLogHead, summary: RunSummary, durationMs: number): void {
  const counts = {
    created: applied(summary, 'create'),
    updated: applied(summary, 'update'),
    deleted: applied(summary, 'delete', 'archive'),
    conflicts: summary.conflicts.length,
    failed: summary.errors.length,
  };
  const line = { ...head, status: summary.status, ...counts, durationMs: Math.round(durationMs) };
  const words =
    `sync ${summary.status}: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted, ` +
    `${counts.conflicts} conflicts, ${counts.failed} failed in ${line.durationMs} ms`;
  const stopped = summary.fatal ? ` (stopped: ${summary.fatal})` : '';
  if (summary.status === 'failed') logger.error(line, `${words}${stopped}`);
  else logger.info(line, words);
}
