/**
 * Mapping outcomes as values: a Graph event that cannot become canonical (or the reverse) is reported, not thrown,
 * so the engine turns it into a per-event problem and the rest of the mailbox syncs.
 */

export type OutlookMappingErrorKind =
  /** A rule Graph's patternedRecurrence cannot express (BYHOUR, FREQ=HOURLY, BYDAY=2MO,3TU...). */
  | 'unsupported_recurrence'
  /** A recurrence that is malformed on either side (COUNT with UNTIL, an end before the start...). */
  | 'invalid_recurrence'
  /** Missing or unreadable times, or an extended property that is not the JSON we wrote. */
  | 'invalid_event';

export interface OutlookMappingError {
  kind: OutlookMappingErrorKind;
  message: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; error: OutlookMappingError };

export function mapped<T>(value: T): Mapped<T> {
  return { ok: true, value };
}

export function mappingError<T = never>(kind: OutlookMappingErrorKind, message: string): Mapped<T> {
  return { ok: false, error: { kind, message } };
}
