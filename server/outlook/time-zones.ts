/**
 * Time for the Graph mappers: Windows/IANA zone names -> IANA, UTC instants <-> wall-clock readings in a zone
 * (DST-correct through Intl.DateTimeFormat), and Graph's `dateTime` text. Pure; no Graph calls, no moment.
 * Wall readings are "floating" epoch milliseconds whose UTC fields are the local clock reading.
 */
import { findIana } from 'windows-iana';
import { DAY_MS, isIanaZone, utcToWall, wallToUtc } from '../core';

export { DAY_MS, isIanaZone, utcToWall, wallToUtc };

const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'gmt',
  'etc/gmt',
  'z',
  'coordinated universal time',
  'tzone://microsoft/utc',
]);

/**
 * The IANA zone for a name Graph gives (`originalStartTimeZone`, `recurrenceTimeZone`, `start.timeZone`): Windows
 * names map through CLDR's table (first, the territory-001 zone); IANA names pass; `tzone://Microsoft/Custom`
 * (legacy custom zones, whose rules Graph does not expose) and unknown names become 'UTC'.
 */
export function ianaFromGraphZone(name: string | null | undefined): string {
  const trimmed = (name ?? '').trim();
  if (trimmed === '' || UTC_NAMES.has(trimmed.toLowerCase())) return 'UTC';
  const fromWindows = findIana(trimmed)[0];
  if (fromWindows) return fromWindows;
  return trimmed.includes('/') && !trimmed.startsWith('tzone:') && isIanaZone(trimmed) ? trimmed : 'UTC';
}

/** Graph's `dateTime` text ("2017-04-15T11:00:00.0000000", fraction optional, offset ignored) as a wall reading. */
export function parseGraphDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?/.exec(text.trim());
  if (!m) return undefined;
  const [, year = '', month = '', day = '', hour = 0, minute = 0, second = 0, fraction] = m;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const value = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, ms);
  return Number.isNaN(value) ? undefined : value;
}

/** Graph's `dateTime` text for a wall reading: seven fraction digits, no offset. */
export function formatGraphDateTime(wallMs: number): string {
  return `${new Date(wallMs).toISOString().slice(0, 23)}0000`;
}

/** Canonical UTC instant text: seconds and `Z`, no fraction. */
export function formatUtcInstant(utcMs: number): string {
  return `${new Date(utcMs).toISOString().slice(0, 19)}Z`;
}

/** Parses an ISO instant with `Z` or an offset; text without either is read as UTC. */
export function parseInstant(text: string): number | undefined {
  const trimmed = text.trim();
  const value = /[zZ]$|[+-]\d{2}:?\d{2}$/.test(trimmed) ? Date.parse(trimmed) : parseGraphDateTime(trimmed);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** `YYYY-MM-DD` of a wall reading (or of a UTC instant read in UTC). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight (floating ms) of a `YYYY-MM-DD` date, or undefined when it is not one. */
export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, year = '', month = '', day = ''] = m;
  const value = Date.UTC(+year, +month - 1, +day);
  return Number.isNaN(value) || formatDate(value) !== text ? undefined : value;
}

/** Day of week of a wall reading, 0 = Sunday. */
export function weekdayOf(wallMs: number): number {
  return new Date(wallMs).getUTCDay();
}
