/**
 * Which events are in the sync scope: Outlook events marked by any of our four marks (or all, by policy), and
 * ERP events that belong to the mailbox's ERP user, optionally narrowed by a tag or an e-mail domain.
 */
import { hasSubjectTag } from './side-view';
import type { MarkingPolicy, SyncPolicy } from './sync-policy';

/** What the Outlook adapter (or the add-in) knows about an event's marks. */
export interface OutlookMarkFacts {
  /** Value of our extended property (`String {GUID} Name erpSync`), absent when the event has none. */
  extendedPropertyValue?: string | null;
  categories: readonly string[];
  /** The add-in's custom properties (Office.js loadCustomPropertiesAsync), when loaded. */
  customProperties?: Readonly<Record<string, unknown>>;
  subject: string;
}

/** The four ways an Outlook event can be marked for sync. */
export type MarkSource = 'extendedProperty' | 'category' | 'customProperty' | 'subjectTag';

/** Which mark made the event sync (the pane shows it), or null when unmarked. */
export interface MarkVerdict {
  marked: boolean;
  by: MarkSource | null;
}

/** Explicit "off" values: an event once marked and then unmarked keeps the property with one of these. */
function isOn(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  const text = String(value).trim().toLowerCase();
  return text !== '' && text !== '0' && text !== 'false' && text !== 'no' && text !== 'off';
}

/** The switch set to an explicit "off" value (not merely absent). */
function switchedOff(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && value.trim() !== '' && !isOn(value);
}

/**
 * Whether an Outlook event is marked for sync, checking the marks in a fixed order. The pane's switch turned off
 * (our property with an explicit off value) wins over every other mark: the person said "do not sync this".
 */
export function isMarkedForSync(facts: OutlookMarkFacts, marking: MarkingPolicy): MarkVerdict {
  if (isOn(facts.extendedPropertyValue)) return { marked: true, by: 'extendedProperty' };
  if (switchedOff(facts.extendedPropertyValue)) return { marked: false, by: null };
  const category = marking.category.trim().toLowerCase();
  if (category !== '' && facts.categories.some((c) => c.trim().toLowerCase() === category)) {
    return { marked: true, by: 'category' };
  }
  if (marking.customProperty !== '' && isOn(facts.customProperties?.[marking.customProperty])) {
    return { marked: true, by: 'customProperty' };
  }
  if (hasSubjectTag(facts.subject, marking.subjectTag)) return { marked: true, by: 'subjectTag' };
  return { marked: false, by: null };
}

/** Scope for an Outlook event not yet paired: marked, or anything when the policy's scope is `all`. */
export function outlookInScope(facts: OutlookMarkFacts, policy: SyncPolicy): boolean {
  if (switchedOff(facts.extendedPropertyValue)) return false;
  return policy.scope === 'all' || isMarkedForSync(facts, policy.marking).marked;
}

/** What the ERP adapter knows about whose an ERP event is. */
export interface ErpOwnershipFacts {
  organizerEmail: string | null;
  attendeeEmails: readonly string[];
  /** The ERP's tags (Odoo `categ_ids` names). */
  tags: readonly string[];
}

function domainOf(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/**
 * Whether an ERP event belongs to the mailbox's ERP user (organizer or attendee, by e-mail), narrowed by the
 * policy's tag and e-mail domain (some attendee or the organizer at that domain) when those are set.
 */
export function erpEventBelongs(facts: ErpOwnershipFacts, user: { email: string }, policy: SyncPolicy): boolean {
  const me = user.email.trim().toLowerCase();
  const people = [facts.organizerEmail ?? '', ...facts.attendeeEmails]
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  if (me === '' || !people.includes(me)) return false;
  const tag = policy.erpScope.tag.trim().toLowerCase();
  if (tag !== '' && !facts.tags.some((t) => t.trim().toLowerCase() === tag)) return false;
  const domain = policy.erpScope.emailDomain.trim().toLowerCase().replace(/^@/, '');
  return domain === '' || people.some((e) => domainOf(e) === domain);
}
