/**
 * Rules Odoo 19 cannot hold, refused before anything is written (a write would leave a different series there,
 * which the next read would take for the person's change). What Odoo keeps of a rule (calendar_recurrence.py):
 * `_rrule_parse` keeps the first positive BYMONTHDAY only (a negative one, a list and BYSETPOS are dropped, and the
 * day falls back to 1), and reads BYDAY without an ordinal as weekly days; `_get_rrule` gives a yearly rule no
 * BYMONTH, BYMONTHDAY or BYDAY, so dateutil repeats the first occurrence's date. A monthly day is RFC 5545's: the
 * months without it are skipped.
 * So Exchange's last-day fallback (canonical `BYMONTHDAY=-1` or `BYMONTHDAY=28,..,d;BYSETPOS=-1`: day 29-31 of
 * every month, 29 February every year; server/outlook/month-days.ts) and weekdays of a yearly month have no Odoo
 * form (docs/ERP.md, "Recurrence").
 */
import { ErpError } from '../errors';

function parts(rule: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const piece of rule.replace(/^RRULE:/i, '').split(';')) {
    const at = piece.indexOf('=');
    if (at > 0)
      out.set(
        piece.slice(0, at).trim().toUpperCase(),
        piece
          .slice(at + 1)
          .trim()
          .toUpperCase(),
      );
  }
  return out;
}

/** Why Odoo cannot hold `rule` (canonical RRULE without DTSTART), in the person's words; null when it can. */
export function odooRuleProblem(rule: string): string | null {
  const p = parts(rule);
  const monthDay = p.get('BYMONTHDAY');
  const singleDay = monthDay === undefined || /^\d{1,2}$/.test(monthDay);
  if (p.get('FREQ') === 'MONTHLY' && (!singleDay || (monthDay !== undefined && p.has('BYSETPOS')))) {
    return (
      'Odoo cannot repeat an event on the last day of shorter months (as Outlook does for a monthly day 29, 30 or ' +
      '31): Odoo repeats on one day of the month and skips the months without it. The series is not written to ' +
      'Odoo; a day from 1 to 28 syncs.'
    );
  }
  if (p.get('FREQ') === 'YEARLY' && (!singleDay || p.has('BYSETPOS') || p.has('BYDAY'))) {
    return p.has('BYDAY')
      ? 'Odoo cannot repeat an event yearly on a weekday of a month (such as the last Thursday of November): it ' +
          'repeats on the date of the first occurrence only. The series is not written to Odoo.'
      : 'Odoo cannot repeat an event on 29 February and fall back to 28 February in other years (as Outlook ' +
          'does): it repeats on the date of the first occurrence only. The series is not written to Odoo.';
  }
  return null;
}

/** Throws the refusal (a validation problem of this event, shown to the person) when Odoo cannot hold `rule`. */
export function assertOdooHoldsRule(rule: string): void {
  const problem = odooRuleProblem(rule);
  if (problem !== null) throw new ErpError('validation', problem);
}
