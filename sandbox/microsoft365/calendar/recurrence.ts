/**
 * Recurrence expansion: Graph's patternedRecurrence -> occurrence start/end instants, computed with `rrule` on
 * floating wall times in the recurrence time zone, then converted to UTC (so 09:00 stays 09:00 across DST).
 */
import { Frequency, RRule, type Options, type Weekday } from 'rrule';
import type { DayOfWeek, EventRecord, PatternedRecurrence, WeekIndex } from './model';
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

function dateOnly(text: string): number {
  const [y, m, d] = text.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** rrule options for a recurrence whose first occurrence may start at `dtstartWall` (floating ms). */
export function toRRuleOptions(recurrence: PatternedRecurrence, dtstartWall: number): Partial<Options> {
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
      Object.assign(options, { freq: Frequency.MONTHLY, bymonthday: [pattern.dayOfMonth] });
      break;
    case 'relativeMonthly':
      Object.assign(options, { freq: Frequency.MONTHLY, byweekday: days, bysetpos: [SET_POSITION[pattern.index]] });
      break;
    case 'absoluteYearly':
      Object.assign(options, { freq: Frequency.YEARLY, bymonth: [pattern.month], bymonthday: [pattern.dayOfMonth] });
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

/** Occurrences of a master (cancelled ones included) whose span overlaps [fromUtc, toUtc). */
export function expandSeries(master: EventRecord, fromUtc: number, toUtc: number): OccurrenceSlot[] {
  const recurrence = master.fields.recurrence;
  if (!recurrence) return [];
  const zone = seriesZone(master);
  const startWall = utcToWall(master.fields.start, zone);
  const durationWall = utcToWall(master.fields.end, zone) - startWall;
  const timeOfDay = ((startWall % DAY_MS) + DAY_MS) % DAY_MS;
  const dtstart = dateOnly(recurrence.range.startDate) + timeOfDay;
  const rule = new RRule(toRRuleOptions(recurrence, dtstart));
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

/** Whether `originalStart` (UTC) is one of the series' occurrences. */
export function isOccurrenceOf(master: EventRecord, originalStart: number): boolean {
  return expandSeries(master, originalStart, originalStart + 1).some((s) => s.originalStart === originalStart);
}
