/**
 * One side moved a whole series while the other changed its occurrences (renamed, cancelled or edited one). The
 * other side's changes name occurrences by their original starts under the old times, so merging them field by field
 * with the move ("disjoint fields") leaves them under a series that has no occurrence there, and Outlook refuses
 * them. As a careful reconciler does (Unison: an update is rebased on the other side's, never replayed blindly), the
 * base and the other side's occurrences are carried over to the moved series, by the move's wall-clock offset in the
 * series' zone, before the usual merge. An occurrence whose time the other side changed while the series moved is a
 * real conflict (both changed when it happens): it is answered as one, on the series' times and occurrences. Pure.
 */
import { canonicalJson } from './fingerprint';
import type { CanonicalEvent, EventField, EventTiming, Recurrence } from './model';
import { normalizeInstant, normalizeRrule, normalizeTiming } from './normalize';
import type { SyncSide } from './state';
import { isIanaZone, utcToWall, wallToUtc } from './wall-clock';

export type SeriesMove =
  /** Nothing to carry over: merge as usual. */
  | { kind: 'none' }
  /** Both sides changed the times of one occurrence (or the move cannot be carried over): a conflict on these. */
  | { kind: 'conflict'; fields: EventField[] }
  /** The base and the other side carried over to the moved series (`mover`'s times). */
  | { kind: 'rebased'; mover: SyncSide; snapshot: CanonicalEvent; outlook: CanonicalEvent; erp: CanonicalEvent };

const CONFLICT: SeriesMove = { kind: 'conflict', fields: ['timing', 'recurrence'] };

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const dateMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** When an occurrence happens (its zone's name aside: Graph may name an exception's zone differently). */
const when = (t: EventTiming) => {
  const n = normalizeTiming(t);
  return n.kind === 'timed' ? [n.start, n.end] : [n.startDate, n.endDate];
};
const sameTiming = (a: EventTiming, b: EventTiming) => canonicalJson(when(a)) === canonicalJson(when(b));

/** Moves original starts and occurrence times by the series' move (`from` -> `to`) in `zone`'s wall clock. */
interface Shift {
  key(start: string): string;
  timing(timing: EventTiming): EventTiming | null;
  /** The times an occurrence has when nothing changed them (under the old series). */
  plain(start: string): EventTiming;
}

function shiftFor(from: EventTiming, to: EventTiming, zone: string): Shift | null {
  if (from.kind === 'allDay' && to.kind === 'allDay') {
    const dStart = dateMs(to.startDate) - dateMs(from.startDate);
    const dEnd = dateMs(to.endDate) - dateMs(from.endDate);
    const length = dateMs(from.endDate) - dateMs(from.startDate);
    if ([dStart, dEnd, length].some(Number.isNaN)) return null;
    const move = (date: string, by: number) => isoDate(dateMs(date) + by);
    return {
      key: (start) => move(start, dStart),
      timing: (t) =>
        t.kind === 'allDay'
          ? { kind: 'allDay', startDate: move(t.startDate, dStart), endDate: move(t.endDate, dEnd) }
          : null,
      plain: (start) => ({ kind: 'allDay', startDate: start, endDate: move(start, length) }),
    };
  }
  if (from.kind !== 'timed' || to.kind !== 'timed' || !isIanaZone(zone)) return null;
  const wall = (instant: string) => utcToWall(Date.parse(normalizeInstant(instant)), zone);
  const dStart = wall(to.start) - wall(from.start);
  const dEnd = wall(to.end) - wall(from.end);
  const length = Date.parse(normalizeInstant(from.end)) - Date.parse(normalizeInstant(from.start));
  if ([dStart, dEnd, length].some(Number.isNaN)) return null;
  const move = (instant: string, by: number) => iso(wallToUtc(wall(instant) + by, zone));
  return {
    key: (start) => move(start, dStart),
    timing: (t) =>
      t.kind === 'timed'
        ? {
            kind: 'timed',
            start: move(t.start, dStart),
            end: move(t.end, dEnd),
            timeZone: t.timeZone === from.timeZone ? to.timeZone : t.timeZone,
          }
        : null,
    plain: (start) => ({
      kind: 'timed',
      start,
      end: iso(Date.parse(normalizeInstant(start)) + length),
      timeZone: from.timeZone,
    }),
  };
}

function keyOf(start: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : normalizeInstant(start);
}

/** The times of the occurrence at `start`: its own when modified, else the plain ones; null when cancelled. */
function timesAt(recurrence: Recurrence, start: string, shift: Shift): EventTiming | null {
  if (recurrence.exDates.some((d) => keyOf(d) === start)) return null;
  const own = recurrence.modified.find((m) => keyOf(m.originalStart) === start);
  return own ? own.event.timing : shift.plain(start);
}

/** `recurrence` carried over to the moved series; null when an occurrence's times cannot be moved. */
function shifted(recurrence: Recurrence, rrule: string, shift: Shift): Recurrence | null {
  const modified = [];
  for (const m of recurrence.modified) {
    const timing = shift.timing(m.event.timing);
    if (timing === null) return null;
    modified.push({ originalStart: shift.key(m.originalStart), event: { ...m.event, timing } });
  }
  return { ...recurrence, rrule, exDates: recurrence.exDates.map((d) => shift.key(d)), modified };
}

/**
 * How the occurrence changes of the side that did not move the series are carried over to the moved series.
 * `fo`/`fe` are the fields each side changed since `snapshot`.
 */
export function followSeriesMove(
  snapshot: CanonicalEvent,
  views: { outlook: CanonicalEvent; erp: CanonicalEvent },
  fields: { outlook: readonly EventField[]; erp: readonly EventField[] },
): SeriesMove {
  const movedOutlook = fields.outlook.includes('timing');
  const movedErp = fields.erp.includes('timing');
  if (movedOutlook === movedErp) return { kind: 'none' };
  const mover: SyncSide = movedErp ? 'erp' : 'outlook';
  const other: SyncSide = movedErp ? 'outlook' : 'erp';
  // Only occurrence changes are re-keyed by a move; series-wide fields merge as they are.
  if (!fields[other].includes('recurrence')) return { kind: 'none' };
  const base = snapshot.recurrence;
  const moved = views[mover];
  const theirs = views[other];
  if (base === null || moved.recurrence === null || theirs.recurrence === null) return { kind: 'none' };
  const zone = base.timeZone.trim();
  const shift = shiftFor(snapshot.timing, moved.timing, zone);
  if (shift === null) return CONFLICT;
  // The move must keep the rule (as it reads from the new start), and the other side must not have changed it.
  const rule = (r: Recurrence, start: EventTiming) => normalizeRrule(r.rrule, start, zone);
  if (rule(base, moved.timing) !== rule(moved.recurrence, moved.timing)) return CONFLICT;
  if (rule(base, snapshot.timing) !== rule(theirs.recurrence, snapshot.timing)) return CONFLICT;
  if (theirs.recurrence.timeZone.trim() !== zone) return CONFLICT;
  // An occurrence the other side re-timed (or restored to the rule's time) while the whole series moved.
  const starts = new Set([...base.modified, ...theirs.recurrence.modified].map((m) => keyOf(m.originalStart)));
  for (const start of starts) {
    const before = timesAt(base, start, shift);
    const now = timesAt(theirs.recurrence, start, shift);
    if (before !== null && now !== null && !sameTiming(before, now)) return CONFLICT;
  }
  const baseMoved = shifted(base, moved.recurrence.rrule, shift);
  const theirsMoved = shifted(theirs.recurrence, moved.recurrence.rrule, shift);
  if (baseMoved === null || theirsMoved === null) return CONFLICT;
  const carried = { ...theirs, timing: moved.timing, recurrence: theirsMoved };
  return {
    kind: 'rebased',
    mover,
    snapshot: { ...snapshot, timing: moved.timing, recurrence: baseMoved },
    outlook: mover === 'outlook' ? moved : carried,
    erp: mover === 'erp' ? moved : carried,
  };
}

/**
 * `event`'s occurrences (exceptions and cancellations) carried over to the series times `to`: a person who keeps
 * one side's times and the other side's occurrences means those occurrences at the kept times. Null when the move
 * cannot be carried (all-day <-> timed, an unknown zone).
 */
export function carryOccurrences(event: CanonicalEvent, to: EventTiming): Recurrence | null {
  if (event.recurrence === null) return null;
  const shift = shiftFor(event.timing, to, event.recurrence.timeZone.trim());
  return shift === null ? null : shifted(event.recurrence, event.recurrence.rrule, shift);
}
