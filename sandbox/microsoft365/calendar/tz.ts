/**
 * Time zones for the Graph calendar: Windows or IANA names -> IANA (windows-iana), wall time <-> UTC instant from
 * js-joda's own copy of the tz database (not Intl, and not the product's code). Wall times are "floating" epoch ms
 * whose UTC fields are the local clock reading. Lookups are memoised: recurrence expansion calls these per occurrence.
 */
import { Instant, LocalDateTime, ZoneId, ZoneOffset, type ZoneRules } from '@js-joda/core';
import '@js-joda/timezone';
import { findIana, findWindows } from 'windows-iana';

const UTC_NAMES = new Set(['utc', 'etc/utc', 'gmt', 'etc/gmt', 'tzone://microsoft/utc', 'coordinated universal time']);
const ianaByName = new Map<string, string | undefined>();
const windowsByName = new Map<string, string>();
const rulesByZone = new Map<string, ZoneRules>();

function zoneRules(iana: string): ZoneRules | undefined {
  let rules = rulesByZone.get(iana);
  if (!rules) {
    try {
      rules = ZoneId.of(iana).rules();
    } catch {
      return undefined; // not in the tz database: callers treat the name as unknown
    }
    rulesByZone.set(iana, rules);
  }
  return rules;
}

function rulesOf(iana: string): ZoneRules {
  const rules = zoneRules(iana);
  if (!rules) throw new RangeError(`Unknown time zone '${iana}'.`);
  return rules;
}

/** The IANA zone for a Windows or IANA name (as Graph accepts both), or undefined when unknown. */
export function resolveIana(name: string): string | undefined {
  if (ianaByName.has(name)) return ianaByName.get(name);
  const trimmed = name.trim();
  let iana: string | undefined;
  if (UTC_NAMES.has(trimmed.toLowerCase())) iana = 'UTC';
  else iana = findIana(trimmed)[0] ?? (trimmed.includes('/') && zoneRules(trimmed) ? trimmed : undefined);
  ianaByName.set(name, iana);
  return iana;
}

/** The Windows name Graph keeps in originalStartTimeZone for a zone given as Windows or IANA. */
export function windowsName(name: string): string {
  const cached = windowsByName.get(name);
  if (cached !== undefined) return cached;
  const trimmed = name.trim();
  let windows: string;
  if (UTC_NAMES.has(trimmed.toLowerCase())) windows = 'UTC';
  else if (findIana(trimmed).length > 0) windows = trimmed;
  else windows = findWindows(trimmed)[0] ?? 'tzone://Microsoft/Custom';
  windowsByName.set(name, windows);
  return windows;
}

/** Local clock reading (floating ms) of a UTC instant in a zone. */
export function utcToWall(utcMs: number, iana: string): number {
  if (iana === 'UTC') return utcMs;
  return utcMs + rulesOf(iana).offset(Instant.ofEpochMilli(utcMs)).totalSeconds() * 1000;
}

/** UTC instant of a local clock reading; a reading skipped by a DST jump resolves forward, a repeated one to the first. */
export function wallToUtc(wallMs: number, iana: string): number {
  if (iana === 'UTC') return wallMs;
  const rules = rulesOf(iana);
  const seconds = Math.floor(wallMs / 1000);
  const local = LocalDateTime.ofEpochSecond(seconds, ZoneOffset.UTC);
  const offsets = rules.validOffsets(local);
  if (offsets.length > 0) return Math.min(...offsets.map((o) => wallMs - o.totalSeconds() * 1000));
  // In a gap: read the clock with the offset in force before the jump, which lands after it.
  const transition = rules.transition(local);
  return wallMs - transition.offsetBefore().totalSeconds() * 1000;
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
