/**
 * Reads and validates Graph's patternedRecurrence from a request body, filling the defaults Graph echoes back
 * (month 0, dayOfMonth 0, firstDayOfWeek sunday, index first, numberOfOccurrences 0, endDate 0001-01-01).
 */
import { badRequest } from './errors';
import { enumValue, isObject } from './json';
import type { DayOfWeek, EventFields, PatternedRecurrence } from './model';
import { windowsName } from './tz';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const PATTERNS = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function integer(value: unknown, fallback: number, property: string): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value)) throw badRequest(`Property '${property}' must be an integer.`);
  return value as number;
}

function invalid(message: string): Error {
  return badRequest(message, 'ErrorInvalidRequest');
}

export function parseRecurrence(value: unknown, fields: EventFields): PatternedRecurrence {
  if (!isObject(value) || !isObject(value.pattern) || !isObject(value.range)) {
    throw invalid('recurrence must have a pattern and a range.');
  }
  const p = value.pattern;
  const r = value.range;
  const daysOfWeek: DayOfWeek[] = Array.isArray(p.daysOfWeek)
    ? p.daysOfWeek.map((d) => enumValue(d, DAYS, 'recurrence.pattern.daysOfWeek'))
    : [];
  const recurrence: PatternedRecurrence = {
    pattern: {
      type: enumValue(p.type, PATTERNS, 'recurrence.pattern.type'),
      interval: integer(p.interval, 1, 'recurrence.pattern.interval'),
      month: integer(p.month, 0, 'recurrence.pattern.month'),
      dayOfMonth: integer(p.dayOfMonth, 0, 'recurrence.pattern.dayOfMonth'),
      daysOfWeek,
      firstDayOfWeek: p.firstDayOfWeek
        ? enumValue(p.firstDayOfWeek, DAYS, 'recurrence.pattern.firstDayOfWeek')
        : 'sunday',
      index: p.index
        ? enumValue(p.index, ['first', 'second', 'third', 'fourth', 'last'] as const, 'recurrence.pattern.index')
        : 'first',
    },
    range: {
      type: enumValue(r.type, ['endDate', 'noEnd', 'numbered'] as const, 'recurrence.range.type'),
      startDate: typeof r.startDate === 'string' ? r.startDate : '',
      endDate: typeof r.endDate === 'string' && r.endDate ? r.endDate : '0001-01-01',
      recurrenceTimeZone: windowsName(
        typeof r.recurrenceTimeZone === 'string' && r.recurrenceTimeZone ? r.recurrenceTimeZone : fields.startTimeZone,
      ),
      numberOfOccurrences: integer(r.numberOfOccurrences, 0, 'recurrence.range.numberOfOccurrences'),
    },
  };
  validate(recurrence);
  return recurrence;
}

function validate({ pattern, range }: PatternedRecurrence): void {
  if (pattern.interval < 1) throw invalid('recurrence.pattern.interval must be at least 1.');
  const needsDays = ['weekly', 'relativeMonthly', 'relativeYearly'].includes(pattern.type);
  if (needsDays && pattern.daysOfWeek.length === 0) throw invalid(`A ${pattern.type} pattern needs daysOfWeek.`);
  const needsDayOfMonth = pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly';
  if (needsDayOfMonth && (pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)) {
    throw invalid(`A ${pattern.type} pattern needs dayOfMonth between 1 and 31.`);
  }
  const needsMonth = pattern.type === 'absoluteYearly' || pattern.type === 'relativeYearly';
  if (needsMonth && (pattern.month < 1 || pattern.month > 12))
    throw invalid(`A ${pattern.type} pattern needs month 1-12.`);
  if (!DATE.test(range.startDate)) throw invalid('recurrence.range.startDate must be a date (yyyy-MM-dd).');
  if (range.type === 'endDate' && (!DATE.test(range.endDate) || range.endDate < range.startDate)) {
    throw invalid('An endDate range needs an endDate on or after its startDate.');
  }
  if (range.type === 'numbered' && range.numberOfOccurrences < 1) {
    throw invalid('A numbered range needs numberOfOccurrences of at least 1.');
  }
}
