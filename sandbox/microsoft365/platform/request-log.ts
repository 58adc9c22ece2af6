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

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
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

  clear(): void {
    this.entries = [];
  }
}
