/**
 * Outlook's per app per mailbox limits: at most N concurrent requests and M requests per sliding window. A request
 * over either limit is refused (the caller answers 429 ApplicationThrottled with Retry-After). Also what each budget
 * saw: the most requests that wanted to run at once (refused ones included), so tests can tell how close a client
 * came to the limit, not only whether it crossed it.
 * Limits: https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits (4 concurrent requests,
 * 10,000 per 10 minutes, per app ID per mailbox; `$batch` sub-requests count each:
 * https://learn.microsoft.com/en-us/graph/json-batching).
 */
export interface ThrottleLimits {
  concurrency: number;
  windowRequests: number;
  windowSeconds: number;
}

export type ThrottleDecision =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'MailboxConcurrency' | 'MailboxRequestRate'; retryAfterSeconds: number };

/** What one budget (app and mailbox, or app) saw since start or the last clear. */
export interface ThrottleObservation {
  /** The most requests in flight at once, counting a request that arrived (and was refused) over the limit. */
  peakConcurrency: number;
  /** Requests refused for concurrency or rate. */
  refused: number;
}

interface Bucket extends ThrottleObservation {
  active: number;
  /** Start times (ms) of requests inside the window. */
  starts: number[];
}

export class Throttle {
  private buckets = new Map<string, Bucket>();

  acquire(appId: string, mailbox: string, limits: ThrottleLimits, nowMs: number): ThrottleDecision {
    const key = `${appId}|${mailbox.toLowerCase()}`;
    const bucket = this.buckets.get(key) ?? { active: 0, starts: [], peakConcurrency: 0, refused: 0 };
    this.buckets.set(key, bucket);
    bucket.peakConcurrency = Math.max(bucket.peakConcurrency, bucket.active + 1);
    const windowStart = nowMs - limits.windowSeconds * 1000;
    while (bucket.starts.length > 0 && bucket.starts[0]! <= windowStart) bucket.starts.shift();
    if (bucket.active >= limits.concurrency) {
      bucket.refused += 1;
      return { ok: false, reason: 'MailboxConcurrency', retryAfterSeconds: 0 };
    }
    if (bucket.starts.length >= limits.windowRequests) {
      bucket.refused += 1;
      const wait = Math.ceil((bucket.starts[0]! - windowStart) / 1000);
      return { ok: false, reason: 'MailboxRequestRate', retryAfterSeconds: Math.max(1, wait) };
    }
    bucket.active += 1;
    bucket.starts.push(nowMs);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        bucket.active -= 1;
      },
    };
  }

  /**
   * What the budget of `appId` and `mailbox` (the key the throttle counted under: a user id, or '*' with
   * throttleScope 'app') saw; all zero when it saw nothing.
   */
  observed(appId: string, mailbox: string): ThrottleObservation {
    const bucket = this.buckets.get(`${appId}|${mailbox.toLowerCase()}`);
    return { peakConcurrency: bucket?.peakConcurrency ?? 0, refused: bucket?.refused ?? 0 };
  }

  /** The highest `observed` of all budgets: the most any one mailbox (or app) was asked to run at once. */
  peakConcurrency(): number {
    return Math.max(0, ...[...this.buckets.values()].map((b) => b.peakConcurrency));
  }

  clear(): void {
    this.buckets.clear();
  }
}
