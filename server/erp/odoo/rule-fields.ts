/**
 * A rule as Odoo's own recurrence fields, for a write to an existing series. Odoo 19 drops a written `rrule` text
 * when it rewrites a series (calendar_event.py `_rewrite_recurrence`: `new_values.pop('rrule', None)`) and makes
 * the new recurrence from the old one's fields plus the fields written; measured on real Odoo by
 * test/sandbox/odoo/differential ("series rule rewritten with all_events"). The fields are what Odoo's
 * `_rrule_parse` (calendar_recurrence.py) makes of the text, every weekday flag set so none of the old rule's or
 * of the base event's day is left over.
 */
const DAY_FIELDS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** Odoo's weekday field of an RRULE day code; a code that is none is a malformed rule, not a day to skip. */
function dayField(code: string): (typeof DAY_FIELDS)[number] {
  const field = DAY_FIELDS[DAY_CODES.indexOf(code)];
  if (field === undefined) throw new Error(`Not a weekday in a recurrence rule: ${code}`);
  return field;
}
const TYPES: Record<string, string> = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', YEARLY: 'yearly' };

/**
 * `rule`: the RRULE part in the form the adapter writes (odoo-rule.ts); `firstDay`: the series' first date
 * (`YYYY-MM-DD`, in its zone), which dateutil uses for a weekly rule without BYDAY or a monthly one without a day.
 */
export function ruleFields(rule: string, firstDay: string): Record<string, unknown> {
  const p = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((piece) => piece.split('='))
      .map(([k = '', v = '']) => [k.trim().toUpperCase(), v.trim().toUpperCase()]),
  );
  const freq = p.get('FREQ') ?? 'WEEKLY';
  const until = /^(\d{4})(\d{2})(\d{2})/.exec(p.get('UNTIL') ?? '');
  const count = Number(p.get('COUNT') ?? 0);
  const out: Record<string, unknown> = {
    rrule_type: TYPES[freq] ?? 'weekly',
    interval: Number(p.get('INTERVAL') ?? 1) || 1,
    end_type: until ? 'end_date' : count ? 'count' : 'forever',
    ...(until ? { until: `${until[1]}-${until[2]}-${until[3]}` } : {}),
    ...(count && !until ? { count } : {}),
    ...Object.fromEntries(DAY_FIELDS.map((d) => [d, false])),
  };
  const days = (p.get('BYDAY') ?? '').split(',').filter(Boolean);
  const numbered = days.map((d) => /^([+-]?\d)([A-Z]{2})$/.exec(d)).find((m) => m !== null);
  const nth = (freq === 'MONTHLY' || freq === 'YEARLY') && numbered;
  const plain = days.filter((d) => /^[A-Z]{2}$/.test(d) || (!nth && /^[+-]?\d[A-Z]{2}$/.test(d)));
  // Non-null: a remainder of 7 indexes one of the 7 day codes.
  const firstWeekday = DAY_CODES[(new Date(`${firstDay}T00:00:00Z`).getUTCDay() + 6) % 7]!;
  if (freq === 'WEEKLY' && days.length === 0) plain.push(firstWeekday);
  for (const day of plain) {
    out[dayField(day.slice(-2))] = true;
    out.rrule_type = 'weekly';
  }
  if (nth) {
    // Non-null: the day pattern matched, so its code group is present.
    out.weekday = dayField(nth[2]!).toUpperCase();
    out.byday = String(Number(nth[1]));
    out.month_by = 'day';
    out.rrule_type = 'monthly';
  } else if (out.rrule_type === 'monthly') {
    out.month_by = 'date';
    out.day = Number((p.get('BYMONTHDAY') ?? '').split(',')[0]) || Number(firstDay.slice(8, 10));
  }
  return out;
}
