/**
 * The log of Graph requests the emulator answered: one entry per request (method, route template, status,
 * app, request id), and counts by route so tests and people can see what a sync actually cost.
 */
export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  route: string;
  status: number;
  requestId: string;
  appId: string | null;
  /** The handler answered but the socket was destroyed before the answer left (fault lose-response). */
  lost?: boolean;
  /** Sub-request of a $batch. */
  batched?: boolean;
}

const MAX_ENTRIES = 10_000;
const ID_AFTER = new Set(['users', 'events', 'subscriptions', 'calendars', 'messages', 'instances', 'calendarGroups']);

/** Route template of a Graph path: ids after known collections become {id}; UPNs and GUIDs too. */
export function routeTemplate(path: string): string {
  const segments = path.split('?')[0]!.split('/');
  return segments
    .map((segment, i) => {
      const previous = segments[i - 1] ?? '';
      if (segment === '' || segment.startsWith('$')) return segment;
      if (ID_AFTER.has(previous) && !/^(delta|calendarView)$/.test(segment)) return '{id}';
      return segment;
    })
    .join('/');
}

/** Requests answered since start or the last clear, whatever the log kept: `$batch` calls and their sub-requests apart. */
export interface RequestTotals {
  /** HTTP requests that reached Graph (a `$batch` is one, its sub-requests are not). */
  http: number;
  /** Requests as Graph's mailbox limits count them: each `$batch` sub-request, every request outside a batch. */
  counted: number;
  batches: number;
  throttled: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private sums: RequestTotals = { http: 0, counted: 0, batches: 0, throttled: 0 };

  record(entry: RequestLogEntry): void {
    const isBatch = entry.path.endsWith('/$batch');
    if (!entry.batched) this.sums.http += 1;
    if (isBatch) this.sums.batches += 1;
    else this.sums.counted += 1;
    if (entry.status === 429) this.sums.throttled += 1;
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Counts keyed "METHOD route status", e.g. "GET /v1.0/me/events 200". */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) {
      const key = `${e.method} ${e.route} ${e.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  totals(): RequestTotals {
    return { ...this.sums };
  }

  clear(): void {
    this.entries = [];
    this.sums = { http: 0, counted: 0, batches: 0, throttled: 0 };
  }
}
