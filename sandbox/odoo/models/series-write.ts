/**
 * Odoo 19's write on one occurrence with `recurrence_update` 'all_events' or 'future_events'
 * (addons/calendar/models/calendar_event.py, `write` lines 768-832). A change of times or of the rule does not
 * move the existing events: Odoo archives them and makes a new recurrence with new events.
 * - all_events (and future_events on the base event): `_rewrite_recurrence` (lines 1473-1512) shifts the base event
 *   by the edited occurrence's change (`_get_time_update_dict`, 1381-1408), archives every event of the series
 *   (`action_mass_archive`, 1186-1193), unlinks the recurrence, writes the values on the base and makes a new
 *   recurrence from the old one's fields (a written `rrule` text is dropped: `new_values.pop('rrule')`, 1504).
 *   Without a time or rule change, the values are written on every event (`_write_events`).
 * - future_events from a later occurrence: `_update_future_events` (1443-1471) ends the recurrence before it
 *   (`_stop_at`, calendar_recurrence.py 339-363), archives the events from it on, and makes a new recurrence from
 *   the edited occurrence with as many events as were detached.
 */
import type { Env } from '../env';
import { unlink, write } from '../orm';
import { fromFloating, toFloating } from '../time-zone';
import { createRecurrenceFromFields, expand } from './recurrence';
import { parseRule, recurrenceName, serializeRule, type RecurrenceFields } from './recurrence-rule';
import type { Row } from './types';

const TIME_FIELDS = ['start', 'stop', 'start_date', 'stop_date'];
/** Odoo's _get_recurrent_fields. */
const RECURRENT_FIELDS = [
  'byday',
  'until',
  'rrule_type',
  'month_by',
  'event_tz',
  'rrule',
  'interval',
  'count',
  'end_type',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'day',
  'weekday',
];
const DAY_FIELDS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const COPIED_RULE_FIELDS = RECURRENT_FIELDS.filter((f) => f !== 'rrule');

const fromNaive = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);
const toNaive = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');
const internalOf = (env: Env): Env => ({ ...env, context: { ...env.context, __internal: true } });

/** Handles the write when Odoo would rewrite or split the series; false when the generic write applies. */
export function seriesWrite(env: Env, ids: number[], input: Record<string, unknown>): boolean {
  const mode = input.recurrence_update;
  if (env.context.__internal === true || ids.length !== 1) return false;
  if (mode !== 'all_events' && mode !== 'future_events') return false;
  const row = env.db.row('calendar.event', ids[0]!);
  if (!row?.recurrence_id || input.recurrency === false) return false;
  const recurrence = env.db.row('calendar.recurrence', Number(row.recurrence_id));
  if (!recurrence) return false;
  const values: Record<string, unknown> = {};
  const timeValues: Record<string, unknown> = {};
  const ruleValues: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'recurrence_update') continue;
    if (RECURRENT_FIELDS.includes(k)) ruleValues[k] = v;
    else if (TIME_FIELDS.includes(k)) timeValues[k] = v;
    else values[k] = v;
  }
  const futureEdge = mode === 'future_events' && recurrence.base_event_id === row.id;
  if (mode === 'all_events' || futureEdge) rewrite(env, row, recurrence, values, timeValues, ruleValues);
  else updateFuture(env, row, recurrence, values, timeValues, ruleValues);
  return true;
}

function rewrite(
  env: Env,
  row: Row,
  recurrence: Row,
  values: Record<string, unknown>,
  timeValues: Record<string, unknown>,
  ruleValues: Record<string, unknown>,
): void {
  const internal = internalOf(env);
  const members = events(env, recurrence.id);
  const base =
    env.db.row('calendar.event', Number(recurrence.base_event_id)) ?? members.find((e) => e.active !== false);
  if (!base) return;
  const { times, oldRule, zone } = seriesEdit(row, recurrence, timeValues, base);
  if (Object.keys(times).length === 0 && Object.keys(ruleValues).length === 0) {
    // _write_events: the values on every event of the series, as self_only writes.
    const active = members.filter((e) => e.active !== false).map((e) => e.id);
    if (active.length && Object.keys(values).length) write(internal, 'calendar.event', active, values);
    return;
  }
  write(
    internal,
    'calendar.event',
    members.filter((e) => e.active !== false).map((e) => e.id),
    { active: false },
  );
  dropRecurrence(env, recurrence.id);
  write(internal, 'calendar.event', [base.id], { active: true, ...values, ...times });
  if (Object.keys(times).length) resetAttendees(env, base);
  const fields = { ...oldRule, ...paramsOf(base, zone), ...ruleValues };
  apply(env, base, fields, zone);
}

function updateFuture(
  env: Env,
  row: Row,
  recurrence: Row,
  values: Record<string, unknown>,
  timeValues: Record<string, unknown>,
  ruleValues: Record<string, unknown>,
): void {
  const internal = internalOf(env);
  const { times, startDay, oldRule, zone } = seriesEdit(row, recurrence, timeValues);
  const detached = stopAt(env, recurrence, row);
  const others = detached.filter((e) => e.id !== row.id).map((e) => e.id);
  if (others.length) write(internal, 'calendar.event', others, { active: false });
  if (Object.keys(values).length || Object.keys(times).length) {
    write(internal, 'calendar.event', [row.id], { ...times, ...values });
    if (Object.keys(times).length) resetAttendees(env, row);
  }
  const fields: Record<string, unknown> = {
    ...oldRule,
    ...paramsOf(row, zone, startDay),
    ...ruleValues,
    count: Number(ruleValues.count) || detached.length,
  };
  if (typeof ruleValues.rrule === 'string' && ruleValues.rrule) {
    // A written rule: write() applies it once more (_apply_recurrence_values -> _split_from, whose new recurrence
    // parses the text in _inverse_rrule).
    const rule = ruleValues.rrule.split(/\r?\n/).find((l) => !l.startsWith('DTSTART')) ?? '';
    Object.assign(fields, parseRule(rule.replace(/^RRULE:/, ''), toFloating(fromNaive(String(row.start)), zone)));
  }
  apply(env, row, fields, zone);
}

/** What rewrite and updateFuture start from (the opening both of Odoo's methods share). */
interface SeriesEdit {
  /** The written times, with the shift they make of `base` (_get_time_update_dict). */
  times: Record<string, unknown>;
  /** The day the edited event starts on after the write. */
  startDay: string;
  /** The old recurrence's fields for the new one (_get_updated_recurrence_values). */
  oldRule: Record<string, unknown>;
  zone: string;
}

/** `row` edited with `timeValues`; `base` is the event the shift moves (the series' base, or `row` itself). */
function seriesEdit(row: Row, recurrence: Row, timeValues: Record<string, unknown>, base: Row = row): SeriesEdit {
  const times = { ...timeValues, ...timeShift(row, base, timeValues) };
  const startDay = dayOf(typeof times.start === 'string' ? times.start : String(row.start));
  return {
    times,
    startDay,
    oldRule: ruleFieldsOf(recurrence, row, startDay),
    zone: String(recurrence.event_tz || 'UTC'),
  };
}

/** _get_time_update_dict: the base event moved by the edited occurrence's change of start (or of stop). */
function timeShift(edited: Row, base: Row, timeValues: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const shift = (value: unknown, from: unknown) =>
    fromNaive(String(value)).getTime() - fromNaive(String(from)).getTime();
  const moved = (naive: unknown, ms: number) => toNaive(new Date(fromNaive(String(naive)).getTime() + ms));
  const dayShift = (value: unknown, from: unknown) =>
    Date.parse(`${String(value).slice(0, 10)}T00:00:00Z`) - Date.parse(`${String(from).slice(0, 10)}T00:00:00Z`);
  const movedDay = (naive: unknown, ms: number) => moved(`${String(naive).slice(0, 10)} 00:00:00`, ms).slice(0, 10);
  const { start, stop } = timeValues;
  if (typeof start === 'string') {
    const ms = shift(start, edited.start);
    const days = dayShift(start, edited.start);
    Object.assign(out, {
      start: moved(base.start, ms),
      stop: moved(base.stop, ms),
      start_date: movedDay(base.start, days),
      stop_date: movedDay(base.stop, days),
    });
  }
  if (typeof stop === 'string') {
    if (typeof start !== 'string') {
      Object.assign(out, {
        start: moved(base.start, shift(stop, edited.stop)),
        start_date: movedDay(base.start, dayShift(stop, edited.stop)),
      });
    }
    Object.assign(out, {
      stop: moved(base.stop, shift(stop, edited.stop)),
      stop_date: movedDay(base.stop, dayShift(stop, edited.stop)),
    });
  }
  return out;
}

/** _get_updated_recurrence_values: the old rule's fields, less the edited event's weekday when the day changes. */
function ruleFieldsOf(recurrence: Row, edited: Row, newDay: string): Record<string, unknown> {
  const out = Object.fromEntries(COPIED_RULE_FIELDS.map((f) => [f, recurrence[f]]));
  const oldDay = weekday(dayOf(String(edited.start)));
  if (oldDay !== weekday(newDay)) delete out[DAY_FIELDS[oldDay]!];
  return out;
}

/** _get_recurrence_params(_by_date): the event's weekday, its position in the month and its day of month. */
function paramsOf(event: Row, zone: string, day?: string): Record<string, unknown> {
  const date =
    day ??
    (event.allday
      ? String(event.start).slice(0, 10)
      : toNaive(toFloating(fromNaive(String(event.start)), zone)).slice(0, 10));
  const field = DAY_FIELDS[weekday(date)]!;
  const dom = Number(date.slice(8, 10));
  const nth = Math.ceil(dom / 7); // get_weekday_occurence: the 4th or 5th is 'last'
  return { [field]: true, weekday: field.toUpperCase(), byday: String(nth >= 4 ? -1 : nth), day: dom };
}

/** _apply_recurrence_values on an event without recurrence: a new recurrence from `fields` (rrule text dropped). */
function apply(env: Env, base: Row, fields: Record<string, unknown>, zone: string): void {
  delete fields.rrule;
  const rule = fields as unknown as RecurrenceFields;
  const kept = expand(rule, String(base.start), zone, base.allday === true).includes(String(base.start));
  createRecurrenceFromFields(env, base, rule, String(fields.event_tz || zone));
  if (!kept) {
    // _apply_recurrence detaches the base when it is not on its rule; the rewrite then archives it.
    write(internalOf(env), 'calendar.event', [base.id], { recurrence_id: false, active: false });
  }
}

/** _stop_at: the events from `event` on leave the recurrence, which now ends the day before its period. */
function stopAt(env: Env, recurrence: Row, event: Row): Row[] {
  const internal = internalOf(env);
  const detached = events(env, recurrence.id).filter(
    (e) => e.active !== false && String(e.start) >= String(event.start),
  );
  if (detached.length)
    write(
      internal,
      'calendar.event',
      detached.map((e) => e.id),
      { recurrence_id: false, recurrency: true },
    );
  if (events(env, recurrence.id).filter((e) => e.active !== false).length === 0) {
    dropRecurrence(env, recurrence.id);
    return detached;
  }
  const zone = String(recurrence.event_tz || 'UTC');
  const wall = event.allday ? fromNaive(`${String(event.start_date)} 00:00:00`) : fromNaive(String(event.start));
  const period = startOfPeriod(String(recurrence.rrule_type), wall);
  const day = event.allday ? period : toFloating(fromFloating(period, 'UTC'), zone);
  const until = new Date(Date.parse(`${toNaive(day).slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString();
  // Measured on Odoo 19: the count goes to 0 and the rule text is serialized again from the fields.
  const fields = { ...recurrence, end_type: 'end_date', until: until.slice(0, 10), count: 0 } as Row & RecurrenceFields;
  Object.assign(recurrence, {
    end_type: 'end_date',
    until: until.slice(0, 10),
    count: 0,
    rrule: serializeRule(fields, env.now),
    name: recurrenceName(fields),
  });
  return detached;
}

function startOfPeriod(type: string, d: Date): Date {
  const out = new Date(d.getTime());
  if (type === 'weekly')
    out.setUTCDate(out.getUTCDate() - out.getUTCDay()); // en_US weeks start on Sunday
  else if (type === 'monthly') out.setUTCDate(1);
  return out;
}

/** The recurrence unlinked; its events' recurrence_id is set null (ondelete 'set null'). */
function dropRecurrence(env: Env, recurrenceId: number): void {
  for (const e of events(env, recurrenceId)) e.recurrence_id = false;
  unlink(internalOf(env), 'calendar.recurrence', [recurrenceId]);
}

/** _reset_attendees_status: everyone to needsAction, the acting user accepted. */
function resetAttendees(env: Env, event: Row): void {
  const self = env.db.row('res.users', env.uid)?.partner_id;
  for (const a of env.db.table('calendar.attendee').values()) {
    if (a.event_id === event.id) a.state = a.partner_id === self ? 'accepted' : 'needsAction';
  }
}

function events(env: Env, recurrenceId: number): Row[] {
  return [...env.db.table('calendar.event').values()]
    .filter((e) => e.recurrence_id === recurrenceId)
    .sort((a, b) => String(a.start).localeCompare(String(b.start)));
}

const dayOf = (naive: string): string => naive.slice(0, 10);
/** Monday = 0, as Python's weekday(). */
const weekday = (date: string): number => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
