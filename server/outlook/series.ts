/**
 * A canonical series from a Graph series master and its `/instances` in a window: exceptions become `modified`,
 * and occurrences the rule yields in the window but Graph does not list (cancelled ones) become `exDates`.
 * Expansion runs `rrule` on wall readings in the series zone, so 09:00 stays 09:00 across DST. Pure.
 */
import { RRule } from 'rrule';
import type { CanonicalEvent, ModifiedOccurrence } from '../core';
import { mapped, mappingError, type Mapped } from './mapping-result';
import { toCanonicalEvent, toOccurrenceFields, type ToCanonicalOptions } from './to-canonical';
import { DAY_MS, formatDate, formatUtcInstant, parseDate, parseInstant, utcToWall, wallToUtc } from './time-zones';
import type { GraphEvent } from './wire-types';

/** A half-open span of UTC instants, `[from, to)`. */
export interface UtcWindow {
  from: Date;
  to: Date;
}

export interface SeriesShape {
  rule: string;
  zone: string;
  allDay: boolean;
  /** Wall reading of the first start in the zone (midnight for all-day series). */
  startWall: number;
  /** Length of one occurrence in wall time. */
  durationWall: number;
}

/**
 * Original starts of the occurrences (cancelled or not) that overlap `window`, as canonical keys: UTC instants
 * for timed series, dates for all-day series.
 */
export function expandOccurrences(shape: SeriesShape, window: UtcWindow): string[] {
  const options = RRule.parseString(shape.rule);
  options.dtstart = new Date(shape.startWall);
  options.tzid = null;
  // rrule reads UNTIL=...Z as an instant; this evaluation runs on wall readings, so UNTIL must be one too.
  if (options.until && /UNTIL=\d{8}T\d{6}Z/i.test(shape.rule))
    options.until = new Date(utcToWall(options.until.getTime(), shape.zone));
  const rule = new RRule(options);
  const from = window.from.getTime();
  const to = window.to.getTime();
  // Wall readings and instants differ by less than a day: widen, then filter on exact instants.
  const after = new Date(utcToWall(from, shape.zone) - shape.durationWall - 2 * DAY_MS);
  const before = new Date(utcToWall(to, shape.zone) + 2 * DAY_MS);
  const keys: string[] = [];
  for (const wall of rule.between(after, before, true)) {
    const start = wallToUtc(wall.getTime(), shape.zone);
    const end = wallToUtc(wall.getTime() + shape.durationWall, shape.zone);
    const overlaps = start < to && (end > from || (end === start && start >= from));
    if (overlaps) keys.push(shape.allDay ? formatDate(wall.getTime()) : formatUtcInstant(start));
  }
  return keys;
}

/** The canonical key of an instance's original start (its `originalStart`, else its start). */
export function originalKey(instance: GraphEvent, shape: SeriesShape): string | undefined {
  const text = instance.originalStart ?? (instance.start ? `${instance.start.dateTime}Z` : undefined);
  const utc = text === undefined ? undefined : parseInstant(text);
  if (utc === undefined) return undefined;
  if (!shape.allDay) return formatUtcInstant(utc);
  // All-day originals are midnights: in the series zone (as an instant) or written as a UTC midnight.
  const local = utcToWall(utc, shape.zone);
  const isMidnight = (ms: number): boolean => ms % DAY_MS === 0;
  return formatDate(!isMidnight(local) && isMidnight(utc) ? utc : local);
}

export function shapeOf(event: CanonicalEvent): Mapped<SeriesShape> {
  const recurrence = event.recurrence;
  if (!recurrence) return mappingError('invalid_event', 'The series master has no recurrence.');
  const { timing } = event;
  const zone = recurrence.timeZone;
  if (timing.kind === 'allDay') {
    const start = parseDate(timing.startDate) ?? 0;
    const end = parseDate(timing.endDate) ?? start + DAY_MS;
    return mapped({ rule: recurrence.rrule, zone, allDay: true, startWall: start, durationWall: end - start });
  }
  const start = parseInstant(timing.start) ?? 0;
  const end = parseInstant(timing.end) ?? start;
  const startWall = utcToWall(start, zone);
  return mapped({
    rule: recurrence.rrule,
    zone,
    allDay: false,
    startWall,
    durationWall: utcToWall(end, zone) - startWall,
  });
}

/**
 * Exchange starts a monthly or yearly series on the first date on or after its start that fits the pattern and
 * counts the interval from that occurrence ("the first Thursday of every other month starting August 29, 2017"
 * first falls in September: https://learn.microsoft.com/en-us/graph/outlook-schedule-recurring-events). RFC 5545
 * counts from DTSTART's month, so the canonical series starts at that first occurrence, where both agree.
 */
export function startingAtFirstOccurrence(event: CanonicalEvent): Mapped<CanonicalEvent> {
  const shape = shapeOf(event);
  if (!shape.ok) return shape;
  const { rule, startWall, durationWall, zone } = shape.value;
  const options = RRule.parseString(rule);
  // With interval 1 both count every month or year: the occurrences are the same, the start stays as written.
  if (!/FREQ=(MONTHLY|YEARLY)/i.test(rule) || (options.interval ?? 1) === 1) return mapped(event);
  const first = new RRule({ ...options, dtstart: new Date(startWall), tzid: null, interval: 1, count: 1, until: null })
    .all()[0]
    ?.getTime();
  if (first === undefined || first === startWall) return mapped(event);
  const timing: CanonicalEvent['timing'] =
    event.timing.kind === 'allDay'
      ? { kind: 'allDay', startDate: formatDate(first), endDate: formatDate(first + durationWall) }
      : {
          ...event.timing,
          start: formatUtcInstant(wallToUtc(first, zone)),
          end: formatUtcInstant(wallToUtc(first + durationWall, zone)),
        };
  return mapped({ ...event, timing });
}

/** The canonical series: master fields and rule, exceptions as `modified`, missing occurrences as `exDates`. */
export function toCanonicalSeries(
  master: GraphEvent,
  instances: readonly GraphEvent[],
  window: UtcWindow,
  options: ToCanonicalOptions = {},
): Mapped<CanonicalEvent> {
  const read = toCanonicalEvent(master, options);
  if (!read.ok) return read;
  const base = startingAtFirstOccurrence(read.value);
  if (!base.ok) return base;
  const shape = shapeOf(base.value);
  if (!shape.ok) return shape;
  const present = new Set<string>();
  const modified: ModifiedOccurrence[] = [];
  for (const instance of instances) {
    const key = originalKey(instance, shape.value);
    if (key === undefined)
      return mappingError('invalid_event', `Instance ${instance.id} has no readable original start.`);
    present.add(key);
    if (instance.type !== 'exception') continue;
    const fields = toOccurrenceFields(instance);
    if (!fields.ok) return fields;
    modified.push({ originalStart: key, event: fields.value });
  }
  const exDates = expandOccurrences(shape.value, window).filter((key) => !present.has(key));
  modified.sort((a, b) => a.originalStart.localeCompare(b.originalStart));
  // Non-null: shapeOf(base.value) succeeded above, and it refuses an event without a recurrence.
  const recurrence = { ...base.value.recurrence!, exDates, modified };
  return mapped({ ...base.value, recurrence });
}
