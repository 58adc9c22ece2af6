/**
 * Recurrences as Odoo stores them: one calendar.recurrence row holding the rule, and one calendar.event per
 * occurrence (sharing `recurrence_id`, `follow_recurrence` true until edited alone). Occurrences are expanded in
 * the event's zone with the rrule package, capped at 720 like Odoo's MAX_RECURRENT_EVENT.
 */
import type { Env } from '../env';
import { create, unlink } from '../orm';
import { fromFloating, toFloating } from '../time-zone';
import { occurrences, parseRule, recurrenceName, serializeRule, type RecurrenceFields } from './recurrence-rule';
import type { Row } from './types';

/** Fields copied from the base event to each occurrence. */
const COPIED = [
  'name',
  'description',
  'location',
  'user_id',
  'partner_ids',
  'privacy',
  'show_as',
  'categ_ids',
  'alarm_ids',
  'allday',
  'res_model',
  'res_id',
  'videocall_location',
  'active',
];

const toNaive = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');
const fromNaive = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);

/** The RRULE part of what a client wrote (`RRULE:` prefix and a DTSTART line are accepted and dropped). */
export function ruleOnly(rrule: string): string {
  const line = rrule.split(/\r?\n/).find((l) => !l.startsWith('DTSTART')) ?? '';
  return line.replace(/^RRULE:/, '').trim();
}

/** Occurrence starts (naive UTC) of a rule from `start`, the first included, as Odoo makes them from its fields. */
export function expand(fields: RecurrenceFields, start: string, zone: string, allday: boolean): string[] {
  const dtstart = allday ? fromNaive(`${start.slice(0, 10)} 00:00:00`) : toFloating(fromNaive(start), zone);
  const sameOffset = (a: Date, b: Date) => allday || offsetOf(a, zone) === offsetOf(b, zone);
  return occurrences(fields, dtstart, sameOffset).map((d) =>
    allday ? `${toNaive(d).slice(0, 10)} 08:00:00` : toNaive(fromFloating(d, zone)),
  );
}

const offsetOf = (floating: Date, zone: string): number => floating.getTime() - fromFloating(floating, zone).getTime();

/** Odoo's fields, rule text (kept as written, DTSTART line included) and name of a recurrence row. */
function ruleValues(base: Row, written: string, zone: string): Record<string, unknown> {
  const rule = ruleOnly(written);
  const start = base.allday
    ? fromNaive(`${String(base.start_date)} 00:00:00`)
    : toFloating(fromNaive(String(base.start)), zone);
  const fields = parseRule(rule, start);
  return { ...fields, rrule: written, name: recurrenceName(fields), event_tz: zone };
}

/** Creates the recurrence of `base` and its occurrences (the base is the first). */
export function createRecurrence(env: Env, base: Row, rrule: string, zone: string): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const [recurrenceId] = create(internal, 'calendar.recurrence', [
    { ...ruleValues(base, rrule, zone), base_event_id: base.id },
  ]);
  base.recurrence_id = recurrenceId;
  base.follow_recurrence = true;
  base.recurrency = true;
  generate(env, base, zone);
}

/**
 * A recurrence made from Odoo's fields, not from a written text (a series rewritten or split, series-write.ts):
 * its rrule is Odoo's `_rrule_serialize`, and every start of the rule but the base's gets an event.
 */
export function createRecurrenceFromFields(env: Env, base: Row, fields: RecurrenceFields, zone: string): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const values = Object.fromEntries(RULE_FIELDS.map((f) => [f, fields[f]]));
  const [recurrenceId] = create(internal, 'calendar.recurrence', [
    {
      ...values,
      rrule: serializeRule(fields, env.now),
      name: recurrenceName(fields),
      event_tz: zone,
      base_event_id: base.id,
    },
  ]);
  base.recurrence_id = recurrenceId;
  base.follow_recurrence = true;
  base.recurrency = true;
  generate(env, base, zone, true);
}

const RULE_FIELDS = [
  'rrule_type',
  'interval',
  'count',
  'until',
  'end_type',
  'month_by',
  'day',
  'weekday',
  'byday',
  ...(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const),
] as const;

/** Creates the occurrences after the base (`exceptBase`: every start of the rule but the base's). */
function generate(env: Env, base: Row, zone: string, exceptBase = false): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const recurrence = env.db.mustRow('calendar.recurrence', Number(base.recurrence_id));
  const starts = expand(recurrence as unknown as RecurrenceFields, String(base.start), zone, base.allday === true);
  const lengthMs = fromNaive(String(base.stop)).getTime() - fromNaive(String(base.start)).getTime();
  const dayLength = base.allday ? daysBetween(String(base.start_date), String(base.stop_date)) : 0;
  const others = exceptBase ? starts.filter((s) => s !== String(base.start)) : starts.slice(1);
  const occurrences = others.map((start) => {
    const vals: Record<string, unknown> = Object.fromEntries(COPIED.map((f) => [f, base[f] ?? false]));
    vals.recurrence_id = base.recurrence_id;
    vals.follow_recurrence = true;
    vals.recurrency = true;
    if (base.allday) {
      vals.start_date = start.slice(0, 10);
      vals.stop_date = addDays(start.slice(0, 10), dayLength);
    } else {
      vals.start = start;
      vals.stop = toNaive(new Date(fromNaive(start).getTime() + lengthMs));
    }
    return vals;
  });
  create(internal, 'calendar.event', occurrences);
}

/** Replaces the occurrences that still follow the rule by a fresh expansion from the base (Odoo's "all events"). */
export function regenerate(env: Env, base: Row, rrule: string, zone: string): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const recurrence = env.db.mustRow('calendar.recurrence', Number(base.recurrence_id));
  Object.assign(recurrence, ruleValues(base, rrule, zone));
  const followers = [...env.db.table('calendar.event').values()].filter(
    (e) => e.recurrence_id === base.recurrence_id && e.id !== base.id && e.follow_recurrence === true,
  );
  unlink(
    internal,
    'calendar.event',
    followers.map((e) => e.id),
  );
  generate(env, base, zone);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
