/**
 * Port ids of Odoo records. A single event is its calendar.event id ("42"). A series is its calendar.recurrence
 * ("recurrence:7"), never a member occurrence: Odoo picks a new base event when the first occurrence is deleted,
 * archived or split off, and keeps the recurrence, so the series' id survives whatever happens to its members.
 */
const SERIES = 'recurrence:';

export type RecordRef = { series: false; eventId: number } | { series: true; recurrenceId: number };

export const seriesId = (recurrenceId: number): string => `${SERIES}${recurrenceId}`;

/** What a port id names; null for an id this adapter never gives out. */
export function parseRecordId(id: string): RecordRef | null {
  const series = id.startsWith(SERIES);
  const n = Number(series ? id.slice(SERIES.length) : id);
  if (!Number.isInteger(n) || n <= 0) return null;
  return series ? { series: true, recurrenceId: n } : { series: false, eventId: n };
}

/** Event ids and recurrence ids among port ids (unknown forms left out). */
export function splitRecordIds(ids: readonly string[]): { eventIds: number[]; recurrenceIds: number[] } {
  const eventIds: number[] = [];
  const recurrenceIds: number[] = [];
  for (const ref of ids.map(parseRecordId)) {
    if (ref?.series) recurrenceIds.push(ref.recurrenceId);
    else if (ref) eventIds.push(ref.eventId);
  }
  return { eventIds, recurrenceIds };
}
