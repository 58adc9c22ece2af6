/**
 * Graph `recurrence {pattern, range}` -> canonical RFC 5545 RRULE text (without `RRULE:`), in one fixed form:
 * FREQ, INTERVAL (when not 1), BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, WKST (weekly, INTERVAL>1, not MO), then COUNT
 * or UNTIL (a day of month past a month's end is Exchange's last day, said exactly: month-days.ts): defaults stay implicit so rules from either side compare equal after core's normalizeRrule.
 * The reverse direction is in rrule-to-recurrence.ts.
 */
import { mapped, mappingError, type Mapped } from './mapping-result';
import { exchangeMonthDay } from './month-days';
import { DAY_MS, parseDate, wallToUtc } from './time-zones';
import type { DayOfWeek, GraphPatternedRecurrence, WeekIndex } from './wire-types';

export const RRULE_DAYS: Record<DayOfWeek, string> = {
  sunday: 'SU',
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
};
export const SET_POSITIONS: Record<WeekIndex, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
const DAY_ORDER: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface SeriesContext {
  /** All-day series end their UNTIL as a DATE; timed ones as a UTC date-time. */
  allDay: boolean;
  /** IANA zone the series is evaluated in. */
  zone: string;
}

/** Graph's enum values in their documented casing: Microsoft's own pages also write them capitalised ("Monday"). */
function lower<T extends string>(value: T | undefined): T | undefined {
  // Cast: used for day names and week indexes, one-word members whose documented casing is all lower case.
  return value === undefined ? undefined : (String(value).toLowerCase() as T);
}

function byDay(days: DayOfWeek[] | undefined): Mapped<string> {
  const known = [...new Set((days ?? []).map((d) => d.toLowerCase()))].filter(
    (d): d is keyof typeof RRULE_DAYS => d in RRULE_DAYS,
  );
  if (known.length === 0) return mappingError('invalid_recurrence', 'The pattern has no daysOfWeek.');
  known.sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
  return mapped(`BYDAY=${known.map((d) => RRULE_DAYS[d]).join(',')}`);
}

/** Exchange's day of month (past a month's end: its last day) as an exact RFC 5545 rule part (month-days.ts). */
function dayOfMonth(value: number | undefined, yearlyMonth?: number): Mapped<string> {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > 31) {
    return mappingError('invalid_recurrence', `dayOfMonth ${String(value)} is not 1-31.`);
  }
  return mapped(exchangeMonthDay(value, yearlyMonth));
}

function month(value: number | undefined): Mapped<string> {
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > 12) {
    return mappingError('invalid_recurrence', `month ${String(value)} is not 1-12.`);
  }
  return mapped(`BYMONTH=${value}`);
}

function setPosition(index: WeekIndex | undefined): string {
  // Graph defaults a missing index to `first`.
  return `BYSETPOS=${SET_POSITIONS[lower(index) ?? 'first'] ?? 1}`;
}

function patternParts(recurrence: GraphPatternedRecurrence): Mapped<string[]> {
  const { pattern } = recurrence;
  const parts: Array<Mapped<string>> = [];
  switch (pattern.type) {
    case 'daily':
      parts.push(mapped('FREQ=DAILY'));
      break;
    case 'weekly':
      parts.push(mapped('FREQ=WEEKLY'), byDay(pattern.daysOfWeek));
      break;
    case 'absoluteMonthly':
      parts.push(mapped('FREQ=MONTHLY'), dayOfMonth(pattern.dayOfMonth));
      break;
    case 'relativeMonthly':
      parts.push(mapped('FREQ=MONTHLY'), byDay(pattern.daysOfWeek), mapped(setPosition(pattern.index)));
      break;
    case 'absoluteYearly':
      parts.push(mapped('FREQ=YEARLY'), month(pattern.month), dayOfMonth(pattern.dayOfMonth, pattern.month));
      break;
    case 'relativeYearly':
      parts.push(
        mapped('FREQ=YEARLY'),
        month(pattern.month),
        byDay(pattern.daysOfWeek),
        mapped(setPosition(pattern.index)),
      );
      break;
    default:
      return mappingError('unsupported_recurrence', `Unknown recurrence pattern type ${String(pattern.type)}.`);
  }
  const out: string[] = [];
  for (const part of parts) {
    if (!part.ok) return part;
    out.push(part.value);
  }
  const interval = pattern.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1) {
    return mappingError('invalid_recurrence', `interval ${String(interval)} is not a positive integer.`);
  }
  if (interval !== 1) out.splice(1, 0, `INTERVAL=${interval}`);
  // WKST only changes which weeks an INTERVAL>1 weekly rule skips; MO is RFC 5545's default, so it stays implicit.
  const wkst = RRULE_DAYS[lower(pattern.firstDayOfWeek) ?? 'sunday'] ?? 'SU';
  if (pattern.type === 'weekly' && interval > 1 && wkst !== 'MO') out.push(`WKST=${wkst}`);
  return mapped(out);
}

/** `YYYYMMDDTHHMMSSZ` for a UTC instant. */
export function formatRruleInstant(utcMs: number): string {
  return new Date(utcMs).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
}

function rangePart(recurrence: GraphPatternedRecurrence, context: SeriesContext): Mapped<string | null> {
  const { range } = recurrence;
  switch (range.type) {
    case 'noEnd':
      return mapped(null);
    case 'numbered': {
      const count = range.numberOfOccurrences ?? 0;
      if (!Number.isInteger(count) || count < 1) {
        return mappingError('invalid_recurrence', `numberOfOccurrences ${String(count)} is not a positive integer.`);
      }
      return mapped(`COUNT=${count}`);
    }
    case 'endDate': {
      const end = parseDate(range.endDate ?? '');
      if (end === undefined)
        return mappingError('invalid_recurrence', `Range endDate "${String(range.endDate)}" is not a date.`);
      if (context.allDay) return mapped(`UNTIL=${(range.endDate ?? '').replace(/-/g, '')}`);
      // Graph's endDate includes every occurrence on that date in the series zone: UNTIL is that date's last second.
      return mapped(`UNTIL=${formatRruleInstant(wallToUtc(end + DAY_MS - 1000, context.zone))}`);
    }
    default:
      return mappingError('unsupported_recurrence', `Unknown recurrence range type ${String(range.type)}.`);
  }
}

/** The canonical RRULE of a series master's Graph recurrence. */
export function graphRecurrenceToRrule(recurrence: GraphPatternedRecurrence, context: SeriesContext): Mapped<string> {
  const pattern = patternParts(recurrence);
  if (!pattern.ok) return pattern;
  const range = rangePart(recurrence, context);
  if (!range.ok) return range;
  return mapped([...pattern.value, ...(range.value ? [range.value] : [])].join(';'));
}
