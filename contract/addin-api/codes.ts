/**
 * The closed lists of codes the backend sends the pane: an event's last sync error (`SyncError.code`), a problem's
 * code (the last part of its `type` URI) and a mailbox condition's `kind`. The backend's types are these, so it
 * cannot send a code outside them; the pane has words (what happened, who acts, the action) in English and Spanish
 * for every one (test/addin/error-catalogue.test.ts fails when one lacks them). No runtime beyond constants.
 */

/** `SyncError.code`: why the last sync of one event failed (server/engine/errors-in-plain-words.ts). */
export const SYNC_ERROR_CODES = [
  'erp_validation',
  'erp_conflict',
  'erp_auth',
  'erp_not_found',
  'erp_unavailable',
  'outlook_throttled',
  'outlook_auth',
  'outlook_conflict',
  'outlook_not_found',
  'outlook_validation',
  'outlook_mapping',
  'outlook_partial',
  'outlook_dependency',
  'outlook_unavailable',
  /** Outlook gave no answer for a write (it may have landed; the next run checks). */
  'outlook_no_answer',
  /** The event cannot be synced as it is (a rule of the sync refuses it); the reason is in `detail`. */
  'problem',
  /** The engine stopped writing an event that kept changing back and forth. */
  'loop_breaker',
  'internal',
  /** A failure recorded without a code (older rows). */
  'error',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export function isSyncErrorCode(code: string): code is SyncErrorCode {
  return (SYNC_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Error codes a plain retry cannot fix: the data or the rights must change first. Every other code (unavailable,
 * throttled, a concurrent edit, no answer, ...) is worth retrying: the pane offers "Retry" and the backend retries
 * such rows by itself (server/jobs/retry-due.ts).
 */
export const NOT_RETRYABLE_SYNC_ERRORS: readonly SyncErrorCode[] = [
  'loop_breaker',
  'erp_validation',
  'erp_auth',
  'erp_not_found',
  'outlook_validation',
  'outlook_mapping',
  'outlook_auth',
  'outlook_not_found',
  'problem',
];

export function isRetryableSyncError(code: string): boolean {
  return !(NOT_RETRYABLE_SYNC_ERRORS as readonly string[]).includes(code);
}

/** A problem's code: its `type` is `https://outlook-erp-sync.dev/problems/` + the code with `_` written `-`. */
export const PROBLEM_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'payload_too_large',
  'throttled',
  'auth_revoked',
  'needs_reconnect',
  'consent_required',
  /** The pane's ERP calls act with the person's own ERP key (tenant policy `paneRights`), and none is linked. */
  'erp_key_required',
  'claims_challenge',
  'validation',
  'transient',
  'config',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const PROBLEM_TYPE_BASE = 'https://outlook-erp-sync.dev/problems/';

/** The problem code of a `type` URI, or null for a type not of this API (a proxy's page, another service). */
export function problemCodeOf(type: string): ProblemCode | null {
  if (!type.startsWith(PROBLEM_TYPE_BASE)) return null;
  const code = type.slice(PROBLEM_TYPE_BASE.length).replace(/-/g, '_');
  return (PROBLEM_CODES as readonly string[]).includes(code) ? (code as ProblemCode) : null;
}

/** `MailboxConditionView.kind` (server/store/mailbox-conditions.ts). */
export const CONDITION_KINDS = [
  'delete_guard',
  'needs_reconnect',
  'erp_rights',
  'item_failures',
  'subscription_failed',
  'loop_breaker',
  'delete_conflict',
  'paused',
  'erp_private_key',
  'outlook_throttled',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];
