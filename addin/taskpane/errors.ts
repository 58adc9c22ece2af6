// Turns any failure the pane meets into one sentence in plain words. No UI, no logging.
import { ApiProblem, ApiUnreachable } from '../api/client';
import { PROBLEM_TYPES } from '../../contract/addin-api/problems';

export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    switch (error.problem.type) {
      case PROBLEM_TYPES.consentRequired:
        return 'Your administrator needs to approve ERP sync before it can read your calendar.';
      case PROBLEM_TYPES.needsReconnect:
        return 'ERP sync lost access to your calendar. Reconnect to continue.';
      case PROBLEM_TYPES.throttled:
        return error.retryAfterSeconds
          ? `The sync service is busy. Try again in ${error.retryAfterSeconds} seconds.`
          : 'The sync service is busy. Try again in a moment.';
      case PROBLEM_TYPES.notFound:
        return 'The sync service does not know this event yet.';
      case PROBLEM_TYPES.validation:
        return error.problem.errors?.map((e) => e.message).join(' ') || error.problem.detail || error.problem.title;
      default:
        return error.problem.detail ?? error.problem.title;
    }
  }
  if (error instanceof ApiUnreachable) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
