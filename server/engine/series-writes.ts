/**
 * What a series write to Outlook must do to single occurrences: the cancelled and modified occurrences the result
 * has and Outlook does not, so they are written one by one (never by rewriting the rule). Pure. A master write
 * that moves the series or changes its rule makes Exchange drop every exception: then all of them are written again.
 */
import {
  canonicalJson,
  normalizeEvent,
  normalizeRecurrence,
  OCCURRENCE_FIELDS,
  type CanonicalEvent,
  type ModifiedOccurrence,
  type EventField,
  type Recurrence,
} from '../core';
import type { OccurrenceChange, SeriesExceptions } from '../outlook';

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** True when the rule or zone differ (the master's pattern must be written, which drops Outlook's exceptions). */
export function ruleChanged(result: CanonicalEvent, current: CanonicalEvent | null): boolean {
  const a = normalizeRecurrence(result.recurrence, result.timing);
  const b = current ? normalizeRecurrence(current.recurrence, current.timing) : null;
  return a === null || b === null || a.rrule !== b.rrule || a.timeZone !== b.timeZone;
}

/** One modified occurrence of `series` in comparison form. */
function normalOccurrence(series: CanonicalEvent, recurrence: Recurrence, raw: ModifiedOccurrence): ModifiedOccurrence {
  // Non-null: a recurrence of one modified occurrence normalises to one (normalizeRecurrence drops none).
  return normalizeRecurrence({ ...recurrence, exDates: [], modified: [raw] }, series.timing).modified[0]!;
}

/**
 * The exceptions to write after the master: `current` is Outlook's series now (null for a create, or when the
 * master write drops its exceptions). Quiet mode never writes an occurrence's attendees. Restoring a cancelled
 * occurrence or reverting an exception is not expressible per occurrence in Graph and is left out, and so is a change
 * of an occurrence Outlook shows cancelled.
 */
export function exceptionsToWrite(
  result: CanonicalEvent,
  current: CanonicalEvent | null,
  quiet: boolean,
): SeriesExceptions | undefined {
  if (result.recurrence === null) return undefined;
  const wanted = normalizeRecurrence(result.recurrence, result.timing);
  const now = current ? normalizeRecurrence(current.recurrence, current.timing) : null;
  const cancelled = new Set(now?.exDates ?? []);
  const nowModified = new Map((now?.modified ?? []).map((m) => [m.originalStart, m.event]));
  const master = normalizeEvent(result);
  const modify: OccurrenceChange[] = [];
  // Compared in normal form, written as the result has them (the raw event, not its comparison form).
  for (const raw of result.recurrence.modified) {
    const m = normalOccurrence(result, result.recurrence, raw);
    // Outlook cannot bring back an occurrence cancelled there (core: keepOutlookCancellations): never PATCHed.
    if (cancelled.has(m.originalStart)) continue;
    const before = nowModified.get(m.originalStart);
    if (before && same(before, m.event)) continue;
    const fields = OCCURRENCE_FIELDS.filter(
      (f) =>
        f === 'timing' ||
        !same(m.event[f], before ? before[f] : master[f]) ||
        (before !== undefined && !same(m.event[f], master[f])),
    ).filter((f) => !(quiet && f === 'attendees'));
    modify.push({ originalStart: m.originalStart, event: raw.event, fields });
  }
  return { cancel: wanted.exDates.filter((d) => !cancelled.has(d)), modify };
}

/** Fields of a master PATCH that rewrite its pattern (and so drop Outlook's exceptions). */
export function rewritesPattern(fields: readonly EventField[]): boolean {
  return fields.includes('timing') || fields.includes('recurrence');
}
