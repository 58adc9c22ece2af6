/**
 * calendar.event, calendar.attendee and calendar.recurrence with Odoo's behaviour: all-day dates <-> start/stop,
 * duration, the end-before-start check, attendees kept in step with partner_ids, invitation/update/cancellation
 * mails, recurrences and `recurrence_update` (self_only, future_events, all_events).
 */
import type { Env } from '../env';
import { validation } from '../errors';
import { create, unlink, write } from '../orm';
import { catalogueFields } from './calendar-defs';
import { mailAttendees, quiet } from './mail';
import { createRecurrence, regenerate } from './recurrence';
import { seriesWrite } from './series-write';
import type { ModelDef, Row } from './types';
import { checkPrivateRule, maskPrivate } from './private-events';

const TIME_FIELDS = ['start', 'stop', 'start_date', 'stop_date', 'allday'];
const RECURRENCE_PARAMS = [
  'rrule_type',
  'interval',
  'count',
  'end_type',
  'until',
  'month_by',
  'day',
  'weekday',
  'byday',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
];

const toDate = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);
const toNaive = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

function prepareEvent(env: Env, vals: Record<string, unknown>, existing: Row | null): void {
  const allday = 'allday' in vals ? vals.allday === true : existing?.allday === true;
  if (allday) {
    if (vals.start_date || vals.stop_date) {
      const startDate = String(vals.start_date ?? existing?.start_date);
      const stopDate = String(vals.stop_date ?? existing?.stop_date ?? startDate);
      Object.assign(vals, {
        start_date: startDate,
        stop_date: stopDate,
        start: `${startDate} 08:00:00`,
        stop: `${stopDate} 18:00:00`,
      });
    } else {
      const start = String(vals.start ?? existing?.start ?? '');
      const stop = String(vals.stop ?? existing?.stop ?? start);
      Object.assign(vals, {
        start_date: start.slice(0, 10),
        stop_date: stop.slice(0, 10),
        start: `${start.slice(0, 10)} 08:00:00`,
        stop: `${stop.slice(0, 10)} 18:00:00`,
      });
    }
  } else if (!existing || 'allday' in vals || 'start' in vals || 'stop' in vals) {
    // Odoo clears the dates of a timed event, but keeps dates written with it on create (its compute does not
    // run on values given to create; its inverse acts for all-day events only).
    Object.assign(vals, {
      start_date: existing ? false : (vals.start_date ?? false),
      stop_date: existing ? false : (vals.stop_date ?? false),
    });
  }
  if (!existing && !allday && !vals.start) vals.start = defaultStart(env);
  if (!existing && !('partner_ids' in vals)) {
    // Odoo's _default_partners: the caller is an attendee of what they create.
    const caller = env.db.row('res.users', env.uid)?.partner_id;
    if (typeof caller === 'number') vals.partner_ids = [[6, 0, [caller]]];
  }
  if (!existing && typeof vals.start === 'string' && !vals.stop) {
    const hours = typeof vals.duration === 'number' ? vals.duration : 1;
    vals.stop = toNaive(new Date(toDate(vals.start).getTime() + hours * 3_600_000));
  }
  const start = (vals.start ?? existing?.start) as string | undefined;
  const stop = (vals.stop ?? existing?.stop) as string | undefined;
  if (typeof start === 'string' && typeof stop === 'string') {
    if (stop < start) {
      throw validation(
        `The ending date and time cannot be earlier than the starting date and time.\nMeeting “${String(vals.name ?? existing?.name)}” starts “${start}” and ends “${stop}”.`,
      );
    }
    // Odoo computes it from start and stop, all-day events too (08:00 to 18:00 of the last day).
    vals.duration = (toDate(stop).getTime() - toDate(start).getTime()) / 3_600_000;
  }
}

/** Odoo's _default_start: now, rounded up to the next half hour. */
function defaultStart(env: Env): string {
  const now = toDate(env.now).getTime();
  const half = 30 * 60_000;
  return toNaive(new Date(Math.ceil(now / half) * half));
}

/** Keeps calendar.attendee rows in step with partner_ids; returns the partners that were added. */
function syncAttendees(env: Env, event: Row): number[] {
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const partners = (event.partner_ids as number[] | undefined) ?? [];
  const attendees = [...env.db.table('calendar.attendee').values()].filter((a) => a.event_id === event.id);
  const gone = attendees.filter((a) => !partners.includes(Number(a.partner_id)));
  if (gone.length)
    unlink(
      internal,
      'calendar.attendee',
      gone.map((a) => a.id),
    );
  const present = new Set(attendees.map((a) => Number(a.partner_id)));
  const organizerPartner = env.db.row('res.users', Number(event.user_id))?.partner_id;
  const added = partners.filter((p) => !present.has(p));
  create(
    internal,
    'calendar.attendee',
    added.map((partnerId) => ({
      event_id: event.id,
      partner_id: partnerId,
      common_name: env.db.row('res.partner', partnerId)?.name ?? false,
      state: partnerId === organizerPartner ? 'accepted' : 'needsAction',
    })),
  );
  return added;
}

function afterCreate(env: Env, row: Row, vals: Record<string, unknown>): void {
  syncAttendees(env, row);
  mailAttendees(env, 'invitation', row, (row.partner_ids as number[]) ?? []);
  if (vals.recurrency === true && typeof vals.rrule === 'string' && vals.rrule) {
    createRecurrence(env, row, vals.rrule, typeof vals.event_tz === 'string' ? vals.event_tz : userZone(env, row));
  }
}

function afterWrite(env: Env, rows: Row[], input: Record<string, unknown>, before: Map<number, Row>): void {
  const timeChanged = TIME_FIELDS.some((f) => f in input);
  for (const row of rows) {
    const added = 'partner_ids' in input ? syncAttendees(env, row) : [];
    mailAttendees(env, 'invitation', row, added);
    const old = before.get(row.id);
    if (timeChanged && old && (old.start !== row.start || old.stop !== row.stop)) {
      mailAttendees(
        env,
        'update',
        row,
        ((row.partner_ids as number[]) ?? []).filter((p) => !added.includes(p)),
      );
    }
    if (input.active === false && old?.active !== false)
      mailAttendees(env, 'cancellation', row, (row.partner_ids as number[]) ?? []);
    if (env.context.__internal === true) continue;
    if (row.recurrence_id) applyToSeries(env, row, input, timeChanged);
    else if (input.recurrency === true && typeof input.rrule === 'string') {
      createRecurrence(env, row, input.rrule, typeof input.event_tz === 'string' ? input.event_tz : userZone(env, row));
    }
  }
}

/** Odoo's recurrence_update: self_only detaches a re-timed occurrence; the others spread the change. */
function applyToSeries(env: Env, row: Row, input: Record<string, unknown>, timeChanged: boolean): void {
  const mode = input.recurrence_update ?? 'self_only';
  if (mode === 'self_only') {
    if (timeChanged) row.follow_recurrence = false;
    return;
  }
  const internal = { ...env, context: { ...env.context, __internal: true } };
  const recurrence = env.db.mustRow('calendar.recurrence', Number(row.recurrence_id));
  const series = [...env.db.table('calendar.event').values()].filter(
    (e) =>
      e.recurrence_id === row.recurrence_id &&
      e.id !== row.id &&
      (mode === 'all_events' || String(e.start) >= String(row.start)),
  );
  const spread = Object.fromEntries(
    Object.entries(input).filter(
      ([k]) =>
        !TIME_FIELDS.includes(k) &&
        !['recurrence_update', 'rrule', 'event_tz', 'recurrency', 'duration', ...RECURRENCE_PARAMS].includes(k),
    ),
  );
  if (Object.keys(spread).length && series.length)
    write(
      internal,
      'calendar.event',
      series.map((e) => e.id),
      spread,
    );
  const rule = typeof input.rrule === 'string' ? input.rrule : String(recurrence.rrule);
  const zone = typeof input.event_tz === 'string' ? input.event_tz : String(recurrence.event_tz || userZone(env, row));
  if (mode === 'all_events' && (timeChanged || 'rrule' in input || 'event_tz' in input)) {
    const base = env.db.row('calendar.event', Number(recurrence.base_event_id)) ?? row;
    if (base.id !== row.id) syncTiming(base, row);
    regenerate(env, base, rule, zone);
  }
}

/** Moves the base by the same change as the edited occurrence (same length, same wall-clock shift). */
function syncTiming(base: Row, edited: Row): void {
  for (const f of ['allday', 'start_date', 'stop_date']) base[f] = edited[f];
  base.stop = toNaive(
    new Date(
      toDate(String(base.start)).getTime() +
        toDate(String(edited.stop)).getTime() -
        toDate(String(edited.start)).getTime(),
    ),
  );
}

function beforeUnlink(env: Env, rows: Row[]): void {
  for (const row of rows) {
    if (!quiet(env) && row.active !== false)
      mailAttendees(env, 'cancellation', row, (row.partner_ids as number[]) ?? []);
  }
  const ids = new Set(rows.map((r) => r.id));
  for (const recurrenceId of new Set(rows.map((r) => r.recurrence_id).filter((r) => typeof r === 'number'))) {
    const recurrence = env.db.row('calendar.recurrence', recurrenceId as number);
    if (!recurrence) continue;
    const remaining = [...env.db.table('calendar.event').values()]
      .filter((e) => e.recurrence_id === recurrenceId && !ids.has(e.id))
      .sort((a, b) => String(a.start).localeCompare(String(b.start)));
    if (remaining.length === 0) env.db.table('calendar.recurrence').delete(recurrence.id);
    else if (ids.has(Number(recurrence.base_event_id))) recurrence.base_event_id = remaining[0]?.id ?? false;
  }
}

function userZone(env: Env, event: Row): string {
  const tz = env.db.row('res.users', Number(event.user_id))?.tz;
  return typeof tz === 'string' && tz ? tz : 'UTC';
}

function computeEvent(env: Env, row: Row, name: string): unknown {
  const recurrence =
    typeof row.recurrence_id === 'number' ? env.db.row('calendar.recurrence', row.recurrence_id) : undefined;
  switch (name) {
    case 'display_name':
      return typeof row.name === 'string' ? row.name : undefined;
    case 'partner_id':
      return env.db.row('res.users', Number(row.user_id))?.partner_id ?? false;
    case 'event_tz':
      // Odoo 19: computed from the recurrence; a single event has none (a written one is dropped).
      return recurrence?.event_tz || false;
    case 'rrule':
      return recurrence?.rrule ?? false;
    case 'effective_privacy':
      return row.privacy || 'public';
    case 'attendees_count':
      return ((row.partner_ids as number[]) ?? []).length;
    case 'accepted_count':
    case 'declined_count':
    case 'tentative_count': {
      // Odoo 19 _compute_attendees_count: the event's attendees in that state (not stored: read moves no stamp).
      const state = name.slice(0, -'_count'.length);
      const attendees = [...env.db.table('calendar.attendee').values()];
      return attendees.filter((a) => a.event_id === row.id && a.state === state).length;
    }
    case 'recurrence_update':
      return 'self_only';
    case 'res_model':
      // Odoo 19: related to res_model_id.model and read-only, so a write to it is dropped.
      return typeof row.res_model_id === 'number' ? (env.db.row('ir.model', row.res_model_id)?.model ?? false) : false;
    default:
      if (RECURRENCE_PARAMS.includes(name)) return recurrence?.[name] ?? false;
      return undefined;
  }
}

/** Odoo's calendar.event.default_get: `default_res_model` in the context names the linked model. */
function eventDefaults(env: Env, out: Record<string, unknown>, fields: string[]): void {
  const model = env.context.default_res_model;
  if (!fields.includes('res_model_id') || typeof model !== 'string' || out.res_model_id) return;
  const found = [...env.db.table('ir.model').values()].find((m) => m.model === model);
  if (found) out.res_model_id = found.id;
}

export function calendarModels(): ModelDef[] {
  const userDefault = (env: Env) => env.uid;
  const eventFields = catalogueFields('calendar.event');
  eventFields.user_id = { ...(eventFields.user_id as NonNullable<typeof eventFields.user_id>), default: userDefault };
  eventFields.res_model = { ...(eventFields.res_model as NonNullable<typeof eventFields.res_model>), stored: false };
  return [
    {
      name: 'calendar.event',
      description: 'Calendar Event',
      recName: 'name',
      order: 'start desc, id desc',
      fields: eventFields,
      hooks: {
        prepare: prepareEvent,
        afterCreate,
        afterWrite,
        write: seriesWrite,
        beforeUnlink,
        compute: computeEvent,
        defaults: eventDefaults,
        checkRule: checkPrivateRule,
        maskRead: maskPrivate,
      },
    },
    {
      name: 'calendar.attendee',
      description: 'Calendar Attendee Information',
      recName: 'common_name',
      order: 'create_date asc, id',
      fields: catalogueFields('calendar.attendee'),
      hooks: {
        compute: (env, row, name) => {
          if (name === 'email') return env.db.row('res.partner', Number(row.partner_id))?.email ?? false;
          if (name === 'recurrence_id')
            return env.db.row('calendar.event', Number(row.event_id))?.recurrence_id ?? false;
          return undefined;
        },
      },
    },
    {
      name: 'calendar.recurrence',
      description: 'Event Recurrence Rule',
      recName: 'name',
      order: 'id',
      fields: catalogueFields('calendar.recurrence'),
      hooks: {
        compute: (env, row, name) => {
          if (name === 'dtstart') return env.db.row('calendar.event', Number(row.base_event_id))?.start ?? false;
          if (name === 'display_name') return typeof row.name === 'string' ? row.name : undefined;
          return undefined;
        },
      },
    },
  ];
}
