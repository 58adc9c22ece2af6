/**
 * Outlook's per app per mailbox limits: at most N concurrent requests and M requests per sliding window. A request
 * over either limit is refused (the caller answers 429 ApplicationThrottled with Retry-After).
 */
export interface ThrottleLimits {
  concurrency: number;
  windowRequests: number;
  windowSeconds: number;
}

export type ThrottleDecision =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'MailboxConcurrency' | 'MailboxRequestRate'; retryAfterSeconds: number };

interface Bucket {
  active: number;
  /** Start times (ms) of requests inside the window. */
  starts: number[];
}

export class Throttle {
  private buckets = new Map<string, Bucket>();

  acquire(appId: string, mailbox: string, limits: ThrottleLimits, nowMs: number): ThrottleDecision {
    const key = `${appId}|${mailbox.toLowerCase()}`;
    const bucket = this.buckets.get(key) ?? { active: 0, starts: [] };
    this.buckets.set(key, bucket);
    const windowStart = nowMs - limits.windowSeconds * 1000;
    while (bucket.starts.length > 0 && bucket.starts[0]! <= windowStart) bucket.starts.shift();
    if (bucket.active >= limits.concurrency) return { ok: false, reason: 'MailboxConcurrency', retryAfterSeconds: 0 };
    if (bucket.starts.length >= limits.windowRequests) {
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

  clear(): void {
    this.buckets.clear();
  }
}
