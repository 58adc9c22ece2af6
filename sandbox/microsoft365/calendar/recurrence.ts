/**
 * Recurrence expansion: Graph's patternedRecurrence -> occurrence start/end instants, computed with `rrule` on
 * floating wall times in the recurrence time zone, then converted to UTC (so 09:00 stays 09:00 across DST).
 *
 * Exchange is not RFC 5545 (semantics 'exchange', the default):
 * - a day of month past the month's end falls on its last day: the 31st of a monthly series is 30 April and
 *   28/29 February; a yearly 29 February is 28 February in other years
 *   (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/dayofmonth);
 * - the first occurrence is the first date on or after range.startDate that fits the pattern, and a monthly or
 *   yearly interval counts from that occurrence's month: "the first Thursday of every other month starting
 *   August 29, 2017" first falls in September (https://learn.microsoft.com/en-us/graph/outlook-schedule-recurring-events;
 *   MS-OXOCAL 2.2.1.44.1.1 computes FirstDateTime from the first occurrence for every monthly and yearly pattern).
 * `rrule` does both with rules of its own: BYMONTHDAY 28..N with BYSETPOS -1, and a second rule started on the
 * first occurrence. Semantics 'rfc5545' keeps plain RFC 5545 for comparison.
 */
import { Frequency, RRule, type Options, type Weekday } from 'rrule';
import type { DayOfWeek, EventRecord, PatternedRecurrence, RecurrenceSemantics, WeekIndex } from './model';
import { resolveIana, utcToWall, wallToUtc } from './tz';

const DAY_MS = 86_400_000;
const WEEKDAYS: Record<DayOfWeek, Weekday> = {
  monday: RRule.MO,
  tuesday: RRule.TU,
  wednesday: RRule.WE,
  thursday: RRule.TH,
  friday: RRule.FR,
  saturday: RRule.SA,
  sunday: RRule.SU,
};
const SET_POSITION: Record<WeekIndex, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
const MONTH_BASED = new Set(['absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']);

export function dateOnly(text: string): number {
  const [y, m, d] = text.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** BYMONTHDAY for a day of month: Exchange's last-day fallback is "the last of 28..day that the month has". */
function monthDays(day: number, semantics: RecurrenceSemantics): Partial<Options> {
  if (semantics === 'rfc5545' || day <= 28) return { bymonthday: [day] };
  const days: number[] = [];
  for (let d = 28; d <= day; d++) days.push(d);
  return { bymonthday: days, bysetpos: [-1] };
}

/** rrule options for a recurrence whose first occurrence may start at `dtstartWall` (floating ms). */
export function toRRuleOptions(
  recurrence: PatternedRecurrence,
  dtstartWall: number,
  semantics: RecurrenceSemantics = 'exchange',
): Partial<Options> {
  const { pattern, range } = recurrence;
  const options: Partial<Options> = {
    dtstart: new Date(dtstartWall),
    interval: Math.max(1, pattern.interval),
    wkst: WEEKDAYS[pattern.firstDayOfWeek],
  };
  const days = pattern.daysOfWeek.map((d) => WEEKDAYS[d]);
  switch (pattern.type) {
    case 'daily':
      options.freq = Frequency.DAILY;
      break;
    case 'weekly':
      Object.assign(options, { freq: Frequency.WEEKLY, byweekday: days });
      break;
    case 'absoluteMonthly':
      Object.assign(options, { freq: Frequency.MONTHLY, ...monthDays(pattern.dayOfMonth, semantics) });
      break;
    case 'relativeMonthly':
      Object.assign(options, { freq: Frequency.MONTHLY, byweekday: days, bysetpos: [SET_POSITION[pattern.index]] });
      break;
    case 'absoluteYearly':
      Object.assign(options, {
        freq: Frequency.YEARLY,
        bymonth: [pattern.month],
        ...monthDays(pattern.dayOfMonth, semantics),
      });
      break;
    case 'relativeYearly':
      Object.assign(options, {
        freq: Frequency.YEARLY,
        bymonth: [pattern.month],
        byweekday: days,
        bysetpos: [SET_POSITION[pattern.index]],
      });
      break;
  }
  if (range.type === 'endDate') options.until = new Date(dateOnly(range.endDate) + DAY_MS - 1);
  if (range.type === 'numbered') options.count = Math.max(1, range.numberOfOccurrences);
  return options;
}

/** The rule a series expands with: for Exchange, month-based intervals restart at the first occurrence. */
function seriesRule(recurrence: PatternedRecurrence, dtstart: number, semantics: RecurrenceSemantics): RRule {
  const options = toRRuleOptions(recurrence, dtstart, semantics);
  if (semantics === 'rfc5545' || !MONTH_BASED.has(recurrence.pattern.type) || (options.interval ?? 1) === 1) {
    return new RRule(options, true);
  }
  const first = new RRule({ ...options, interval: 1, count: 1 }, true).all()[0];
  return new RRule(first ? { ...options, dtstart: first } : options, true);
}

/** The zone a series expands in: its recurrenceTimeZone, else the master's start zone. */
export function seriesZone(master: EventRecord): string {
  const recurrence = master.fields.recurrence;
  return resolveIana(recurrence?.range.recurrenceTimeZone || '') ?? resolveIana(master.fields.startTimeZone) ?? 'UTC';
}

export interface OccurrenceSlot {
  originalStart: number;
  start: number;
  end: number;
}

/** Rules by series fingerprint (building one costs a first-occurrence search); rrule's own result cache is off. */
const rules = new Map<string, RRule>();
const MAX_RULES = 500;

function cachedRule(recurrence: PatternedRecurrence, dtstart: number, semantics: RecurrenceSemantics): RRule {
  const key = `${semantics}|${dtstart}|${JSON.stringify(recurrence)}`;
  let rule = rules.get(key);
  if (!rule) {
    if (rules.size >= MAX_RULES) rules.delete(rules.keys().next().value!);
    rule = seriesRule(recurrence, dtstart, semantics);
    rules.set(key, rule);
  }
  return rule;
}

/** Occurrences of a master (cancelled ones included) whose span overlaps [fromUtc, toUtc). */
export function expandSeries(
  master: EventRecord,
  fromUtc: number,
  toUtc: number,
  semantics: RecurrenceSemantics = 'exchange',
): OccurrenceSlot[] {
  const recurrence = master.fields.recurrence;
  if (!recurrence) return [];
  const zone = seriesZone(master);
  const startWall = utcToWall(master.fields.start, zone);
  const durationWall = utcToWall(master.fields.end, zone) - startWall;
  const timeOfDay = ((startWall % DAY_MS) + DAY_MS) % DAY_MS;
  const dtstart = dateOnly(recurrence.range.startDate) + timeOfDay;
  const rule = cachedRule(recurrence, dtstart, semantics);
  // Wall and UTC differ by at most a day; widen the search and filter on exact instants.
  const after = new Date(utcToWall(fromUtc, zone) - durationWall - 2 * DAY_MS);
  const before = new Date(utcToWall(toUtc, zone) + 2 * DAY_MS);
  const slots: OccurrenceSlot[] = [];
  for (const wall of rule.between(after, before, true)) {
    const start = wallToUtc(wall.getTime(), zone);
    const end = wallToUtc(wall.getTime() + durationWall, zone);
    const overlaps = start < toUtc && (end > fromUtc || (end === start && start >= fromUtc));
    if (overlaps) slots.push({ originalStart: start, start, end });
  }
  return slots;
}

/** The occurrence of a master that starts at `originalStart` (UTC), if the series has one there. */
export function occurrenceAt(
  master: EventRecord,
  originalStart: number,
  semantics: RecurrenceSemantics = 'exchange',
): OccurrenceSlot | undefined {
  return expandSeries(master, originalStart, originalStart + 1, semantics).find(
    (s) => s.originalStart === originalStart,
  );
}
