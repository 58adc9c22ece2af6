/**
 * Odoo -> canonical, pure: one calendar.event (with its attendees, tags, alarms, organizer and, for a series,
 * the recurrence already assembled) becomes a CanonicalEvent. All reads happen in the adapter, not here.
 */
import type {
  Attendee,
  AttendeeResponse,
  CanonicalEvent,
  EventTiming,
  Person,
  Recurrence,
  Sensitivity,
  ShowAs,
} from '../../core';
import { addDays, naiveToInstant } from './times';
import type { OdooAttendeeRead, OdooEventRead } from './wire-types';

export interface EventContext {
  /** calendar.attendee rows by id. */
  attendees: ReadonlyMap<number, OdooAttendeeRead>;
  /** Tag names by calendar.event.type id. */
  tags: ReadonlyMap<number, string>;
  /** Minutes before the start, by calendar.alarm id. */
  alarms: ReadonlyMap<number, number>;
  /** The organizer (Odoo `user_id`) as a person, when the event has one. */
  organizer: Person | null;
  /** Partner id of the organizer: listed in partner_ids by Odoo, but not an attendee in the canonical model. */
  organizerPartnerId: number | null;
  /** Zone for timed events whose `event_tz` is empty. */
  fallbackZone: string;
  /** Tag that marks "needs review": not a category. */
  reviewTag: string;
  recurrence: Recurrence | null;
  linkName?: string;
}

const RESPONSES: Record<OdooAttendeeRead['state'], AttendeeResponse> = {
  needsAction: 'none',
  tentative: 'tentative',
  declined: 'declined',
  accepted: 'accepted',
};

export function timingOf(
  record: Pick<OdooEventRead, 'allday' | 'start' | 'stop' | 'start_date' | 'stop_date' | 'event_tz'>,
  fallbackZone: string,
): EventTiming {
  if (record.allday) {
    const startDate = record.start_date || record.start.slice(0, 10);
    const stopDate = record.stop_date || record.stop.slice(0, 10);
    // Odoo's stop_date is the last day (inclusive); the canonical end is the day after.
    return { kind: 'allDay', startDate, endDate: addDays(stopDate, 1) };
  }
  return {
    kind: 'timed',
    start: naiveToInstant(record.start),
    end: naiveToInstant(record.stop),
    timeZone: record.event_tz || fallbackZone,
  };
}

export function sensitivityOf(privacy: OdooEventRead['privacy']): Sensitivity {
  return privacy === 'private' || privacy === 'confidential' ? privacy : 'normal';
}

export function showAsOf(showAs: OdooEventRead['show_as']): ShowAs {
  return showAs === 'free' ? 'free' : 'busy';
}

export function attendeesOf(record: OdooEventRead, context: EventContext): Attendee[] {
  const out: Attendee[] = [];
  for (const id of record.attendee_ids) {
    const row = context.attendees.get(id);
    if (!row || !row.email) continue; // an attendee without e-mail cannot be matched on the other side
    if (row.partner_id && row.partner_id[0] === context.organizerPartnerId) continue;
    out.push({
      email: row.email.toLowerCase(),
      ...(row.common_name ? { name: row.common_name } : {}),
      role: 'required',
      response: RESPONSES[row.state],
    });
  }
  return out.sort((a, b) => a.email.localeCompare(b.email));
}

export function reminderOf(alarmIds: number[], alarms: ReadonlyMap<number, number>): number | null {
  const minutes = alarmIds.map((id) => alarms.get(id)).filter((m): m is number => m !== undefined);
  return minutes.length ? Math.min(...minutes) : null;
}

export function toCanonical(record: OdooEventRead, context: EventContext): CanonicalEvent {
  return {
    title: record.name,
    bodyHtml: record.description || '',
    timing: timingOf(record, context.fallbackZone),
    location: record.location || '',
    attendees: attendeesOf(record, context),
    organizer: context.organizer,
    showAs: showAsOf(record.show_as),
    sensitivity: sensitivityOf(record.privacy),
    categories: record.categ_ids
      .map((id) => context.tags.get(id))
      .filter((name): name is string => !!name && name !== context.reviewTag),
    reminderMinutes: reminderOf(record.alarm_ids, context.alarms),
    recurrence: context.recurrence,
    erpLink:
      record.res_model && record.res_id
        ? {
            model: record.res_model,
            id: String(record.res_id),
            ...(context.linkName ? { name: context.linkName } : {}),
          }
        : null,
  };
}
