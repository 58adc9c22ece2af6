/**
 * A run's summary: counts per planned action, what was applied, the errors in plain words, conflicts, the
 * invitations the plan would send, and whether the cursors moved. What the CLI, POST /admin/sync and sync_runs show.
 */
import { summarizePlan, type ActionKind, type PlanItem, type SyncPolicy } from '../core';
import type { ItemOutcome } from './outcome';

export interface RunSummary {
  mailboxId: string;
  runId: string | null;
  dryRun: boolean;
  status: 'succeeded' | 'partial' | 'failed';
  /** Why Outlook was read in full this run: first run, rolled window, expired delta link; null when incremental. */
  outlookFullRead: 'first' | 'window' | 'expired' | null;
  /** Items planned per action. */
  planned: Record<ActionKind, number>;
  /** Writes made per side and kind. */
  applied: { outlook: Record<string, number>; erp: Record<string, number> };
  errors: Array<{ key: string; mappingId: string | null; code: string; message: string }>;
  conflicts: Array<{ key: string; reason: string }>;
  problems: Array<{ key: string; reason: string }>;
  /** Mails the plan would cause (always 0 in quiet mode). */
  invitations: { outlook: number; erp: number };
  cursorsAdvanced: boolean;
  /** A failure that stopped the whole run (auth, unreachable side), in plain words. */
  fatal: string | null;
  /** That failure passes (a side unreachable or not answering in time): the queue runs the mailbox again. */
  retryable: boolean;
}

export function planSummaryFields(items: readonly PlanItem[], policy: SyncPolicy) {
  const plan = summarizePlan(items, policy.attendees);
  return { planned: plan.byAction, conflicts: plan.conflicts, problems: plan.problems, invitations: plan.invitations };
}

export function summarize(
  base: Pick<RunSummary, 'mailboxId' | 'runId' | 'dryRun' | 'outlookFullRead' | 'cursorsAdvanced'>,
  items: readonly PlanItem[],
  outcomes: readonly ItemOutcome[],
  policy: SyncPolicy,
): RunSummary {
  const applied: RunSummary['applied'] = { outlook: {}, erp: {} };
  for (const outcome of outcomes) {
    for (const effect of outcome.effects) {
      const side = applied[effect.side];
      side[effect.action] = (side[effect.action] ?? 0) + 1;
    }
  }
  const errors = outcomes.flatMap(({ plan, mappingId, failure }) =>
    failure === null ? [] : [{ key: plan.key, mappingId, code: failure.code, message: failure.message }],
  );
  const planFields = planSummaryFields(items, policy);
  return {
    ...base,
    ...planFields,
    // A held or undecidable item did not sync either: the run is partial, never "succeeded" (issue 14).
    status: errors.length === 0 && planFields.problems.length === 0 ? 'succeeded' : 'partial',
    applied,
    errors,
    fatal: null,
    retryable: false,
  };
}

/**
 * A run that planned again after stale writes: what was applied adds up, the last pass says what is left (its
 * errors, conflicts, problems, plan); the cursors advanced only if every pass recorded everything.
 */
export function mergePasses(first: RunSummary, next: RunSummary): RunSummary {
  const applied: RunSummary['applied'] = { outlook: { ...first.applied.outlook }, erp: { ...first.applied.erp } };
  for (const side of ['outlook', 'erp'] as const) {
    for (const [kind, n] of Object.entries(next.applied[side])) applied[side][kind] = (applied[side][kind] ?? 0) + n;
  }
  const notRecorded = first.errors.filter((e) => e.code === 'not_recorded');
  const errors = [...notRecorded, ...next.errors];
  const status = errors.length > 0 || !first.cursorsAdvanced ? 'partial' : next.status;
  return {
    ...next,
    outlookFullRead: first.outlookFullRead ?? next.outlookFullRead,
    applied,
    errors,
    status,
    cursorsAdvanced: first.cursorsAdvanced && next.cursorsAdvanced,
  };
}

/** One line per fact, for the CLI. */
export function formatSummary(summary: RunSummary): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k}=${n}`)
      .join(' ') || 'none';
  const lines = [
    `mailbox ${summary.mailboxId}: ${summary.status}${summary.dryRun ? ' (dry run)' : ''}`,
    `planned: ${counts(summary.planned)}`,
    `applied outlook: ${counts(summary.applied.outlook)}; erp: ${counts(summary.applied.erp)}`,
    `invitations: outlook=${summary.invitations.outlook} erp=${summary.invitations.erp}`,
    `errors: ${summary.errors.length}`,
    ...summary.errors.map((e) => `  ${e.key}: ${e.message}`),
  ];
  if (summary.fatal) lines.push(`stopped: ${summary.fatal}`);
  return lines.join('\n');
}
