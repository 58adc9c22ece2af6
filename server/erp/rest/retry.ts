/**
 * When to retry a request to a REST ERP and how long to wait: Retry-After when the ERP says, otherwise
 * exponential backoff with jitter, always bounded. No I/O here; the client sleeps through its clock.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited out in-line: the error goes up with it, for the scheduler. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterSeconds: 30,
};

/** Not an HTTP status: the client's marker for "no response at all" (refused, reset), retried like a 503. */
export const NO_RESPONSE = 599;

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504, NO_RESPONSE]);

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): "equal jitter", half fixed and half random. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** How long to wait before retrying, or null when the caller should give up now. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterSeconds: number | undefined,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (retryAfterSeconds === undefined) return backoffDelayMs(policy, attempt);
  if (retryAfterSeconds > policy.maxRetryAfterSeconds) return null;
  return retryAfterSeconds * 1000;
}
