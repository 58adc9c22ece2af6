/**
 * The per-mailbox request budget for Graph: at most N requests in flight and M started per sliding window, and a
 * pause when Graph answers 429 with Retry-After. A `$batch` costs what Graph charges for it: each sub-request counts
 * in the window, and it holds as many in-flight slots as Outlook runs of it at once (up to the concurrency limit).
 * Callers over budget wait (FIFO per mailbox); mailboxes are served round-robin so one busy mailbox cannot starve
 * the rest. It does not retry: callers decide that (server/retry.ts).
 *
 * Outlook's limits are per app ID per mailbox: 4 concurrent requests, 10,000 per 10 minutes
 * (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits). Each `$batch` sub-request is
 * counted against them, and Graph runs up to 4 sub-requests of a batch at once
 * (https://learn.microsoft.com/en-us/graph/json-batching; Microsoft's answer in
 * https://learn.microsoft.com/en-us/answers/questions/1660054), so a batch of 4 or more fills the mailbox's slots.
 */

/** Time source and timers; the real one by default, a fake one in tests. */
export interface BudgetClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RequestBudgetOptions {
  /** Requests in flight per mailbox (Graph allows 4). */
  maxConcurrent?: number;
  /** Requests started per mailbox per window (Graph allows 10,000 per 10 minutes). */
  maxPerWindow?: number;
  windowMs?: number;
  /** Requests in flight across all mailboxes of this process; unlimited by default. */
  maxConcurrentTotal?: number;
  clock?: BudgetClock;
}

export interface RequestBudget {
  /**
   * Runs `fn` once the mailbox has budget for `cost` requests (default 1; a `$batch` of n sub-requests costs n);
   * resolves or rejects with its outcome.
   */
  run<T>(mailboxKey: string, fn: () => Promise<T>, cost?: number): Promise<T>;
  /** Starts no new request for the mailbox for this long (a 429's Retry-After); requests in flight go on. */
  pause(mailboxKey: string, retryAfterSeconds: number): void;
  /** Requests waiting for budget, per mailbox or in total. */
  waiting(mailboxKey?: string): number;
}

export const GRAPH_MAX_CONCURRENT_PER_MAILBOX = 4;
export const GRAPH_MAX_REQUESTS_PER_WINDOW = 10_000;
export const GRAPH_WINDOW_MS = 10 * 60 * 1000;

const realClock: BudgetClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  // Cast: the handle is one this clock's setTimeout (Node's) returned.
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Waiter {
  start: () => void;
  /** Requests it counts for in the window. */
  cost: number;
  /** In-flight slots it holds. */
  slots: number;
}

interface MailboxState {
  waiters: Waiter[];
  active: number;
  /** Start times inside the current window, oldest first. */
  starts: number[];
  pausedUntil: number;
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new RangeError(`${name} must be greater than 0, not ${value}`);
  return value;
}

export function createRequestBudget(options: RequestBudgetOptions = {}): RequestBudget {
  const maxConcurrent = positive('maxConcurrent', options.maxConcurrent ?? GRAPH_MAX_CONCURRENT_PER_MAILBOX);
  const maxPerWindow = positive('maxPerWindow', options.maxPerWindow ?? GRAPH_MAX_REQUESTS_PER_WINDOW);
  const windowMs = positive('windowMs', options.windowMs ?? GRAPH_WINDOW_MS);
  const maxTotal = positive('maxConcurrentTotal', options.maxConcurrentTotal ?? Number.POSITIVE_INFINITY);
  const clock = options.clock ?? realClock;
  const mailboxes = new Map<string, MailboxState>();
  // Mailboxes with waiters, in round-robin order: a served mailbox moves to the back.
  const ring = new Map<string, MailboxState>();
  let activeTotal = 0;
  let timer: { handle: unknown; at: number } | undefined;

  function stateOf(key: string): MailboxState {
    let state = mailboxes.get(key);
    if (state === undefined) {
      state = { waiters: [], active: 0, starts: [], pausedUntil: 0 };
      mailboxes.set(key, state);
    }
    return state;
  }

  function prune(state: MailboxState, now: number): void {
    while (state.starts.length > 0 && (state.starts[0] ?? 0) <= now - windowMs) state.starts.shift();
  }

  /** When the mailbox may start its next request, or 0 if now; Infinity if only a completion can unblock it. */
  function readyAt(state: MailboxState, now: number): number {
    if (state.pausedUntil > now) return state.pausedUntil;
    prune(state, now);
    const head = state.waiters[0];
    const cost = head?.cost ?? 1;
    const over = state.starts.length + cost - maxPerWindow;
    // The window frees its oldest starts first: wait until enough of them have left it.
    if (over > 0) return (state.starts[over - 1] ?? now) + windowMs;
    if (state.active + (head?.slots ?? 1) > maxConcurrent) return Number.POSITIVE_INFINITY;
    return 0;
  }

  function forgetIfIdle(key: string, state: MailboxState): void {
    const idle = state.waiters.length === 0 && state.active === 0 && state.starts.length === 0;
    if (idle && state.pausedUntil <= clock.now()) mailboxes.delete(key);
  }

  function startNext(key: string, state: MailboxState, now: number): void {
    const waiter = state.waiters.shift();
    if (waiter === undefined) return;
    ring.delete(key);
    if (state.waiters.length > 0) ring.set(key, state);
    state.active += waiter.slots;
    activeTotal += waiter.slots;
    for (let i = 0; i < waiter.cost; i++) state.starts.push(now);
    waiter.start();
  }

  /** One round-robin pass after another until nothing more can start, then a timer for the earliest unblock. */
  function pump(): void {
    const now = clock.now();
    let earliest = Number.POSITIVE_INFINITY;
    let progressed = true;
    while (progressed && activeTotal < maxTotal) {
      progressed = false;
      earliest = Number.POSITIVE_INFINITY;
      for (const [key, state] of [...ring]) {
        if (activeTotal >= maxTotal) break;
        const at = readyAt(state, now);
        if (at === 0) {
          startNext(key, state, now);
          progressed = true;
        } else {
          earliest = Math.min(earliest, at);
        }
      }
    }
    schedule(activeTotal < maxTotal ? earliest : Number.POSITIVE_INFINITY);
  }

  function schedule(at: number): void {
    if (timer !== undefined && timer.at === at) return;
    if (timer !== undefined) clock.clearTimeout(timer.handle);
    timer = undefined;
    if (at === Number.POSITIVE_INFINITY) return;
    const handle = clock.setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(0, at - clock.now()),
    );
    timer = { handle, at };
  }

  function finish(key: string, state: MailboxState, slots: number): void {
    state.active -= slots;
    activeTotal -= slots;
    forgetIfIdle(key, state);
    pump();
  }

  return {
    run<T>(mailboxKey: string, fn: () => Promise<T>, cost = 1): Promise<T> {
      const state = stateOf(mailboxKey);
      // A batch larger than the whole window could never start: it waits for an empty window instead.
      const counted = Math.min(maxPerWindow, Math.max(1, Math.ceil(cost)));
      const slots = Math.min(maxConcurrent, counted);
      return new Promise<T>((resolve, reject) => {
        state.waiters.push({
          cost: counted,
          slots,
          start: () => {
            // A synchronous throw from fn counts as a rejection, and the slots are always given back.
            Promise.resolve()
              .then(fn)
              .then(resolve, reject)
              .finally(() => finish(mailboxKey, state, slots));
          },
        });
        if (!ring.has(mailboxKey)) ring.set(mailboxKey, state);
        pump();
      });
    },
    pause(mailboxKey: string, retryAfterSeconds: number): void {
      if (!(retryAfterSeconds >= 0)) throw new RangeError(`retryAfterSeconds must be >= 0, not ${retryAfterSeconds}`);
      const state = stateOf(mailboxKey);
      state.pausedUntil = Math.max(state.pausedUntil, clock.now() + retryAfterSeconds * 1000);
      pump();
    },
    waiting(mailboxKey?: string): number {
      if (mailboxKey !== undefined) return mailboxes.get(mailboxKey)?.waiters.length ?? 0;
      let total = 0;
      for (const state of ring.values()) total += state.waiters.length;
      return total;
    },
  };
}

let processBudget: RequestBudget | undefined;

/**
 * The budget of this process for Graph calendars built without one of their own (a tool, a test world): every
 * `OutlookCalendar` of one mailbox in the process draws on it, so code that fans out (series instances, lost-create
 * lookups) can never put more than 4 requests of a mailbox in flight. The backend passes its configured budget
 * instead (server/compose.ts), shared by engine runs, subscription upkeep and the add-in API.
 */
export function processRequestBudget(): RequestBudget {
  processBudget ??= createRequestBudget();
  return processBudget;
}
