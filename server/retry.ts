/**
 * The one retry policy of the product: bounded attempts, exponential backoff with "equal jitter" (half of each
 * doubling step fixed, half random, so many workers that failed together spread out), the server's Retry-After
 * taking precedence, and a Retry-After too long to wait in-line handed up to the scheduler instead. Also the one
 * Retry-After parser. Used by the Odoo and REST ERP clients, Graph `$batch` sub-request retries and the scheduler's
 * tick spreading.
 *
 * Hand-written on purpose: the libraries of this ecosystem (cockatiel, p-retry, exponential-backoff) sleep on real
 * timers and cannot take a per-error delay (Retry-After) together with an injected sleep and random source, which
 * the clients need so that their tests run in virtual time. What is left is ~40 lines of arithmetic.
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
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterSeconds: 30,
};

/**
 * Seconds from a Retry-After header: delta-seconds (Graph sometimes sends fractions) or an HTTP date (rounded up,
 * never negative). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date | number = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  // An HTTP date names its day and month; anything else (a negative number, say) is unreadable, not a date.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - (typeof now === 'number' ? now : now.getTime())) / 1000));
}

/** Delay before attempt `attempt + 1` (attempts count from 1): equal jitter under a doubling, capped ceiling. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** How long to wait after failed attempt `attempt`, or null when the caller should give up now. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterSeconds: number | null | undefined,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  if (retryAfterSeconds === null || retryAfterSeconds === undefined) return backoffDelayMs(policy, attempt, random);
  if (retryAfterSeconds > policy.maxRetryAfterSeconds) return null;
  return Math.ceil(retryAfterSeconds * 1000);
}

export interface RetryOptions<E> {
  /** The error when it may be retried (with its Retry-After, when the server gave one), else null: thrown at once. */
  retryable(error: unknown): { error: E; retryAfterSeconds: number | null } | null;
  sleep: (ms: number) => Promise<void>;
  onRetry?: (error: E, attempt: number, delayMs: number) => void;
  random?: () => number;
}

/** Runs `operation` until it succeeds, fails for good, or the policy gives up (the last error is thrown). */
export async function withRetry<T, E>(
  policy: RetryPolicy,
  operation: () => Promise<T>,
  options: RetryOptions<E>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const retry = options.retryable(error);
      const delay = retry === null ? null : retryDelayMs(policy, attempt, retry.retryAfterSeconds, options.random);
      if (retry === null || delay === null) throw error;
      options.onRetry?.(retry.error, attempt, delay);
      await options.sleep(delay);
    }
  }
}

/** `ms` moved by up to ±`fraction` at random, so timers started together do not fire together. */
export function spread(ms: number, fraction: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(ms * (1 - fraction + 2 * fraction * random())));
}
