/**
 * Retry delays: exponential backoff with full jitter (AWS architecture blog's "full jitter"), and Retry-After
 * taking precedence when the server named a delay. Pure: no timers; the random source is injectable.
 */

export interface BackoffOptions {
  /** Delay cap for attempt 0, doubled per attempt (default 500 ms). */
  baseMs?: number;
  /** No delay is ever longer than this (default 60 s). */
  maxMs?: number;
  /** Returns a number in [0, 1); Math.random by default. */
  random?: () => number;
}

const DEFAULT_BASE_MS = 500;
const DEFAULT_MAX_MS = 60_000;

/**
 * Full jitter: a uniform delay in [0, min(max, base * 2^attempt)). Spreading retries over the whole range keeps
 * many clients that failed together from retrying together.
 */
export function fullJitterBackoffMs(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULT_BASE_MS;
  const maxMs = options.maxMs ?? DEFAULT_MAX_MS;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new RangeError(`attempt must be a whole number >= 0, not ${attempt}`);
  // 2^attempt overflows to Infinity for large attempts; min() keeps the ceiling finite.
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** The delay before retry number `attempt`: the server's Retry-After when it gave one, else full-jitter backoff. */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  options: BackoffOptions = {},
): number {
  if (retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.ceil(retryAfterSeconds * 1000);
  }
  return fullJitterBackoffMs(attempt, options);
}
