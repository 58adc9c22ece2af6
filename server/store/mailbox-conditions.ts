/**
 * Mailbox conditions: every state that stops or limits a mailbox's sync, as plain values. One row per (mailbox,
 * kind, key), with a reason in plain words, details, since when, and how it clears. Types and per-kind defaults only;
 * the repository stores them, the engine, jobs and admin API raise and clear them.
 */
import { CONDITION_KINDS } from '../../contract/addin-api';
import type { Timestamp } from './types';

export type MailboxConditionKind =
  /** The mass-delete guard held one side's deletions; details are `HeldDeletions`. */
  | 'delete_guard'
  /** Outlook consent is gone: the person must reconnect. Mirrors mailbox status `needs_reconnect`. */
  | 'needs_reconnect'
  /** The ERP refused the integration user's credentials or rights. */
  | 'erp_rights'
  /** The same events failed in several runs in a row; details list them. */
  | 'item_failures'
  /** The Graph change-notification subscription cannot be created or renewed (sync falls back to the poll). */
  | 'subscription_failed'
  /** The engine stopped writing an event that kept bouncing between the sides. */
  | 'loop_breaker'
  /** An event was deleted on one side and edited on the other; someone must choose. */
  | 'delete_conflict'
  /** An admin paused the mailbox. */
  | 'paused'
  /** The ERP refused the person's own API key for their private appointments: they enter a new one in the pane. */
  | 'erp_private_key'
  /** Outlook (Graph) asked to wait longer than a run waits in-line (a 429's Retry-After over 30 s): the run stopped. */
  | 'outlook_throttled';

/** Every kind, as the pane's contract lists them (one list: a kind the pane cannot word does not compile here). */
export const MAILBOX_CONDITION_KINDS: readonly MailboxConditionKind[] = CONDITION_KINDS;

/** `stops`: no sync runs or nothing gets through; `limits`: the mailbox syncs, but some events or triggers do not. */
export type ConditionEffect = 'stops' | 'limits';

/** Who clears it: an admin action, the person (in the pane), or the sync itself once the cause is gone. */
export type ConditionClearedBy = 'admin' | 'person' | 'next_run';

export interface ConditionDefaults {
  effect: ConditionEffect;
  clearedBy: ConditionClearedBy;
  /** The action that clears it, in plain words. */
  action: string;
}

export const CONDITION_DEFAULTS: Record<MailboxConditionKind, ConditionDefaults> = {
  delete_guard: {
    effect: 'limits',
    clearedBy: 'admin',
    action: 'An admin confirms the held deletions (they are carried out) or rejects them (the events are restored).',
  },
  needs_reconnect: {
    effect: 'stops',
    clearedBy: 'person',
    action: 'The person opens the add-in in Outlook and signs in again.',
  },
  erp_rights: {
    effect: 'stops',
    clearedBy: 'next_run',
    action: 'Give the ERP integration user its rights (or fix its key), test the ERP connection, then sync now.',
  },
  item_failures: {
    effect: 'limits',
    clearedBy: 'next_run',
    action: 'Fix the cause shown for each event; they are retried on every run, and sync now retries at once.',
  },
  subscription_failed: {
    effect: 'limits',
    clearedBy: 'next_run',
    action: 'Make PUBLIC_URL reachable from Microsoft Graph; changes still arrive by the ERP poll and the sweep.',
  },
  loop_breaker: {
    effect: 'limits',
    clearedBy: 'admin',
    action: 'Look at the event in both calendars, then release it so it syncs again.',
  },
  delete_conflict: {
    effect: 'limits',
    clearedBy: 'person',
    action: 'The person chooses in the add-in: keep the edited event or let the deletion through.',
  },
  paused: { effect: 'stops', clearedBy: 'admin', action: 'An admin resumes the mailbox.' },
  outlook_throttled: {
    effect: 'stops',
    clearedBy: 'next_run',
    action:
      'Nothing to do at first: the next run after the wait goes on. If it keeps coming back, another app is using up this mailbox’s Outlook limits (4 requests at once, 10,000 per 10 minutes).',
  },
  erp_private_key: {
    effect: 'limits',
    clearedBy: 'person',
    action:
      'The person makes a new API key in the ERP and enters it in the add-in; until then private appointments do not sync.',
  },
};

export interface MailboxCondition {
  mailboxId: string;
  kind: MailboxConditionKind;
  /** Tells apart conditions of one kind (the guard's side, an event's mapping id); '' when there is one per kind. */
  key: string;
  /** What is wrong, in plain words, for the pane, the console and the logs. */
  reason: string;
  /** Kind-specific facts (e.g. the held deletions); JSON. */
  details: unknown;
  effect: ConditionEffect;
  clearedBy: ConditionClearedBy;
  action: string;
  /** When it was first raised (kept while it is raised again). */
  since: Timestamp;
  /** When it was last raised. */
  lastSeenAt: Timestamp;
  /** How many times it was raised since `since` (e.g. runs the guard held the same deletions). */
  occurrences: number;
}

export interface MailboxConditionInput {
  kind: MailboxConditionKind;
  key?: string;
  reason: string;
  details?: unknown;
  /** Override the kind's defaults when a case differs. */
  effect?: ConditionEffect;
  clearedBy?: ConditionClearedBy;
  action?: string;
}

/** One deletion the guard held: which event, which side lost it, and what confirming would delete. */
export interface HeldDeletion {
  mappingId: string | null;
  key: string;
  title: string | null;
  /** Start of the event as last synced (ISO), for the person reading the list. */
  start: string | null;
  /** The side where the event disappeared. */
  lostOn: 'outlook' | 'erp';
  /** What confirming does on the other side (delete or archive the event there); null: only the pairing is forgotten. */
  wouldDelete: { side: 'outlook' | 'erp'; id: string | null; how: 'delete' | 'archive' } | null;
}

/** An admin's confirmation of held deletions; the next run lets exactly these keys through. */
export interface GuardConfirmation {
  by: string;
  at: Timestamp;
  keys: string[];
}

/** `delete_guard` details. */
export interface HeldDeletions {
  side: 'outlook' | 'erp';
  held: HeldDeletion[];
  confirmed?: GuardConfirmation | null;
}
