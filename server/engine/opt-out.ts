/**
 * Opt-out by marks (issue 13.4): a paired Outlook event that lost every mark (the switch's erpSync property, the
 * category, the subject tag, the add-in's custom property) stops syncing: its pairing goes `not_tracked`, keeping both
 * ids, and the ERP copy of an Outlook-made event is deleted when the tenant's `optOut` policy says so (else kept).
 * Marking it again resumes from Outlook's version. Only under scope `marked`: with scope `all` every event is in
 * scope and only the pane's switch opts out. Pure.
 */
import { isMarkedForSync, type PlanItem, type SyncPolicy } from '../core';
import type { Mapping } from '../store';
import type { EngineItem } from './pair';
import type { OutlookRead } from './read-outlook';

/** Whether the Outlook event carries any of our marks. */
export function carriesMark(read: OutlookRead, policy: SyncPolicy): boolean {
  const { record } = read;
  return isMarkedForSync(
    {
      extendedPropertyValue: record.marks.erpSyncValue,
      categories: record.categories,
      subject: record.subject,
      ...(record.marks.customProperties ? { customProperties: record.marks.customProperties } : {}),
    },
    policy.marking,
  ).marked;
}

/** A paired event read this run that lost every mark (marks decide only under scope `marked`). */
export function lostMarks(read: OutlookRead | null, policy: SyncPolicy): boolean {
  return policy.scope === 'marked' && read !== null && read.event.ok && !carriesMark(read, policy);
}

/** An opted-out pairing whose Outlook event (read this run) is marked again. */
export function markedAgain(mapping: Mapping, read: OutlookRead | undefined, policy: SyncPolicy): boolean {
  return (
    mapping.status === 'not_tracked' && policy.scope === 'marked' && read !== undefined && carriesMark(read, policy)
  );
}

/** The plan with each unmarked pairing's action replaced by the opt-out. */
export function applyOptOuts(plan: readonly PlanItem[], items: readonly EngineItem[], policy: SyncPolicy): PlanItem[] {
  const byKey = new Map(items.map((e) => [e.item.key, e]));
  return plan.map((p) => {
    const engine = byKey.get(p.key);
    if (!engine?.unmarked || engine.mapping === null) return p;
    const erpCopy = engine.mapping.origin === 'outlook' && engine.mapping.erpId !== null && p.erp.kind === 'present';
    const deleteErp = policy.optOut === 'delete' && erpCopy;
    const reason = deleteErp
      ? 'unmarked in Outlook: sync stopped and its ERP copy deleted (opt-out policy: delete)'
      : 'unmarked in Outlook: sync stopped, the ERP record is kept (opt-out policy: keep)';
    return { ...p, action: { kind: 'optOut', deleteErp }, reason, result: null };
  });
}
