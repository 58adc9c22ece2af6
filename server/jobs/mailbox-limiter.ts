/**
 * Binds the request budget to one mailbox in the shape the Graph client's `limiter` hook takes, and turns a
 * throttled answer's Retry-After into a pause of that mailbox's budget. It does not retry: the Graph client does.
 */
import { isAppError } from '../errors';
import type { RequestBudget } from '../outlook';

/** The Graph client's per-call hook (server/outlook's RequestLimiter has this shape). */
export interface MailboxLimiter {
  <T>(fn: () => Promise<T>, cost?: number): Promise<T>;
  pause(retryAfterSeconds: number): void;
}

/** The Retry-After of a throttled AppError (an OutlookError puts it in details), or undefined. */
export function throttledRetryAfterSeconds(error: unknown): number | undefined {
  if (!isAppError(error) || error.code !== 'throttled') return undefined;
  const seconds = error.details['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function createMailboxLimiter(budget: RequestBudget, mailboxKey: string): MailboxLimiter {
  const limit = async <T>(fn: () => Promise<T>, cost = 1): Promise<T> => {
    try {
      return await budget.run(mailboxKey, fn, cost);
    } catch (error) {
      // Graph throttles per mailbox: every request of this mailbox waits, not only the one that was refused.
      const retryAfter = throttledRetryAfterSeconds(error);
      if (retryAfter !== undefined) budget.pause(mailboxKey, retryAfter);
      throw error;
    }
  };
  return Object.assign(limit, { pause: (seconds: number) => budget.pause(mailboxKey, seconds) });
}
