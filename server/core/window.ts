/**
 * The sync window: which stretch of time a mailbox syncs, from the policy and "now" (passed in: core reads no
 * clock). Overlap tests for single events and series; series are judged by their first start and UNTIL only.
 */
import type { EventTiming, Recurrence, UtcInstant } from './model';
import { normalizeInstant } from './normalize';
import type { WindowPolicy } from './sync-policy';

/** The stretch of time synced, as UTC instants; the engine passes it to both sides' reads. */
export interface SyncWindow {
  from: UtcInstant;
  to: UtcInstant;
}

const DAY_MS = 86_400_000;

function instant(ms: number): UtcInstant {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The window for `now`: `days` is [now - back, now + ahead]; `upcoming` is [now, now + days]. */
export function syncWindow(policy: WindowPolicy, now: UtcInstant): SyncWindow {
  const at = Date.parse(normalizeInstant(now));
  if (policy.kind === 'upcoming') return { from: instant(at), to: instant(at + policy.days * DAY_MS) };
  return { from: instant(at - policy.back * DAY_MS), to: instant(at + policy.ahead * DAY_MS) };
}

/**
 * The event's span as UTC instants. All-day dates are read as UTC midnights: a window edge is days wide, so the
 * few hours a zone could shift them never matter in practice.
 */
export function timingSpan(timing: EventTiming): { start: number; end: number } {
  if (timing.kind === 'timed')
    return { start: Date.parse(normalizeInstant(timing.start)), end: Date.parse(normalizeInstant(timing.end)) };
  return { start: Date.parse(`${timing.startDate}T00:00:00Z`), end: Date.parse(`${timing.endDate}T00:00:00Z`) };
}

/** The UNTIL of a rule as epoch ms, or null when the rule has none (open-ended or COUNT-bound). */
function ruleUntil(rrule: string): number | null {
  const m = /(?:^|;)UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?/i.exec(rrule);
  if (!m) return null;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '23'}:${m[5] ?? '59'}:${m[6] ?? '59'}Z`);
}

/**
 * True when the event (or, for a series, any occurrence it could have) overlaps the window. A zero-length event
 * at the window's start counts as inside. A COUNT-bound series is kept if it starts before the window ends:
 * over-including costs a comparison, under-including would lose a series.
 */
export function inWindow(timing: EventTiming, window: SyncWindow, recurrence: Recurrence | null = null): boolean {
  const span = timingSpan(timing);
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(span.start) || Number.isNaN(span.end)) return false;
  if (recurrence === null) return span.start < to && (span.end > from || span.start === from);
  const until = ruleUntil(recurrence.rrule);
  return span.start < to && (until === null || until >= from);
}
