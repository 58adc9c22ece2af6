/**
 * canonical -> Odoo, pure (a rule Odoo cannot hold throws its refusal: rule-support.ts): the calendar.event values for the fields being written (ids of partners, tags and
 * alarms already resolved by the adapter), and the same values as an import row for `load`.
 */
import {
  type CanonicalEvent,
  type EventField,
  type EventTiming,
  type FieldProjections,
  type Sensitivity,
  type ShowAs,
} from '../../core';
import { toOdooRule } from './odoo-rule';
import { assertOdooHoldsRule } from './rule-support';
import { dtstartLine } from './series-anchor';
import { addDays, instantToNaive, ruleOnly } from './times';

export interface ResolvedRefs {
  /** Attendees' partners, the organizer's included (Odoo lists the organizer among partner_ids). */
  partnerIds: number[];
  tagIds: number[];
  alarmIds: number[];
  /** res.users id of the organizer, when the organizer is an Odoo user. */
  organizerUid: number | null;
  /** ir.model id of the linked record's model (Odoo 19 writes the link through res_model_id; res_model is read-only). */
  linkModelId: number | null;
}

/** Many-to-one fields the values hold as plain database ids (an import row names them `<field>/.id`). */
const MANY2ONE = new Set(['user_id', 'res_model_id']);

export type OdooValues = Record<string, unknown>;

export function timingValues(timing: EventTiming): OdooValues {
  if (timing.kind === 'allDay') {
    // The canonical end date is exclusive; Odoo's stop_date is the last day.
    const last = addDays(timing.endDate, -1);
    return { allday: true, start_date: timing.startDate, stop_date: last < timing.startDate ? timing.startDate : last };
  }
  return { allday: false, start: instantToNaive(timing.start), stop: instantToNaive(timing.end) };
}

export function privacyOf(sensitivity: Sensitivity): 'public' | 'private' | 'confidential' {
  if (sensitivity === 'normal') return 'public';
  // Odoo has no "personal": private is the nearest.
  return sensitivity === 'personal' ? 'private' : sensitivity;
}

/** Odoo knows only free and busy: tentative, out of office and the rest block time, so they are busy. */
export const showAsValue = (showAs: ShowAs): 'free' | 'busy' => (showAs === 'free' ? 'free' : 'busy');

/** What Odoo stores for values it holds only partly (the port's `represent`): what reads back after a write. */
export const ODOO_REPRESENTS: FieldProjections = {
  showAs: showAsValue,
  sensitivity: (sensitivity) => (sensitivity === 'personal' ? 'private' : sensitivity),
};

export function toOdooValues(event: CanonicalEvent, fields: readonly EventField[], refs: ResolvedRefs): OdooValues {
  const vals: OdooValues = {};
  const has = (f: EventField) => fields.includes(f);
  if (has('title')) vals.name = event.title;
  if (has('bodyHtml')) vals.description = event.bodyHtml;
  if (has('timing')) Object.assign(vals, timingValues(event.timing));
  if (has('location')) vals.location = event.location;
  if (has('attendees') || has('organizer')) vals.partner_ids = [[6, 0, refs.partnerIds]];
  if (has('organizer') && refs.organizerUid !== null) vals.user_id = refs.organizerUid;
  if (has('showAs')) vals.show_as = showAsValue(event.showAs);
  if (has('sensitivity')) vals.privacy = privacyOf(event.sensitivity);
  if (has('categories')) vals.categ_ids = [[6, 0, refs.tagIds]];
  if (has('reminderMinutes')) vals.alarm_ids = [[6, 0, refs.alarmIds]];
  if (has('erpLink')) {
    vals.res_model_id = event.erpLink && refs.linkModelId !== null ? refs.linkModelId : false;
    vals.res_id = event.erpLink && refs.linkModelId !== null ? Number(event.erpLink.id) : false;
  }
  if (has('recurrence') && event.recurrence) {
    assertOdooHoldsRule(event.recurrence.rrule);
    vals.recurrency = true;
    // With its DTSTART, which Odoo keeps as written: where the series starts even once its first occurrence is gone.
    const start = event.timing.kind === 'allDay' ? event.timing.startDate : instantToNaive(event.timing.start);
    const allDay = event.timing.kind === 'allDay';
    // In the form Odoo can hold (./odoo-rule.ts): what it stores is what it repeats.
    const first = event.timing.kind === 'timed' ? event.timing.start : undefined;
    const rule = toOdooRule(ruleOnly(event.recurrence.rrule), event.recurrence.timeZone, allDay, first);
    vals.rrule = `${dtstartLine(start, allDay)}\nRRULE:${rule}`;
    vals.event_tz = event.recurrence.timeZone;
  } else if (has('timing') && event.timing.kind === 'timed' && event.recurrence) {
    vals.event_tz = event.recurrence.timeZone;
  }
  return vals;
}

/** The values as `load` takes them: one column per field, strings, relations by database id (`field/.id`). */
export function toImportRow(externalId: string, vals: OdooValues): { columns: string[]; row: string[] } {
  const columns = ['id'];
  const row = [externalId];
  for (const [name, value] of Object.entries(vals)) {
    if (Array.isArray(value)) {
      // Cast: vals built by this module hold x2many commands only as [[6, 0, ids]] lists.
      const command = value[0] as [number, number, number[]] | undefined;
      columns.push(`${name}/.id`);
      row.push((command?.[2] ?? []).join(','));
    } else if (MANY2ONE.has(name)) {
      columns.push(`${name}/.id`);
      row.push(value === false || value === null ? '' : String(value));
    } else {
      columns.push(name);
      row.push(value === false || value === null ? '' : value === true ? '1' : String(value));
    }
  }
  return { columns, row };
}
