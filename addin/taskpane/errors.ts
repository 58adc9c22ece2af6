// Turns any failure the pane meets into one sentence in the person's language. No UI, no logging.
import { ApiProblem, ApiUnreachable } from '../api/client';
import { PROBLEM_TYPES } from '../../contract/addin-api/problems';
import type { I18n } from './i18n';

export function describeError(error: unknown, i18n: I18n): string {
  if (error instanceof ApiProblem) {
    switch (error.problem.type) {
      case PROBLEM_TYPES.consentRequired:
        return i18n.t('problem.consent');
      case PROBLEM_TYPES.needsReconnect:
        return i18n.t('problem.reconnect');
      case PROBLEM_TYPES.throttled:
        return error.retryAfterSeconds
          ? i18n.t('problem.throttled', { seconds: error.retryAfterSeconds })
          : i18n.t('problem.throttledSoon');
      case PROBLEM_TYPES.notFound:
        return i18n.t('problem.gone');
      case PROBLEM_TYPES.validation:
        return error.problem.errors?.map((e) => e.message).join(' ') || error.problem.detail || error.problem.title;
      default:
        // The backend's own plain words (English); a proxy's page without a problem body gets a sentence of ours.
        return (
          error.problem.detail ?? i18n.t('problem.other', { detail: `${error.problem.status} ${error.problem.title}` })
        );
    }
  }
  if (error instanceof ApiUnreachable) return i18n.t('problem.unreachable');
  if (error instanceof Error) return error.message;
  return i18n.t('problem.other', { detail: String(error) });
}
