/**
 * Exchange's day of month is not RFC 5545's. Exchange: "If for a particular month this value is larger than the
 * number of days in the month, the last day of the month is assumed" (the 31st of a monthly series is 30 April
 * and 28/29 February; a yearly 29 February is 28 February in other years):
 * https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/absolutemonthlyrecurrence and
 * https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/dayofmonth (Graph's
 * recurrencePattern.dayOfMonth is the same Exchange property). RFC 5545 skips a month without BYMONTHDAY's day.
 *
 * The canonical rule says Exchange's meaning in RFC 5545 terms, exactly (docs/ERP.md, "Recurrence"):
 * - a day that every month of the rule has (1-28; a yearly day its month always has) stays `BYMONTHDAY=d`;
 * - day 31 of every month, or a yearly day past its month's length (29 February): `BYMONTHDAY=-1`, the last day;
 * - day 29 or 30 of every month: `BYMONTHDAY=28,...,d;BYSETPOS=-1`, the last of the days from 28 to d the month has.
 * Read back, any contiguous run of days from at most 28 up to d with BYSETPOS=-1 is day d, and BYMONTHDAY=-1 is the
 * month's last day; an RFC rule on day 29-31 without them skips months, which Outlook cannot say.
 */
import { mapped, mappingError, type Mapped } from './mapping-result';

/** The most days `month` (1-12) ever has. */
export function longestMonth(month: number): number {
  return month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The RRULE parts for Exchange's `dayOfMonth` (1-31), monthly or in the yearly `month`. */
export function exchangeMonthDay(day: number, month?: number): string {
  if (month !== undefined)
    return day < longestMonth(month) || (day === longestMonth(month) && month !== 2)
      ? `BYMONTHDAY=${day}`
      : 'BYMONTHDAY=-1';
  if (day <= 28) return `BYMONTHDAY=${day}`;
  if (day === 31) return 'BYMONTHDAY=-1';
  const days: number[] = [];
  for (let d = 28; d <= day; d++) days.push(d);
  return `BYMONTHDAY=${days.join(',')};BYSETPOS=-1`;
}

/**
 * Exchange's `dayOfMonth` for a rule's BYMONTHDAY (and BYSETPOS), monthly or in the yearly `month`; `fallback` is
 * the series start's day when the rule has no BYMONTHDAY. An error when Exchange cannot repeat like the rule.
 */
export function dayOfMonthFor(
  byMonthDay: string | undefined,
  bySetPos: string | undefined,
  fallback: number,
  month?: number,
): Mapped<number> {
  const shortest = month === undefined ? 28 : month === 2 ? 28 : longestMonth(month);
  const longest = month === undefined ? 31 : longestMonth(month);
  if (byMonthDay === '-1' && bySetPos === undefined) return mapped(longest);
  const days = (byMonthDay ?? String(fallback)).split(',').map(Number);
  if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 31)) {
    return mappingError('unsupported_recurrence', `Outlook cannot express BYMONTHDAY=${byMonthDay}.`);
  }
  if (bySetPos !== undefined) {
    // Non-null: split gives at least one item, and every index below is inside the list.
    const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
    // Non-null: as above.
    const last = days[days.length - 1]!;
    // The last of days[0]..last the month has is min(last, month length) when days[0] is a day every month has.
    // Non-null: as above.
    if (bySetPos === '-1' && contiguous && days[0]! <= shortest && last >= shortest)
      return mapped(Math.min(last, longest));
    return mappingError(
      'unsupported_recurrence',
      `Outlook cannot express BYMONTHDAY=${byMonthDay};BYSETPOS=${bySetPos}.`,
    );
  }
  if (days.length !== 1)
    return mappingError('unsupported_recurrence', `Outlook cannot express BYMONTHDAY=${byMonthDay}.`);
  // Non-null: days holds exactly one item here.
  const day = days[0]!;
  if (day > longest) return mappingError('invalid_recurrence', `Month ${month} has no day ${day}.`);
  // RFC 5545 skips the months (or years) without this day; Exchange would put it on their last day instead.
  if (day > shortest) {
    return mappingError(
      'unsupported_recurrence',
      `Outlook cannot repeat only in the ${month === undefined ? 'months' : 'years'} that have day ${day}: it uses the last day of the others.`,
    );
  }
  return mapped(day);
}
