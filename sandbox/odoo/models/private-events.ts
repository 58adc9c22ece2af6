/**
 * Odoo 19's private events (addons/calendar): the global record rule "Private events" (security/
 * calendar_security.xml: create, write and unlink of a private event only for its organizer or an attendee) and the
 * read mask of `CalendarEvent._fetch_query` (for a reader who is neither, every field but the public ones reads
 * False, the name "Busy", the attendees none). No group lifts either; only superuser mode, which no API call has.
 * Not modelled: an event without a privacy whose organizer's calendar is private by default (also masked in Odoo).
 */
import type { Env } from '../env';
import { OdooFault } from '../errors';
import type { Row } from './types';

/** `CalendarEvent._get_public_fields` (recurrent, time and the listed fields; no custom fields here). */
const PUBLIC_FIELDS = new Set([
  ...['byday', 'until', 'rrule_type', 'month_by', 'event_tz', 'rrule', 'interval', 'count', 'end_type'],
  ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'day', 'weekday'],
  ...['start', 'stop', 'start_date', 'stop_date'],
  ...['id', 'active', 'allday', 'duration', 'user_id', 'partner_id', 'recurrence_id', 'show_as', 'privacy'],
]);

/** `_check_private_event_conditions` for the caller: a private event they neither organize nor attend. */
export function hiddenFrom(env: Env, row: Row): boolean {
  if (env.context.__sudo === true || row.privacy !== 'private' || Number(row.user_id) === env.uid) return false;
  const partner = Number(env.db.row('res.users', env.uid)?.partner_id);
  return !((row.partner_ids as number[] | undefined) ?? []).includes(partner);
}

/** The record rule: AccessError when the caller may not `operation` this private event. */
export function checkPrivateRule(env: Env, row: Row, operation: 'create' | 'write' | 'unlink'): void {
  if (!hiddenFrom(env, row)) return;
  throw new OdooFault(
    'odoo.exceptions.AccessError',
    `Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, you are not allowed to ` +
      `${operation === 'unlink' ? 'delete' : operation === 'write' ? 'modify' : 'create'} this document ` +
      `(Calendar Event, id=${row.id}): only its organizer and attendees may (rule "Private events").`,
  );
}

/** The `_fetch_query` mask on one read row, when a non-public field was asked for. */
export function maskPrivate(env: Env, row: Row, out: Record<string, unknown>, names: readonly string[]): void {
  if (!names.some((name) => !PUBLIC_FIELDS.has(name)) || !hiddenFrom(env, row)) return;
  for (const name of names) {
    if (PUBLIC_FIELDS.has(name)) continue;
    out[name] = name === 'name' || name === 'display_name' ? 'Busy' : Array.isArray(out[name]) ? [] : false;
  }
}
