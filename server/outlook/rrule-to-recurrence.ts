/**
 * Canonical RFC 5545 RRULE -> Graph `recurrence {pattern, range}`. Rules Graph cannot express (sub-daily
 * frequencies, BYHOUR/BYWEEKNO/BYYEARDAY, several month days, ordinals other than 1-4/-1...) come back as a typed
 * `unsupported_recurrence` value, never a throw. The reverse direction is in recurrence-to-rrule.ts.
 */
import { mapped, mappingError, type Mapped } from './mapping-result';
import { dayOfMonthFor } from './month-days';
import { RRULE_DAYS, SET_POSITIONS, type SeriesContext } from './recurrence-to-rrule';
import { DAY_MS, formatDate, parseGraphDateTime, utcToWall, weekdayOf } from './time-zones';
import type { DayOfWeek, GraphPatternedRecurrence, GraphRecurrencePattern, WeekIndex } from './wire-types';

const SUPPORTED_KEYS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
const DAY_BY_CODE = new Map<string, DayOfWeek>(
  // Cast: Object.entries types keys as string; RRULE_DAYS is keyed by DayOfWeek.
  Object.entries(RRULE_DAYS).map(([day, code]) => [code, day as DayOfWeek]),
);
const INDEX_BY_POSITION = new Map<number, WeekIndex>(
  // Cast: Object.entries types keys as string; SET_POSITIONS is keyed by WeekIndex.
  Object.entries(SET_POSITIONS).map(([i, p]) => [p, i as WeekIndex]),
);
const WEEKDAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface SeriesStart extends SeriesContext {
  /** Wall reading (floating ms) of the series' first start in `zone`; midnight of the start date when all-day. */
  startWall: number;
}

type Parts = Map<string, string>;

function parse(rule: string): Mapped<Parts> {
  const parts: Parts = new Map();
  const body = rule.trim().replace(/^RRULE:/i, '');
  for (const piece of body.split(';').filter((p) => p !== '')) {
    const [key, value, ...rest] = piece.split('=');
    if (!key || value === undefined || value === '' || rest.length > 0) {
      return mappingError('invalid_recurrence', `"${piece}" is not KEY=VALUE.`);
    }
    const name = key.toUpperCase();
    if (parts.has(name)) return mappingError('invalid_recurrence', `${name} appears twice.`);
    if (!SUPPORTED_KEYS.has(name))
      return mappingError('unsupported_recurrence', `Outlook recurrence cannot express ${name}.`);
    parts.set(name, value.toUpperCase());
  }
  return mapped(parts);
}

function positiveInt(
  text: string | undefined,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): Mapped<number | undefined> {
  if (text === undefined) return mapped(undefined);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max)
    return mappingError('invalid_recurrence', `${name}=${text} is out of range.`);
  return mapped(value);
}

interface DaySpec {
  days: DayOfWeek[];
  /** The ordinal written on the day itself (`2MO`), when there is one. */
  ordinal: number | undefined;
}

function parseDays(text: string | undefined): Mapped<DaySpec | undefined> {
  if (text === undefined) return mapped(undefined);
  const days: DayOfWeek[] = [];
  const ordinals = new Set<number | undefined>();
  for (const item of text.split(',')) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    const day = m?.[2] === undefined ? undefined : DAY_BY_CODE.get(m[2]);
    if (!m || !day) return mappingError('invalid_recurrence', `BYDAY item "${item}" is not a weekday.`);
    days.push(day);
    ordinals.add(m[1] === undefined ? undefined : Number(m[1]));
  }
  const ordinal = [...ordinals][0];
  if (ordinals.size > 1 || (ordinal !== undefined && days.length > 1)) {
    return mappingError(
      'unsupported_recurrence',
      `Outlook cannot express BYDAY=${text} (one ordinal weekday at most).`,
    );
  }
  return mapped({ days, ordinal });
}

function relativeIndex(spec: DaySpec, setPos: string | undefined): Mapped<WeekIndex> {
  if (spec.ordinal !== undefined && setPos !== undefined) {
    return mappingError('unsupported_recurrence', 'BYDAY ordinals combined with BYSETPOS.');
  }
  const position = spec.ordinal ?? (setPos === undefined ? undefined : Number(setPos));
  const index = position === undefined ? undefined : INDEX_BY_POSITION.get(position);
  if (!index) {
    return mappingError(
      'unsupported_recurrence',
      'Outlook needs one position among 1, 2, 3, 4 and -1 for weekdays in a month.',
    );
  }
  return mapped(index);
}

function monthlyOrYearly(parts: Parts, start: SeriesStart, yearly: boolean): Mapped<GraphRecurrencePattern> {
  const days = parseDays(parts.get('BYDAY'));
  if (!days.ok) return days;
  const startDate = new Date(start.startWall);
  const monthValue = positiveInt(parts.get('BYMONTH'), 'BYMONTH', 12);
  if (!monthValue.ok)
    return parts.get('BYMONTH')?.includes(',')
      ? mappingError('unsupported_recurrence', 'Outlook cannot express several months.')
      : monthValue;
  if (!yearly && monthValue.value !== undefined)
    return mappingError('unsupported_recurrence', 'Outlook cannot express BYMONTH on a monthly rule.');
  const month = yearly ? { month: monthValue.value ?? startDate.getUTCMonth() + 1 } : {};
  if (days.value) {
    if (parts.has('BYMONTHDAY'))
      return mappingError('unsupported_recurrence', 'Outlook cannot combine BYDAY and BYMONTHDAY.');
    if (yearly && monthValue.value === undefined)
      return mappingError('unsupported_recurrence', 'Outlook cannot express weekdays of a year without BYMONTH.');
    const index = relativeIndex(days.value, parts.get('BYSETPOS'));
    if (!index.ok) return index;
    const type = yearly ? 'relativeYearly' : 'relativeMonthly';
    return mapped({ type, interval: 1, ...month, daysOfWeek: days.value.days, index: index.value });
  }
  if (parts.has('BYSETPOS') && !parts.has('BYMONTHDAY'))
    return mappingError('unsupported_recurrence', 'BYSETPOS without BYDAY or BYMONTHDAY.');
  const dayOfMonth = dayOfMonthFor(
    parts.get('BYMONTHDAY'),
    parts.get('BYSETPOS'),
    startDate.getUTCDate(),
    yearly ? month.month : undefined,
  );
  if (!dayOfMonth.ok) return dayOfMonth;
  return mapped({
    type: yearly ? 'absoluteYearly' : 'absoluteMonthly',
    interval: 1,
    ...month,
    dayOfMonth: dayOfMonth.value,
  });
}

function pattern(parts: Parts, start: SeriesStart): Mapped<GraphRecurrencePattern> {
  const freq = parts.get('FREQ');
  const only = (allowed: string[]): boolean =>
    [...parts.keys()].every((k) => !k.startsWith('BY') || allowed.includes(k));
  switch (freq) {
    case 'DAILY':
      if (!only([])) return mappingError('unsupported_recurrence', 'Outlook cannot express BY* parts on a daily rule.');
      return mapped({ type: 'daily', interval: 1 });
    case 'WEEKLY': {
      if (!only(['BYDAY'])) return mappingError('unsupported_recurrence', 'Outlook weekly rules take BYDAY only.');
      const days = parseDays(parts.get('BYDAY'));
      if (!days.ok) return days;
      if (days.value?.ordinal !== undefined)
        return mappingError('invalid_recurrence', 'Weekly BYDAY items take no ordinal.');
      // Non-null: weekdayOf gives 0-6, WEEKDAYS' indexes.
      const daysOfWeek = days.value?.days ?? [WEEKDAYS[weekdayOf(start.startWall)]!];
      const wkst = DAY_BY_CODE.get(parts.get('WKST') ?? 'MO');
      if (!wkst) return mappingError('invalid_recurrence', `WKST=${parts.get('WKST')} is not a weekday.`);
      return mapped({ type: 'weekly', interval: 1, daysOfWeek, firstDayOfWeek: wkst });
    }
    case 'MONTHLY':
    case 'YEARLY':
      return monthlyOrYearly(parts, start, freq === 'YEARLY');
    case undefined:
      return mappingError('invalid_recurrence', 'The rule has no FREQ.');
    default:
      return mappingError('unsupported_recurrence', `Outlook cannot express FREQ=${freq}.`);
  }
}

/** The wall reading of an UNTIL value in the series zone (`YYYYMMDD`, `...THHMMSSZ`, or floating `...THHMMSS`). */
function untilWall(text: string, zone: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  if (!m) return undefined;
  const wall = parseGraphDateTime(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`);
  if (wall === undefined) return undefined;
  return m[7] ? utcToWall(wall, zone) : wall;
}

function range(parts: Parts, start: SeriesStart): Mapped<GraphPatternedRecurrence['range']> {
  const base = { startDate: formatDate(start.startWall), recurrenceTimeZone: start.zone };
  const count = positiveInt(parts.get('COUNT'), 'COUNT');
  if (!count.ok) return count;
  const until = parts.get('UNTIL');
  if (count.value !== undefined && until !== undefined)
    return mappingError('invalid_recurrence', 'COUNT and UNTIL together.');
  if (count.value !== undefined) return mapped({ type: 'numbered', ...base, numberOfOccurrences: count.value });
  if (until === undefined) return mapped({ type: 'noEnd', ...base });
  const wall = untilWall(until, start.zone);
  if (wall === undefined) return mappingError('invalid_recurrence', `UNTIL=${until} is not a date or date-time.`);
  const timeOfDay = (ms: number): number => ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  // The last occurrence is on UNTIL's date only when its time of day is not later than UNTIL's.
  // A date-only UNTIL (RFC 5545 wants a date-time on timed series, but it is common) includes its whole date.
  const dateOnly = until.length === 8;
  const lastDay = !dateOnly && timeOfDay(wall) < timeOfDay(start.startWall) ? wall - DAY_MS : wall;
  const endDate = formatDate(lastDay);
  if (endDate < base.startDate) return mappingError('invalid_recurrence', `UNTIL=${until} is before the series start.`);
  return mapped({ type: 'endDate', ...base, endDate });
}

/** The Graph recurrence for a canonical rule whose series starts at `start`. */
export function rruleToGraphRecurrence(rule: string, start: SeriesStart): Mapped<GraphPatternedRecurrence> {
  const parts = parse(rule);
  if (!parts.ok) return parts;
  const interval = positiveInt(parts.value.get('INTERVAL'), 'INTERVAL', 999);
  if (!interval.ok) return interval;
  const weekStart = parts.value.get('WKST');
  if (weekStart !== undefined && parts.value.get('FREQ') !== 'WEEKLY' && !DAY_BY_CODE.has(weekStart)) {
    return mappingError('invalid_recurrence', `WKST=${parts.value.get('WKST')} is not a weekday.`);
  }
  const shape = pattern(parts.value, start);
  if (!shape.ok) return shape;
  const end = range(parts.value, start);
  if (!end.ok) return end;
  return mapped({ pattern: { ...shape.value, interval: interval.value ?? 1 }, range: end.value });
}
