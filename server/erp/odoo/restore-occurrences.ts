/**
 * Occurrences of a series that a person deleted or archived in Odoo and the written result keeps (chaos c5): brought
 * back as members of their calendar.recurrence, the way Odoo makes occurrences itself (`_apply_recurrence`: a copy
 * of the base event at the rule's times, following the rule), without touching the other occurrences or their
 * exceptions. Measured on Odoo 19: `copy` of the base event with the recurrence, the times and `follow_recurrence`
 * makes a member that reads back as the series' occurrence and that a later rewrite of the rule keeps; an archived
 * occurrence comes back by writing `active` alone. Does not write the occurrence's own fields (the caller does).
 */
import { normalizeInstant, type CanonicalEvent, type EventTiming } from '../../core';
import { z } from 'zod';
import { callParsed } from './answers';
import type { OdooClient } from './client';
import { createdFor, OccurrenceRowSchema, RecurrenceRowSchema } from './event-answers';
import { timingValues } from './from-canonical';
import { addDays } from './times';

/** An occurrence as applyExceptions reads it (archived ones included). */
export interface OccurrenceRow {
  id: number;
  start: string;
  start_date: string | false;
  allday: boolean;
  active: boolean;
}

const DAY = 86_400_000;

/** The occurrences of a recurrence, archived ones included. */
export function readOccurrences(client: OdooClient, recurrenceId: number): Promise<OccurrenceRow[]> {
  return callParsed(
    client,
    'calendar.event',
    'search_read',
    {
      domain: [['recurrence_id', '=', recurrenceId]],
      fields: ['start', 'start_date', 'allday', 'active'],
      context: { active_test: false },
    },
    z.array(OccurrenceRowSchema),
  );
}

/** The times of the series' occurrence that starts at `originalStart` (an instant, or a date for all-day series). */
export function occurrenceTiming(series: EventTiming, originalStart: string): EventTiming {
  if (series.kind === 'allDay') {
    const days = Math.round((Date.parse(series.endDate) - Date.parse(series.startDate)) / DAY);
    return { kind: 'allDay', startDate: originalStart, endDate: addDays(originalStart, days) };
  }
  const start = Date.parse(normalizeInstant(originalStart));
  const length = Date.parse(series.end) - Date.parse(series.start);
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return { kind: 'timed', start: iso(start), end: iso(start + length), timeZone: series.timeZone };
}

/** Odoo's values for an occurrence at `timing` (an all-day one with the times Odoo gives it: 08:00 to 18:00). */
function occurrenceTimes(timing: EventTiming): Record<string, unknown> {
  const values = timingValues(timing);
  if (timing.kind === 'timed') return values;
  return { ...values, start: `${String(values.start_date)} 08:00:00`, stop: `${String(values.stop_date)} 18:00:00` };
}

/**
 * Brings back the occurrences of `recurrenceId` at `starts` (original starts) that `find` shows archived or not at
 * all; answers the ids of the occurrences made again (their attendees' answers are Odoo's defaults, to be set).
 */
export async function restoreOccurrences(
  client: OdooClient,
  recurrenceId: number,
  event: CanonicalEvent,
  starts: readonly string[],
  find: (originalStart: string) => OccurrenceRow | undefined,
  context: Record<string, unknown>,
): Promise<number[]> {
  const archived: number[] = [];
  const absent: string[] = [];
  for (const start of starts) {
    const row = find(start);
    if (!row) absent.push(start);
    else if (!row.active) archived.push(row.id);
  }
  if (archived.length) {
    const vals = { active: true, recurrence_update: 'self_only' };
    await client.call('calendar.event', 'write', { ids: archived, vals, context });
  }
  if (absent.length === 0) return [];
  const [recurrence] = await callParsed(
    client,
    'calendar.recurrence',
    'search_read',
    { domain: [['id', '=', recurrenceId]], fields: ['rrule', 'event_tz', 'base_event_id', 'write_date'] },
    z.array(RecurrenceRowSchema),
  );
  const baseId = recurrence?.base_event_id ? recurrence.base_event_id[0] : null;
  if (baseId === null) return [];
  const made: number[] = [];
  for (const start of absent) {
    const defaults = {
      ...occurrenceTimes(occurrenceTiming(event.timing, start)),
      recurrence_id: recurrenceId,
      recurrency: true,
      follow_recurrence: true,
      active: true,
    };
    const answer = await client.call<unknown>('calendar.event', 'copy', { ids: [baseId], default: defaults, context });
    for (const [, id] of createdFor([start], answer, 'calendar.event.copy')) made.push(id);
  }
  return made;
}
