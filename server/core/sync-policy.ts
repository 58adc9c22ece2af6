/**
 * The tenant's sync choices as one plain value, with the defaults the product ships. Types and defaults only;
 * policy.ts applies them to a plan, marking.ts and window.ts use their parts.
 */
import { DEFAULT_CUSTOMER_DETAILS, type CustomerDetailsPolicy } from './customer-details';

/** Which way changes flow. A one-way sync treats the source as the truth (see policy.ts). */
export type SyncDirection = 'twoWay' | 'outlookToErp' | 'erpToOutlook';

/** Who wins when the same field changed differently on both sides; `ask` keeps the conflict for the pane. */
export type ConflictPolicy = 'outlook' | 'erp' | 'latest' | 'ask';

/** What a delete on one side does to the other: delete it, only forget the pairing, or archive the ERP record. */
export type DeletePolicy = 'propagate' | 'unlink' | 'archive';

/** What unmarking an Outlook-made event does to its ERP copy: keep it (unlinked, the default) or delete it. */
export type OptOutPolicy = 'keep' | 'delete';

/** `quiet`: attendees travel as text in the body and no write ever carries attendees; `full`: they are synced. */
export type AttendeePolicy = 'quiet' | 'full';

/** Either days around now, or "from now until N days ahead" (System Five's "next two weeks"). */
export type WindowPolicy = { kind: 'days'; back: number; ahead: number } | { kind: 'upcoming'; days: number };

/** How an Outlook event is marked for sync; any one mark is enough. Empty strings switch a mark off. */
export interface MarkingPolicy {
  /** Category that marks an event (compared case-insensitively). Default "ERP". */
  category: string;
  /** Text in the subject that marks an event (case-insensitive). Default "[sync]". */
  subjectTag: string;
  /** Name of the add-in custom property that marks an event. Default "erpSync". */
  customProperty: string;
}

/** Narrows which of the user's ERP events sync. */
export interface ErpScopePolicy {
  /** Only ERP events carrying this tag (category) sync; empty: all of the user's events. */
  tag: string;
  /** Only ERP events with at least one attendee (or organizer) at this e-mail domain sync; empty: no narrowing. */
  emailDomain: string;
}

/** Refuse to propagate deletes when one side lost more than `maxShare` of its mapped events, and at least `minCount`. */
export interface MassDeleteGuard {
  maxShare: number;
  minCount: number;
}

/** One tenant's (or user's) sync choices; every pure function takes it as an explicit argument. */
/**
 * Whose ERP rights the pane's ERP calls (search, link check, contacts, leads) carry: `personKey`, the person's own
 * ERP credentials (Odoo: the API key they link in the pane; without it those calls are refused and the pane asks
 * for it); `personCompanies`, the integration user limited to the person's companies (Odoo `allowed_company_ids`),
 * for tenants that accept the integration user's other rights.
 */
export type PaneRights = 'personKey' | 'personCompanies';

export interface SyncPolicy {
  direction: SyncDirection;
  /** `marked`: only marked Outlook events (and the user's ERP events); `all`: every event in the window. */
  scope: 'marked' | 'all';
  window: WindowPolicy;
  conflicts: ConflictPolicy;
  deletes: DeletePolicy;
  attendees: AttendeePolicy;
  /** False: recurring series are skipped (noop with a reason), single events still sync. */
  recurrence: boolean;
  /** Unmarking (switch, category, subject tag) stops sync for the event; this says what happens to its ERP copy. */
  optOut: OptOutPolicy;
  marking: MarkingPolicy;
  erpScope: ErpScopePolicy;
  /** Category put on events the ERP created in Outlook. Never synced back as a category. Default "From ERP". */
  fromErpCategory: string;
  /** Flag records created in the ERP from Outlook as "needs review". */
  flagNeedsReview: boolean;
  massDelete: MassDeleteGuard;
  /** System Five's customer block: the linked customer's address (and a map link) in the Outlook body. */
  customerDetails: CustomerDetailsPolicy;
  paneRights: PaneRights;
}

/**
 * Safe defaults: two-way, marked events only, quiet attendees (no invitation is ever sent), conflicts kept for the
 * person, deletes propagated behind the mass-delete guard.
 */
export const DEFAULT_POLICY: SyncPolicy = {
  direction: 'twoWay',
  scope: 'marked',
  window: { kind: 'days', back: 30, ahead: 365 },
  conflicts: 'ask',
  deletes: 'propagate',
  attendees: 'quiet',
  recurrence: true,
  optOut: 'keep',
  marking: { category: 'ERP', subjectTag: '[sync]', customProperty: 'erpSync' },
  erpScope: { tag: '', emailDomain: '' },
  fromErpCategory: 'From ERP',
  flagNeedsReview: true,
  massDelete: { maxShare: 0.5, minCount: 5 },
  customerDetails: DEFAULT_CUSTOMER_DETAILS,
  paneRights: 'personKey',
};
