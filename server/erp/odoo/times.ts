/**
 * Odoo's time formats and recurrence expansion for the adapter: naive UTC strings <-> canonical instants, the
 * inclusive stop date <-> the exclusive end date, and occurrence starts of a stored rule in the event's zone.
 */
import { RRule } from 'rrule';
import { utcToWall, wallToUtc } from '../../core';

/** `2025-03-30 01:00:00` (naive UTC) -> `2025-03-30T01:00:00Z`. */
export const naiveToInstant = (naive: string): string => `${naive.slice(0, 19).replace(' ', 'T')}Z`;
/** `2025-03-30T01:00:00Z` (or with milliseconds) -> `2025-03-30 01:00:00`. */
export const instantToNaive = (instant: string): string =>
  new Date(instant).toISOString().slice(0, 19).replace('T', ' ');

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The RRULE part of Odoo's stored rule (it stores `DTSTART:...\nRRULE:...`). */
export function ruleOnly(stored: string): string {
  const line = stored.split(/\r?\n/).find((l) => !l.startsWith('DTSTART')) ?? '';
  return line.replace(/^RRULE:/, '').trim();
}

/** Occurrence starts of `rule` from `start` (naive UTC, first included), expanded in `zone`; dates for all-day. */
export function expandStarts(rule: string, start: string, zone: string, allDay: boolean, max = 720): string[] {
  const first = new Date(`${start.slice(0, 19).replace(' ', 'T')}Z`);
  const dtstart = allDay ? new Date(`${start.slice(0, 10)}T00:00:00Z`) : new Date(utcToWall(first.getTime(), zone));
  const rrule = new RRule({ ...RRule.parseString(rule), dtstart });
  return rrule
    .all((_d, i) => i < max)
    .map((d) =>
      allDay
        ? d.toISOString().slice(0, 10)
        : new Date(wallToUtc(d.getTime(), zone)).toISOString().slice(0, 19).replace('T', ' '),
    );
}
