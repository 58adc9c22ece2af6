// Turns any failure the pane meets into one sentence in the person's language: what happened, who acts and the
// action, from the closed list of problem codes (contract/addin-api/codes.ts). Never a raw status or JSON. No UI.
import { ApiProblem, ApiUnreachable } from '../api/client';
import { problemCodeOf, type ProblemCode } from '../../contract/addin-api/codes';
import type { I18n } from './i18n';
import { problemWords, type Words } from './words';

/** A response without this API's problem body (a proxy's page, a gateway) by its HTTP status. */
function codeOfStatus(status: number): ProblemCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'throttled';
  if (status >= 500) return status === 500 ? 'internal' : 'transient';
  return 'bad_request';
}

export function errorWords(error: unknown, i18n: I18n, erp: string): Words {
  if (error instanceof ApiProblem) {
    const code = problemCodeOf(error.problem.type) ?? codeOfStatus(error.problem.status);
    return problemWords(i18n, code, { erp, ...(error.retryAfterSeconds ? { seconds: error.retryAfterSeconds } : {}) });
  }
  if (error instanceof ApiUnreachable) {
    return { what: i18n.t('problem.unreachable'), who: 'you', action: i18n.t('problem.unreachable.action') };
  }
  // A failure inside the pane itself (Office.js, a bug): the generic words, never a stack or a raw message.
  return problemWords(i18n, 'internal', { erp });
}

/** What happened and the action; the action names who does it (the person is addressed, an admin is named). */
export function describeError(error: unknown, i18n: I18n, erp = 'ERP'): string {
  const words = errorWords(error, i18n, erp);
  return `${words.what} ${words.action}`;
}
