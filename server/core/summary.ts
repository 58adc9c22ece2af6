/**
 * A plan summarised for a dry run and for the admin view: counts per action, the conflicts and problems, and the
 * invitation mails the plan WOULD cause given the attendee policy. Counting only; nothing here decides.
 */
import type { CanonicalEvent, EventField } from './model';
import { normalizeAttendees } from './normalize';
import type { ActionKind, PlanItem } from './plan-types';
import type { SyncSide } from './state';
import type { AttendeePolicy } from './sync-policy';

/** What a dry run shows before anything is written. */
export interface PlanSummary {
  total: number;
  byAction: Record<ActionKind, number>;
  conflicts: Array<{ key: string; reason: string }>;
  problems: Array<{ key: string; reason: string }>;
  /** Mails (invitations, updates, cancellations) each side would send to attendees; always 0 in quiet mode. */
  invitations: Record<SyncSide, number>;
}

const ACTION_KINDS: readonly ActionKind[] = [
  'noop',
  'createInErp',
  'createInOutlook',
  'updateErp',
  'updateOutlook',
  'mergeFields',
  'deleteInErp',
  'deleteInOutlook',
  'unlink',
  'optOut',
  'conflict',
  'baseOnly',
  'problem',
];

/** Fields whose change makes a calendar send an update to every attendee of a meeting. */
const NOTIFYING: readonly EventField[] = ['timing', 'location', 'recurrence', 'title'];

function emails(event: CanonicalEvent | null): string[] {
  return event === null
    ? []
    : normalizeAttendees(event.attendees)
        .filter((a) => a.response !== 'organizer')
        .map((a) => a.email);
}

/** Mails one update of `fields` on `side` would send: new attendees are invited, a notifying change tells everyone. */
function updateMails(item: PlanItem, side: SyncSide, fields: readonly EventField[]): number {
  const after = emails(item.result);
  if (fields.some((f) => NOTIFYING.includes(f))) return after.length;
  if (!fields.includes('attendees')) return 0;
  const before = new Set(emails(item.views[side]));
  return after.filter((e) => !before.has(e)).length;
}

/** Mails an item's action would send per side, under `attendees` policy. */
export function invitationsFor(item: PlanItem, attendees: AttendeePolicy): Record<SyncSide, number> {
  const mails = { outlook: 0, erp: 0 };
  if (attendees === 'quiet') return mails;
  const a = item.action;
  if (a.kind === 'createInOutlook') mails.outlook = emails(item.result).length;
  if (a.kind === 'createInErp') mails.erp = emails(item.result).length;
  if (a.kind === 'updateOutlook') mails.outlook = updateMails(item, 'outlook', a.fields);
  if (a.kind === 'updateErp') mails.erp = updateMails(item, 'erp', a.fields);
  if (a.kind === 'mergeFields') {
    mails.outlook = updateMails(item, 'outlook', a.toOutlook);
    mails.erp = updateMails(item, 'erp', a.toErp);
  }
  if (a.kind === 'deleteInOutlook') mails.outlook = emails(item.views.outlook).length;
  if (a.kind === 'deleteInErp' && a.mode === 'delete') mails.erp = emails(item.views.erp).length;
  return mails;
}

/** The summary of a plan. */
export function summarizePlan(items: readonly PlanItem[], attendees: AttendeePolicy): PlanSummary {
  // Cast: fromEntries over ACTION_KINDS gives every ActionKind its 0.
  const byAction = Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>;
  const summary: PlanSummary = {
    total: items.length,
    byAction,
    conflicts: [],
    problems: [],
    invitations: { outlook: 0, erp: 0 },
  };
  for (const item of items) {
    byAction[item.action.kind] += 1;
    if (item.action.kind === 'conflict') summary.conflicts.push({ key: item.key, reason: item.reason });
    if (item.action.kind === 'problem') summary.problems.push({ key: item.key, reason: item.action.reason });
    const mails = invitationsFor(item, attendees);
    summary.invitations.outlook += mails.outlook;
    summary.invitations.erp += mails.erp;
  }
  return summary;
}
