/**
 * Retry of transient Odoo failures: exponential backoff with jitter, Retry-After honoured when Odoo (or its
 * proxy) says, a small bounded number of attempts. Anything but ErpError 'transient' is thrown at once.
 */
import { ErpError } from '../errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited out in-line: the error goes up with it. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterSeconds: 30,
};

/** "Equal jitter": half the exponential step fixed, half random, so retries of many workers spread out. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
  operation: () => Promise<T>,
  onRetry?: (error: ErpError, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof ErpError) || !error.retryable || attempt >= policy.maxAttempts) throw error;
      const after = error.retryAfterSeconds;
      if (after !== undefined && after > policy.maxRetryAfterSeconds) throw error;
      const delay = after !== undefined ? after * 1000 : backoffMs(policy, attempt);
      onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}
