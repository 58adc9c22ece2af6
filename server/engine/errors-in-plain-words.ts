/**
 * Any failure of one event's sync as a short code and a sentence a person can act on (for the pane, the admin
 * view and the audit log). Translation only: deciding to retry or stop is the caller's.
 */
import { isErpError } from '../erp';
import { isOutlookError, type WriteOutcome } from '../outlook';
import type { SyncErrorCode } from '../../contract/addin-api';
import { traceOf, traceOfGraphCause, type FailureTrace } from './failure-trace';

export interface PlainError {
  /** One of the contract's closed list: the pane has words for each. */
  code: SyncErrorCode;
  message: string;
  /** What an operator needs to follow it up (Graph request ids, the ERP's own error); for the log, never the pane. */
  trace?: FailureTrace;
}

function waitText(seconds: number | null | undefined): string {
  return seconds ? ` (it asked to wait ${seconds} s)` : '';
}

/** A thrown error (ERP port, Graph adapter, store, bug) in plain words, with its trace. */
export function plainError(error: unknown): PlainError {
  return { ...wordsOf(error), trace: traceOf(error) };
}

function wordsOf(error: unknown): PlainError {
  if (isErpError(error)) {
    switch (error.kind) {
      case 'validation':
        return { code: 'erp_validation', message: `The ERP refused the event: ${error.erpMessage ?? error.message}` };
      case 'conflict':
        return { code: 'erp_conflict', message: 'The ERP record changed while we wrote it; it will be retried.' };
      case 'auth':
        return {
          code: 'erp_auth',
          message: 'The ERP refused our credentials or rights; an administrator must fix them.',
        };
      case 'not_found':
        return { code: 'erp_not_found', message: 'The ERP record no longer exists.' };
      case 'transient':
        return {
          code: 'erp_unavailable',
          message: `The ERP did not answer in time${waitText(error.retryAfterSeconds)}; it will be retried.`,
        };
    }
  }
  if (isOutlookError(error)) return outlookWords(error.kind, error.message, error.retryAfterSeconds);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected failure: ${message}` };
}

function outlookWords(kind: string, message: string, retryAfter: number | null): PlainError {
  switch (kind) {
    case 'throttled':
      return {
        code: 'outlook_throttled',
        message: `Outlook asked us to slow down${waitText(retryAfter)}; it will be retried.`,
      };
    case 'auth':
      return { code: 'outlook_auth', message: 'Outlook refused access to this mailbox; the person must reconnect.' };
    case 'conflict':
      return { code: 'outlook_conflict', message: 'The Outlook event changed while we wrote it; it will be retried.' };
    case 'not_found':
      return { code: 'outlook_not_found', message: 'The Outlook event no longer exists.' };
    case 'validation':
    case 'mapping':
      return {
        code: kind === 'validation' ? 'outlook_validation' : 'outlook_mapping',
        message: `Outlook cannot hold this event: ${message}`,
      };
    case 'partial':
      return { code: 'outlook_partial', message: `${message}; it will be retried.` };
    case 'dependency_failed':
      return {
        code: 'outlook_dependency',
        message: 'Another change in the same batch failed first; it will be retried.',
      };
    default:
      return {
        code: 'outlook_unavailable',
        message: `Outlook did not answer properly (${message}); it will be retried.`,
      };
  }
}

/** A failed $batch write outcome in plain words. */
export function plainWriteFailure(outcome: Extract<WriteOutcome, { ok: false }>): PlainError {
  const words = outlookWords(outcome.failure, outcome.message, outcome.retryAfterSeconds);
  return { ...words, trace: traceOfGraphCause(outcome.cause, outcome.message) };
}
