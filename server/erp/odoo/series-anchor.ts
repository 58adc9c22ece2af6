/**
 * Where an Odoo series starts by its rule. Odoo keeps a series' start as the start of its earliest remaining
 * event, so once the first occurrence is deleted the rule (say COUNT=5) would count from the second: read that way,
 * a cancelled first occurrence looks like the series moved and grew. The adapter writes the rule with its DTSTART
 * (`DTSTART:20310304T080000Z\\nRRULE:...`), which Odoo stores as it is and keeps when occurrences go. A stored
 * DTSTART is trusted only when it plausibly is ours: not after the earliest event, and every event that follows the
 * rule falls on it (Odoo writes its own DTSTART, the time of the edit, when it rewrites a rule in a split).
 */
import { utcToWall, wallToUtc } from '../../core';
import { addDays, expandStarts, naiveToInstant } from './times';
import type { OdooEventRead } from './wire-types';

/** The DTSTART of a stored rule as naive UTC (`YYYY-MM-DD HH:MM:SS`, a date for all-day), when it has one in UTC. */
export function storedStart(stored: string, allDay: boolean): string | null {
  const match = /^DTSTART:(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?\s*$/m.exec(stored);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  if (allDay) return `${y}-${mo}-${d}`;
  return h === undefined ? null : `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** The DTSTART line the adapter writes before a rule: the series' first start (a date for all-day). */
export function dtstartLine(start: string, allDay: boolean): string {
  const compact = start.replace(/[-:]/g, '').replace(' ', 'T');
  return allDay ? `DTSTART:${compact.slice(0, 8)}` : `DTSTART:${compact.slice(0, 15)}Z`;
}

/**
 * The series' first start by its rule: the stored DTSTART when it is plausible, else the first plausible of the
 * earliest event's start (archived ones included: an occurrence we cancelled by archiving still marks where the
 * series began) and each event's day at the wall-clock time of the first event that still follows the rule (a first
 * occurrence moved alone, say an hour later, is still the earliest event but no longer where the rule starts).
 * Plausible: every event that follows the rule falls on it.
 */
export function seriesAnchor(
  stored: string,
  rule: string,
  events: OdooEventRead[],
  followingKeys: string[],
  zone: string,
  allDay: boolean,
): string {
  const key = (e: OdooEventRead) => (e.allday ? e.start_date || e.start.slice(0, 10) : e.start);
  const keys = events.map(key).sort();
  const earliest = keys[0] ?? '';
  const plausible = (anchor: string) => {
    const starts = new Set(expandStarts(rule, anchor, zone, allDay));
    return followingKeys.every((k) => starts.has(k));
  };
  const candidate = storedStart(stored, allDay);
  if (candidate !== null && candidate <= earliest && plausible(candidate)) return candidate;
  if (allDay || followingKeys.length === 0 || plausible(earliest)) return earliest;
  const [follower] = [...followingKeys].sort();
  if (follower === undefined) return earliest;
  const days = [...new Set(keys.map((k) => wallDay(k, zone)))];
  return days.map((day) => atWallTimeOf(day, follower, zone)).find(plausible) ?? earliest;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const naiveMs = (naive: string) => Date.parse(naiveToInstant(naive));
const toNaive = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The day (`YYYY-MM-DD`) a naive UTC time falls on in `zone`. */
function wallDay(naive: string, zone: string): string {
  return new Date(utcToWall(naiveMs(naive), zone)).toISOString().slice(0, 10);
}

/** Naive UTC of `day` at the wall-clock time `model` has in `zone`. */
function atWallTimeOf(day: string, model: string, zone: string): string {
  const wall = utcToWall(naiveMs(model), zone);
  const timeOfDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS;
  const at = wallToUtc(Date.parse(`${day}T00:00:00Z`) + timeOfDay, zone);
  return toNaive(Math.round(at / MINUTE_MS) * MINUTE_MS);
}

/** The base event's times moved to `anchor` (same duration). */
export function anchoredTimes(
  base: OdooEventRead,
  anchor: string,
): Pick<OdooEventRead, 'start' | 'stop' | 'start_date' | 'stop_date'> {
  if (base.allday) {
    const first = String(base.start_date || base.start.slice(0, 10));
    const last = String(base.stop_date || base.stop.slice(0, 10));
    const days = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);
    return {
      start: `${anchor} 00:00:00`,
      stop: `${addDays(anchor, days)} 00:00:00`,
      start_date: anchor,
      stop_date: addDays(anchor, days),
    };
  }
  const length = Date.parse(naiveToInstant(base.stop)) - Date.parse(naiveToInstant(base.start));
  const stop = new Date(Date.parse(naiveToInstant(anchor)) + length).toISOString().slice(0, 19).replace('T', ' ');
  return { start: anchor, stop, start_date: base.start_date, stop_date: base.stop_date };
}
