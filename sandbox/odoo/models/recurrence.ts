/**
 * Recurrences as Odoo stores them: one calendar.recurrence row holding the rule, and one calendar.event per
 * occurrence (sharing `recurrence_id`, `follow_recurrence` true until edited alone). Occurrences are expanded in
 * the event's zone with the rrule package, capped at 720 like Odoo's MAX_RECURRENT_EVENT.
 */
import { RRule } from 'rrule';
import type { Env } from '../env';
import { validation } from '../errors';
import { create, unlink } from '../orm';
import { fromFloating, toFloating } from '../time-zone';
import type { Row } from './types';

export const MAX_OCCURRENCES = 720;
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
const compact = (d: Date): string => d.toISOString().slice(0, 19).replace(/[-:]/g, '');

/** The RRULE part of what a client wrote (`RRULE:` prefix and a DTSTART line are accepted and dropped). */
export function ruleOnly(rrule: string): string {
  const line = rrule.split(/\r?\n/).find((l) => !l.startsWith('DTSTART')) ?? '';
  return line.replace(/^RRULE:/, '').trim();
}

/** Occurrence starts (naive UTC) of a rule from `start`, the first included. */
export function expand(rule: string, start: string, zone: string, allday: boolean): string[] {
  const dtstart = allday ? fromNaive(`${start.slice(0, 10)} 00:00:00`) : toFloating(fromNaive(start), zone);
  let options;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    throw validation(`Invalid recurrence rule '${rule}': ${(error as Error).message}`);
  }
  if (!options.freq && options.freq !== 0) throw validation(`Invalid recurrence rule '${rule}': FREQ is missing`);
  const set = new RRule({ ...options, dtstart });
  const floating = set.all((_d, i) => i < MAX_OCCURRENCES);
  return floating.map((d) => (allday ? `${toNaive(d).slice(0, 10)} 08:00:00` : toNaive(fromFloating(d, zone))));
}

/** Creates the recurrence of `base` and its occurrences (the base is the first). */
export function createRecurrence(env: Env, base: Row, rrule: string, zone: string): void {
  const rule = ruleOnly(rrule);
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const dtstart = base.allday
    ? `${String(base.start_date).replace(/-/g, '')}`
    : compact(toFloating(fromNaive(String(base.start)), zone));
  const [recurrenceId] = create(internal, 'calendar.recurrence', [
    { rrule: `DTSTART:${dtstart}\nRRULE:${rule}`, event_tz: zone, base_event_id: base.id, end_type: endType(rule) },
  ]);
  base.recurrence_id = recurrenceId;
  base.follow_recurrence = true;
  base.recurrency = true;
  generate(env, base, rule, zone);
}

function endType(rule: string): string {
  if (/COUNT=/.test(rule)) return 'count';
  return /UNTIL=/.test(rule) ? 'end_date' : 'forever';
}

/** Creates the occurrences after the base. */
function generate(env: Env, base: Row, rule: string, zone: string): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const starts = expand(rule, String(base.start), zone, base.allday === true);
  const lengthMs = fromNaive(String(base.stop)).getTime() - fromNaive(String(base.start)).getTime();
  const dayLength = base.allday ? daysBetween(String(base.start_date), String(base.stop_date)) : 0;
  const occurrences = starts.slice(1).map((start) => {
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
export function regenerate(env: Env, base: Row, rule: string, zone: string): void {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const recurrence = env.db.mustRow('calendar.recurrence', Number(base.recurrence_id));
  const dtstart = base.allday
    ? String(base.start_date).replace(/-/g, '')
    : compact(toFloating(fromNaive(String(base.start)), zone));
  recurrence.rrule = `DTSTART:${dtstart}\nRRULE:${rule}`;
  recurrence.event_tz = zone;
  recurrence.end_type = endType(rule);
  const followers = [...env.db.table('calendar.event').values()].filter(
    (e) => e.recurrence_id === base.recurrence_id && e.id !== base.id && e.follow_recurrence === true,
  );
  unlink(
    internal,
    'calendar.event',
    followers.map((e) => e.id),
  );
  generate(env, base, rule, zone);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
