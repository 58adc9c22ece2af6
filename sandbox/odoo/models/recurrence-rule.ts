/**
 * A recurrence rule the way Odoo 19 holds it (addons/calendar/models/calendar_recurrence.py): a written RRULE is
 * parsed into Odoo's own fields (`_rrule_parse`), occurrences come from those fields, not from the text
 * (`_get_rrule`), and the record's name is made from them. So a rule Odoo cannot hold in its fields changes
 * meaning, as on the real server: `BYDAY=FR;BYSETPOS=-1` becomes weekly on Fridays (BYSETPOS has no field), a rule
 * without COUNT or UNTIL stops after 720 occurrences, UNTIL keeps only its date and ends at the end of that day in
 * the event's zone.
 */
import { Frequency, RRule, Weekday, type ByWeekday, type Options } from 'rrule';
import { validation } from '../errors';

export const MAX_OCCURRENCES = 720;
const DAY_FIELDS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const TYPES: Record<number, string> = {
  [Frequency.DAILY]: 'daily',
  [Frequency.WEEKLY]: 'weekly',
  [Frequency.MONTHLY]: 'monthly',
  [Frequency.YEARLY]: 'yearly',
};
const FREQUENCIES: Record<string, Frequency> = {
  daily: Frequency.DAILY,
  weekly: Frequency.WEEKLY,
  monthly: Frequency.MONTHLY,
  yearly: Frequency.YEARLY,
};
const POSITIONS: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };

export interface RecurrenceFields {
  rrule_type: string;
  interval: number;
  count: number;
  until: string | false;
  end_type: 'count' | 'end_date' | 'forever';
  month_by: 'date' | 'day';
  day: number;
  weekday: string | false;
  byday: string | false;
  mon: boolean;
  tue: boolean;
  wed: boolean;
  thu: boolean;
  fri: boolean;
  sat: boolean;
  sun: boolean;
}

/** Monday = 0, as Python's weekday(). */
const weekdayOf = (d: Date): number => (d.getUTCDay() + 6) % 7;

/** Odoo's `_rrule_parse` of `rule` (no DTSTART line) for a series whose first start is `start` (floating). */
export function parseRule(rule: string, start: Date): RecurrenceFields {
  let options: Partial<Options>;
  try {
    options = RRule.parseString(rule.replace(/;?X-[-\w]+=[^;:]*/g, ''));
  } catch (error) {
    throw validation(`Invalid recurrence rule '${rule}': ${(error as Error).message}`);
  }
  if (options.freq === undefined || !(options.freq in TYPES)) throw validation(`Invalid recurrence rule '${rule}'`);
  const fields: RecurrenceFields = {
    rrule_type: TYPES[options.freq]!,
    interval: options.interval ?? 1,
    count: options.count ?? 0,
    until: untilDate(rule),
    end_type: 'forever',
    month_by: 'date',
    day: 1,
    weekday: false,
    byday: false,
    ...Object.fromEntries(DAY_FIELDS.map((d) => [d, false])),
  } as RecurrenceFields;
  const raw = options.byweekday ?? [];
  const days = (Array.isArray(raw) ? raw : [raw]).map(toWeekday);
  // dateutil keeps the nth of a weekday only for monthly and yearly rules; elsewhere a day is a plain day.
  const nth = options.freq === Frequency.MONTHLY || options.freq === Frequency.YEARLY;
  const plain = days.filter((d) => !nth || !d.n);
  const numbered = days.filter((d) => nth && d.n);
  const filled = plain.length === 0 && numbered.length === 0 && !options.bymonthday && !options.byyearday;
  if (options.freq === Frequency.WEEKLY && filled) plain.push(new Weekday(weekdayOf(start)));
  for (const day of plain) {
    fields[DAY_FIELDS[day.weekday]!] = true;
    fields.rrule_type = 'weekly';
  }
  if (numbered[0]) {
    fields.weekday = DAY_FIELDS[numbered[0].weekday]!.toUpperCase();
    fields.byday = String(numbered[0].n);
    fields.month_by = 'day';
    fields.rrule_type = 'monthly';
  }
  const monthDays = ([] as number[]).concat(options.bymonthday ?? []);
  if (fields.rrule_type === 'monthly' && !numbered[0]) {
    fields.day = monthDays[0] ?? (options.freq === Frequency.MONTHLY && filled ? start.getUTCDate() : fields.day);
    fields.month_by = 'date';
  }
  fields.end_type = fields.until ? 'end_date' : fields.count ? 'count' : 'forever';
  return fields;
}

function toWeekday(day: ByWeekday): Weekday {
  if (typeof day === 'number') return new Weekday(day);
  return typeof day === 'string' ? Weekday.fromStr(day) : day;
}

/** The date of UNTIL as written (dateutil's datetime, stored in a Date field, keeps its date). */
function untilDate(rule: string): string | false {
  const match = /UNTIL=(\d{4})(\d{2})(\d{2})/.exec(rule);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : false;
}

/** Odoo's `_get_rrule`: the rule its fields describe, from `dtstart` (floating). */
function fieldRule(fields: RecurrenceFields, dtstart: Date, count?: number): RRule {
  const options: Partial<Options> = {
    freq: FREQUENCIES[fields.rrule_type] ?? Frequency.WEEKLY,
    interval: fields.interval,
    dtstart,
  };
  if (fields.rrule_type === 'monthly' && fields.month_by === 'date') options.bymonthday = fields.day;
  else if (fields.rrule_type === 'monthly' && fields.month_by === 'day') {
    const index = DAY_FIELDS.indexOf(String(fields.weekday).toLowerCase() as (typeof DAY_FIELDS)[number]);
    options.byweekday = [new Weekday(index, Number(fields.byday))];
  } else if (fields.rrule_type === 'weekly') {
    const days = DAY_FIELDS.map((d, i) => (fields[d] ? i : -1)).filter((i) => i >= 0);
    if (!days.length) throw validation('You have to choose at least one day in the week');
    options.byweekday = days;
    options.wkst = RRule.SU; // en_US starts weeks on Sunday
  }
  if (fields.end_type === 'count') options.count = Math.min(count ?? fields.count, MAX_OCCURRENCES);
  else if (fields.end_type === 'forever') options.count = MAX_OCCURRENCES;
  else if (fields.until) options.until = new Date(`${fields.until}T23:59:59.999Z`);
  return new RRule(options);
}

/**
 * Odoo's `_range_calculation`: occurrences counted from the start of the period (the week or the month), those
 * before the event's day dropped, the count raised to make up for them. Starts and the event day are floating.
 */
export function occurrences(fields: RecurrenceFields, start: Date, sameOffset: (a: Date, b: Date) => boolean): Date[] {
  const period = startOfPeriod(fields, start);
  const from = sameOffset(period, start) ? period : start;
  const day = start.toISOString().slice(0, 10);
  const future = (list: Date[]) => list.filter((d) => d.toISOString().slice(0, 10) >= day);
  let found = future(fieldRule(fields, from).all());
  if (fields.end_type === 'count' && found.length < fields.count) {
    found = future(fieldRule(fields, from, 2 * fields.count - found.length).all());
  }
  return found;
}

function startOfPeriod(fields: RecurrenceFields, start: Date): Date {
  const d = new Date(start.getTime());
  if (fields.rrule_type === 'weekly')
    d.setUTCDate(d.getUTCDate() - (d.getUTCDay() % 7)); // back to Sunday
  else if (fields.rrule_type === 'monthly') d.setUTCDate(1);
  return d;
}

/** Odoo's `get_recurrence_name` (English). */
export function recurrenceName(f: RecurrenceFields): string {
  const end =
    f.end_type === 'count' ? ` for ${f.count} events` : f.end_type === 'end_date' ? ` until ${String(f.until)}` : '';
  switch (f.rrule_type) {
    case 'daily':
      return `Every ${f.interval} Days${end}`;
    case 'weekly': {
      const days = DAY_FIELDS.map((d, i) => (f[d] ? DAY_NAMES[i] : null)).filter(Boolean);
      return `Every ${f.interval} Weeks on ${days.join(', ')}${end}`;
    }
    case 'monthly':
      return f.month_by === 'day'
        ? `Every ${f.interval} Months on the ${POSITIONS[String(f.byday)] ?? ''} ${DAY_NAMES[DAY_FIELDS.indexOf(String(f.weekday).toLowerCase() as (typeof DAY_FIELDS)[number])] ?? ''}${end}`
        : `Every ${f.interval} Months day ${f.day}${end}`;
    default:
      return `Every ${f.interval} Years${end}`;
  }
}

/**
 * Odoo's `_rrule_serialize`: `str()` of the dateutil rule its fields describe, made without a start, so dateutil
 * starts it now (`DTSTART:` the server's time, no zone) and prints FREQ, INTERVAL, WKST, COUNT, UNTIL, BY* parts.
 */
export function serializeRule(f: RecurrenceFields, now: string): string {
  const parts = [`FREQ=${f.rrule_type.toUpperCase()}`];
  if (f.interval !== 1) parts.push(`INTERVAL=${f.interval}`);
  if (f.rrule_type === 'weekly') parts.push('WKST=SU');
  if (f.end_type === 'count') parts.push(`COUNT=${Math.min(f.count, MAX_OCCURRENCES)}`);
  else if (f.end_type === 'forever') parts.push(`COUNT=${MAX_OCCURRENCES}`);
  else if (f.until) parts.push(`UNTIL=${String(f.until).replace(/-/g, '')}T235959`);
  const code = (field: string) => field.slice(0, 2).toUpperCase();
  if (f.rrule_type === 'monthly' && f.month_by === 'date') parts.push(`BYMONTHDAY=${f.day}`);
  else if (f.rrule_type === 'monthly' && f.month_by === 'day') {
    const n = Number(f.byday);
    parts.push(`BYDAY=${n > 0 ? '+' : ''}${n}${code(String(f.weekday))}`);
  } else if (f.rrule_type === 'weekly')
    parts.push(
      `BYDAY=${DAY_FIELDS.filter((d) => f[d])
        .map(code)
        .join(',')}`,
    );
  return `DTSTART:${now.replace(/[-:]/g, '').replace(' ', 'T').slice(0, 15)}\nRRULE:${parts.join(';')}`;
}
