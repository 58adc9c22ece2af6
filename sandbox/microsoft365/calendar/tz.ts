/**
 * Time zones for the Graph calendar: Windows or IANA names -> IANA, wall time <-> UTC instant (DST-correct via Intl).
 * Wall times are "floating" epoch milliseconds whose UTC fields are the local clock reading. No offsets are guessed.
 */
import { findIana, findWindows } from 'windows-iana';

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'tzone://microsoft/utc', 'coordinated universal time']);
const formatters = new Map<string, Intl.DateTimeFormat>();

function isValidIana(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** The IANA zone for a Windows or IANA name (as Graph accepts both), or undefined when unknown. */
export function resolveIana(name: string): string | undefined {
  const trimmed = name.trim();
  if (UTC_NAMES.has(trimmed.toLowerCase())) return 'UTC';
  const fromWindows = findIana(trimmed)[0];
  if (fromWindows) return fromWindows;
  return trimmed.includes('/') && isValidIana(trimmed) ? trimmed : undefined;
}

/** The Windows name Graph keeps in originalStartTimeZone for a zone given as Windows or IANA. */
export function windowsName(name: string): string {
  const trimmed = name.trim();
  if (UTC_NAMES.has(trimmed.toLowerCase())) return 'UTC';
  if (findIana(trimmed).length > 0) return trimmed;
  return findWindows(trimmed)[0] ?? 'tzone://Microsoft/Custom';
}

function formatter(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(iana, f);
  }
  return f;
}

/** Local clock reading (floating ms) of a UTC instant in a zone. */
export function utcToWall(utcMs: number, iana: string): number {
  if (iana === 'UTC') return utcMs;
  const parts: Record<string, number> = {};
  for (const p of formatter(iana).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const ms = ((utcMs % 1000) + 1000) % 1000;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!, ms);
}

/** UTC instant of a local clock reading; a reading skipped by a DST jump resolves forward, a repeated one to the first. */
export function wallToUtc(wallMs: number, iana: string): number {
  if (iana === 'UTC') return wallMs;
  // Offsets a day either side bracket any transition near this reading (zones change at most once a day).
  const before = utcToWall(wallMs - 86_400_000, iana) - (wallMs - 86_400_000);
  const after = utcToWall(wallMs + 86_400_000, iana) - (wallMs + 86_400_000);
  const valid = [wallMs - before, wallMs - after].filter((utc) => utcToWall(utc, iana) === wallMs);
  if (valid.length > 0) return Math.min(...valid);
  return wallMs - before;
}

/** Parses Graph's dateTime ("2017-04-15T11:00:00.0000000", fraction optional, a trailing Z/offset ignored) as a wall time. */
export function parseWall(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?/.exec(text.trim());
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const value = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
  );
  return Number.isNaN(value) ? undefined : value;
}

/** Graph's dateTime text for a wall time: seven fraction digits, no offset. */
export function formatWall(wallMs: number): string {
  return `${new Date(wallMs).toISOString().slice(0, 23)}0000`;
}

/** A UTC instant in an ISO query parameter (with Z or offset; bare values are UTC, as calendarView treats them). */
export function parseInstant(text: string): number | undefined {
  const trimmed = text.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(trimmed)) {
    const value = Date.parse(trimmed);
    return Number.isNaN(value) ? undefined : value;
  }
  return parseWall(trimmed);
}
