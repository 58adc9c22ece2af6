/**
 * The dry run's report: the plan's counts, conflicts, problems and the invitations it would send, plus one line
 * per item that would change something. Built from the plan alone; nothing is written.
 */
import type { PlanItem, SyncPolicy } from '../core';
import { planSummaryFields, type RunSummary } from './summary';

export interface DryRunItem {
  key: string;
  action: PlanItem['action']['kind'];
  title: string | null;
  reason: string;
}

export interface DryRunReport extends RunSummary {
  items: DryRunItem[];
}

export function dryRunReport(
  base: Pick<RunSummary, 'mailboxId' | 'outlookFullRead'>,
  items: readonly PlanItem[],
  policy: SyncPolicy,
): DryRunReport {
  return {
    ...base,
    runId: null,
    dryRun: true,
    status: 'succeeded',
    ...planSummaryFields(items, policy),
    applied: { outlook: {}, erp: {} },
    errors: [],
    cursorsAdvanced: false,
    fatal: null,
    retryable: false,
    items: items
      .filter((i) => i.action.kind !== 'noop')
      .map((i) => ({
        key: i.key,
        action: i.action.kind,
        title: i.result?.title ?? i.views.outlook?.title ?? i.views.erp?.title ?? null,
        reason: i.reason,
      })),
  };
}
