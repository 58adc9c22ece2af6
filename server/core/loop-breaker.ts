/**
 * The loop breaker: whatever the bug that lost an event's identity, a run never makes a second copy of an event
 * that already has one. Every create the mailbox made (the audit log is the ledger) is known by its content (title,
 * start, end, rule). A create is refused, as a problem the person and the admin see, when another pairing that still
 * holds its copy made one with the same content: on the target side (it would be a second copy) or on the source
 * side (the source is our own copy under a new id, about to be copied back). Pure: the engine reads the ledger and
 * says which copies still live.
 */
import type { CanonicalEvent } from './model';
import { normalizeRrule } from './normalize';
import type { PlanItem } from './plan-types';
import { stripSubjectTag } from './side-view';
import type { SyncSide } from './state';
import { timingSpan } from './window';

/** One create of the ledger: the side written, the content key of what was written, and its pairing. */
export interface LedgerCopy {
  side: SyncSide;
  key: string;
  mappingId: string | null;
}

/** How a copy is recognised whatever ids it has: title (without the subject tag), start, end, rule. */
export function copyKey(
  event: Pick<CanonicalEvent, 'title' | 'timing' | 'recurrence'>,
  subjectTag: string,
): string | null {
  if (typeof event.title !== 'string' || !event.timing) return null;
  const span = timingSpan(event.timing);
  const rule = event.recurrence ? normalizeRrule(event.recurrence.rrule, event.timing, event.recurrence.timeZone) : '';
  return `${stripSubjectTag(event.title, subjectTag).trim().toLowerCase()}|${span.start}|${span.end}|${rule}`;
}

const LABEL: Record<SyncSide, string> = { outlook: 'Outlook', erp: 'the ERP' };

function createdOn(item: PlanItem): SyncSide | null {
  if (item.action.kind === 'createInErp') return 'erp';
  if (item.action.kind === 'createInOutlook') return 'outlook';
  return null;
}

/**
 * The plan with every create refused whose content a live copy of another pairing already has on that side.
 * `live(mappingId, side)`: that pairing still exists and holds its copy there. `released`: keys an admin let
 * through after a refusal (they create once).
 */
export function breakCopyLoops(
  plan: readonly PlanItem[],
  ledger: readonly LedgerCopy[],
  live: (mappingId: string, side: SyncSide) => boolean,
  released: ReadonlySet<string>,
  subjectTag: string,
): PlanItem[] {
  const copies = new Map<string, string[]>(); // content key -> pairings holding a copy made by us
  for (const copy of ledger) {
    if (copy.mappingId === null || !live(copy.mappingId, copy.side)) continue;
    copies.set(copy.key, [...(copies.get(copy.key) ?? []), copy.mappingId]);
  }
  return plan.map((item) => {
    const side = createdOn(item);
    if (side === null || item.result === null || released.has(item.key)) return item;
    const key = copyKey(item.result, subjectTag);
    const others = key === null ? [] : (copies.get(key) ?? []).filter((id) => id !== item.key);
    // Two creates of one content in the same run: the second is the copy too many.
    if (key !== null) copies.set(key, [...(copies.get(key) ?? []), item.key]);
    if (others.length === 0) return item;
    const reason =
      `loop breaker: ERP Sync already made a copy of "${item.result.title}" in ${LABEL[side]} for another ` +
      `event, so it did not make a second one; check both calendars, then release it in the admin view`;
    return { ...item, action: { kind: 'problem', reason, loop: { side } }, reason, result: null };
  });
}
