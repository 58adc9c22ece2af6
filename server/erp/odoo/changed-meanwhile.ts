/**
 * Whether a record changed, while this adapter wrote it, in what the write did not set. Odoo has no conditional
 * write: a person's edit landing between the version check and the read-back is inside the version read back, and
 * recording that version as synced would hide the edit from every later run. Compares two Odoo reads of the record
 * (before and after the write), so Odoo's own normal forms never count as a change. Pure. It cannot see an edit of a
 * field the write set (made after the write, it reads as what Odoo made of ours).
 */
import {
  canonicalJson,
  diffFields,
  isOccurrenceField,
  normalizeRecurrence,
  normalizeTiming,
  OCCURRENCE_FIELDS,
  type CanonicalEvent,
  type EventField,
  type EventTiming,
  type OccurrenceFields,
  type Recurrence,
} from '../../core';
import type { ErpEvent } from '../port';
import { occurrenceTiming } from './restore-occurrences';
import { expandStarts, naiveToInstant } from './times';

/** An occurrence as it stands: cancelled, or its fields (its own when modified, else the series'). */
type Slot = { cancelled: true } | { cancelled: false; event: CanonicalEvent };

/** The original starts of a series' occurrences by its rule (normal form), cancelled ones included. */
function startsOf(event: CanonicalEvent, recurrence: Recurrence): Set<string> {
  const timing = normalizeTiming(event.timing);
  const allDay = timing.kind === 'allDay';
  const first = timing.kind === 'allDay' ? timing.startDate : timing.start.slice(0, 19).replace('T', ' ');
  const starts = expandStarts(recurrence.rrule, first, recurrence.timeZone, allDay);
  return new Set(starts.map((s) => (allDay ? s : naiveToInstant(s))));
}

/**
 * The occurrence at `originalStart` as a whole event, for diffFields; cancelled when the series has none there.
 * Times are compared without their zone: Odoo keeps none per occurrence, and an occurrence that reads as the series
 * is listed as modified or not depending on fields the write may have set.
 */
function slot(series: CanonicalEvent, recurrence: Recurrence, starts: Set<string>, originalStart: string): Slot {
  const own = recurrence.modified.find((m) => m.originalStart === originalStart)?.event;
  if (recurrence.exDates.includes(originalStart) || (!own && !starts.has(originalStart))) return { cancelled: true };
  const fields: OccurrenceFields = own ?? { ...series, timing: occurrenceTiming(series.timing, originalStart) };
  const timing: EventTiming = fields.timing.kind === 'timed' ? { ...fields.timing, timeZone: '' } : fields.timing;
  return { cancelled: false, event: { ...series, ...fields, timing, recurrence: null } };
}

function keysOf(recurrence: Recurrence): string[] {
  return [...recurrence.exDates, ...recurrence.modified.map((m) => m.originalStart)];
}

/** The same occurrence of its own in both: cancelled in both, or modified alike in both, or in neither. */
function sameOwn(a: Recurrence, b: Recurrence, key: string): boolean {
  if (a.exDates.includes(key) !== b.exDates.includes(key)) return false;
  const own = (r: Recurrence) => r.modified.find((m) => m.originalStart === key)?.event ?? null;
  const [x, y] = [own(a), own(b)];
  return x === null || y === null ? x === y : canonicalJson(x) === canonicalJson(y);
}

function sameSlot(a: Slot, b: Slot, fields: readonly EventField[]): boolean {
  if (a.cancelled || b.cancelled) return a.cancelled === b.cancelled;
  return diffFields(a.event, b.event, fields).length === 0;
}

/**
 * Occurrences the write did not touch that differ between `before` and `after` (over the occurrence fields not
 * written), every occurrence by the rule of either read. Compared one by one, never by the series' own fields: Odoo
 * reads those from its base event, itself an occurrence the write may have set (the first one edited alone).
 * An occurrence is touched when the write set the series' occurrences and its own (cancelled, modified) differs
 * from before; such differences in form only make it count as touched, never as changed.
 */
function occurrencesChanged(
  before: CanonicalEvent,
  after: CanonicalEvent,
  written: CanonicalEvent,
  fields: readonly EventField[],
): boolean {
  const was = before.recurrence ? normalizeRecurrence(before.recurrence) : null;
  const now = after.recurrence ? normalizeRecurrence(after.recurrence) : null;
  if (!was || !now) return was !== now;
  const ours = fields.includes('recurrence') && written.recurrence ? normalizeRecurrence(written.recurrence) : null;
  const compared = OCCURRENCE_FIELDS.filter((f) => !fields.includes(f));
  const [wasStarts, nowStarts] = [startsOf(before, was), startsOf(after, now)];
  const keys = new Set([...wasStarts, ...nowStarts, ...keysOf(was), ...keysOf(now)]);
  return [...keys]
    .filter((key) => ours === null || sameOwn(ours, was, key))
    .some((key) => !sameSlot(slot(before, was, wasStarts, key), slot(after, now, nowStarts, key), compared));
}

/**
 * True when `after` (read back) differs from `before` (read at the version check) in anything a write of `fields`
 * of `written` did not set: a field not written, whether the record is archived, a series' rule when not written,
 * or an occurrence the write did not touch. `regenerated`: the write rebuilt the series' occurrences (a new time or
 * rule), so they are all the write's own.
 */
export function changedMeanwhile(
  before: ErpEvent,
  after: ErpEvent,
  written: CanonicalEvent,
  fields: readonly EventField[],
  regenerated: boolean,
): boolean {
  if (before.active !== after.active) return true;
  const was = before.event.recurrence;
  const now = after.event.recurrence;
  // A series' own fields are compared occurrence by occurrence (occurrencesChanged), unless rebuilt by the write.
  const perOccurrence = was !== null && now !== null && !regenerated;
  const untouched = diffFields(before.event, after.event).filter(
    (f) => !fields.includes(f) && f !== 'recurrence' && !(perOccurrence && isOccurrenceField(f)),
  );
  if (untouched.length > 0) return true;
  if (!was || !now) return (was === null) !== (now === null) && !fields.includes('recurrence');
  if (regenerated) return false;
  if (!fields.includes('recurrence')) {
    const [a, b] = [normalizeRecurrence(was, before.event.timing), normalizeRecurrence(now, after.event.timing)];
    if (a.rrule !== b.rrule || a.timeZone !== b.timeZone) return true;
  }
  return occurrencesChanged(before.event, after.event, written, fields);
}
