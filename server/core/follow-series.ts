/**
 * Exceptions follow their series, field by field, as Exchange keeps them: a modified occurrence holds its own value
 * only for the fields it changed. Its field equal to the series' old value was never its own, so when the series
 * changes that field the occurrence takes the new value (a moved occurrence is renamed with its series; one the
 * person renamed keeps its title). Odoo renames every event of a series, Outlook keeps what an occurrence holds:
 * the result decides it once, for both sides. Times are always the occurrence's own. Pure.
 */
import { canonicalJson } from './fingerprint';
import type { CanonicalEvent, OccurrenceFields } from './model';
import { OCCURRENCE_FIELDS } from './model';
import { copyField } from './diff';
import { normalizeOccurrence } from './normalize';

const INHERITED = OCCURRENCE_FIELDS.filter((f) => f !== 'timing');

/** `result` with each modified occurrence's inherited fields following the series' changes since `before`. */
export function followSeries(before: CanonicalEvent, result: CanonicalEvent): CanonicalEvent {
  if (result.recurrence === null || result.recurrence.modified.length === 0) return result;
  const old = normalizeOccurrence(before);
  const now = normalizeOccurrence(result);
  const key = (fields: OccurrenceFields, f: keyof OccurrenceFields) => canonicalJson(fields[f]);
  const changed = INHERITED.filter((f) => key(old, f) !== key(now, f));
  if (changed.length === 0) return result;
  let touched = false;
  const modified = result.recurrence.modified.map((m) => {
    const own = normalizeOccurrence(m.event);
    const follows = changed.filter((f) => key(own, f) === key(old, f));
    if (follows.length === 0) return m;
    touched = true;
    const event: OccurrenceFields = { ...m.event };
    for (const f of follows) copyField(event, result, f);
    return { ...m, event };
  });
  return touched ? { ...result, recurrence: { ...result.recurrence, modified } } : result;
}
