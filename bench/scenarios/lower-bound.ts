/**
 * What the latency model alone forces a first sync to take, whatever the code: only round trips count, compute is
 * free. Graph's documented limits shape it: pages of at most 1,000 events (calendarView `$top`), each page needing
 * the previous page's nextLink; 4 requests in flight per mailbox; 10,000 requests per mailbox per 10 minutes.
 * Odoo calls take lists of any length, so the ERP side needs one lookup and one write (or read) call.
 */
import type { LatencyModel } from '../lib/emulators';
import type { Direction } from './first-sync';

export const GRAPH_PAGE = 1000;
export const GRAPH_IN_FLIGHT = 4;
export const GRAPH_WINDOW_REQUESTS = 10_000;
export const GRAPH_WINDOW_SECONDS = 600;

/** Seconds for `requests` Graph requests at 4 in flight, with the 10,000-per-10-minutes window. */
export function graphSeconds(requests: number, latency: LatencyModel): number {
  const waves = Math.ceil(requests / GRAPH_IN_FLIGHT) * (latency.graphMs / 1000);
  const windows = Math.floor((requests - 1) / GRAPH_WINDOW_REQUESTS);
  return windows > 0 ? Math.max(waves, windows * GRAPH_WINDOW_SECONDS + latency.graphMs / 1000) : waves;
}

export function firstSyncLowerBound(direction: Direction, n: number, latency: LatencyModel): number {
  const graph = latency.graphMs / 1000;
  const odoo = latency.odooMs / 1000;
  const pages = Math.max(1, Math.ceil(n / GRAPH_PAGE));
  if (direction === 'outlookToErp') {
    // The delta round (for later incremental reads) and the calendarView pages (with our marks) page side by side;
    // then one ERP lookup and one create of all N records.
    return pages * graph + 2 * odoo;
  }
  // One ERP lookup and one read of all N; an empty calendar's delta round (one page) and N creates in Outlook.
  return 2 * odoo + graphSeconds(n + 1, latency);
}
