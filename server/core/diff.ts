/**
 * Field-by-field comparison of canonical events in their normal form, and composing an event from fields of
 * others. Knows nothing about sides or bases: callers pass the fields a side can hold.
 */
import type { CanonicalEvent, EventField } from './model';
import { EVENT_FIELDS } from './model';
import { fieldKey, normalizeEvent } from './normalize';

/**
 * The fields (among `fields`, in EVENT_FIELDS order) whose normal forms differ. Restricting `fields` to what a
 * side stores is how a field the side cannot hold never counts as a change there.
 */
export function diffFields(
  a: CanonicalEvent,
  b: CanonicalEvent,
  fields: readonly EventField[] = EVENT_FIELDS,
): EventField[] {
  const na = normalizeEvent(a);
  const nb = normalizeEvent(b);
  const wanted = new Set(fields);
  return EVENT_FIELDS.filter((f) => wanted.has(f) && fieldKey(na, f) !== fieldKey(nb, f));
}

/** True when the two events agree on every one of `fields`. */
export function sameFields(
  a: CanonicalEvent,
  b: CanonicalEvent,
  fields: readonly EventField[] = EVENT_FIELDS,
): boolean {
  return diffFields(a, b, fields).length === 0;
}

/** Sets `target[field]` to `source[field]`: the one typed copy of a field, instead of a cast at every caller. */
export function copyField<T extends object, K extends keyof T>(target: Partial<T>, source: T, field: K): void {
  target[field] = source[field];
}

/** `base` with `fields` taken from `source`; neither input is mutated. */
export function overlay(base: CanonicalEvent, source: CanonicalEvent, fields: readonly EventField[]): CanonicalEvent {
  const out: CanonicalEvent = { ...base };
  for (const f of fields) copyField(out, source, f);
  return out;
}

/** Only `fields` of `event`. */
export function pickFields(event: CanonicalEvent, fields: readonly EventField[]): Partial<CanonicalEvent> {
  const out: Partial<CanonicalEvent> = {};
  for (const f of fields) copyField(out, event, f);
  return out;
}

/** Fields in both lists, in EVENT_FIELDS order. */
export function intersect(a: readonly EventField[], b: readonly EventField[]): EventField[] {
  const inB = new Set(b);
  return EVENT_FIELDS.filter((f) => a.includes(f) && inB.has(f));
}

/** Fields of `a` not in `b`, in EVENT_FIELDS order. */
export function without(a: readonly EventField[], b: readonly EventField[]): EventField[] {
  const inB = new Set(b);
  return EVENT_FIELDS.filter((f) => a.includes(f) && !inB.has(f));
}

/** Fields in either list, in EVENT_FIELDS order. */
export function union(a: readonly EventField[], b: readonly EventField[]): EventField[] {
  return EVENT_FIELDS.filter((f) => a.includes(f) || b.includes(f));
}
