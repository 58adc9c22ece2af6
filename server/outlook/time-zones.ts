/**
 * Time for the Graph mappers: Windows/IANA zone names -> IANA, UTC instants <-> wall-clock readings in a zone
 * (DST-correct through Intl.DateTimeFormat), and Graph's `dateTime` text. Pure; no Graph calls, no moment.
 * Wall readings are "floating" epoch milliseconds whose UTC fields are the local clock reading.
 */
import { findIana } from 'windows-iana';

const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'gmt',
  'etc/gmt',
  'z',
  'coordinated universal time',
  'tzone://microsoft/utc',
]);
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

export { DAY_MS };

/** Whether Intl knows this IANA name (the runtime's tz database decides). */
export function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

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

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock reading (floating ms) of a UTC instant in `zone`. */
export function utcToWall(utcMs: number, zone: string): number {
  if (zone === 'UTC') return utcMs;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const ms = ((utcMs % 1000) + 1000) % 1000;
  const year = parts.year ?? 1970;
  const wall = Date.UTC(
    year,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
    ms,
  );
  // Date.UTC maps years 0-99 to 1900-1999; correct it for the rare far-past reading.
  return year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
}

/**
 * The UTC instant of a wall-clock reading in `zone`. A reading skipped by a DST jump resolves forward (02:30 on a
 * spring-forward day is 03:30), a repeated one to its first instant, as Exchange and RFC 5545 do.
 */
export function wallToUtc(wallMs: number, zone: string): number {
  if (zone === 'UTC') return wallMs;
  // Offsets a day either side bracket any transition near this reading (zones change offset at most once a day).
  const before = utcToWall(wallMs - DAY_MS, zone) - (wallMs - DAY_MS);
  const after = utcToWall(wallMs + DAY_MS, zone) - (wallMs + DAY_MS);
  const fits = [wallMs - before, wallMs - after].filter((utc) => utcToWall(utc, zone) === wallMs);
  if (fits.length > 0) return Math.min(...fits);
  // Skipped reading: the offset in force before the jump carries it forward.
  return wallMs - before;
}

/** Graph's `dateTime` text ("2017-04-15T11:00:00.0000000", fraction optional, offset ignored) as a wall reading. */
export function parseGraphDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?/.exec(text.trim());
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const value = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
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
  const value = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  return Number.isNaN(value) || formatDate(value) !== text ? undefined : value;
}

/** Day of week of a wall reading, 0 = Sunday. */
export function weekdayOf(wallMs: number): number {
  return new Date(wallMs).getUTCDay();
}
