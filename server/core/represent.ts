/**
 * Values a side can only partly hold: per field, the side's `represent(value)` projection (Odoo: tentative -> busy).
 * A value is compared by its projection, and a side's reading that is just the projection of the richer value
 * keeps the richer value, so it is never a change and never written back. Pure; adapters declare the projections.
 */
import { canonicalJson } from './fingerprint';
import { copyField } from './diff';
import {
  EVENT_FIELDS,
  isOccurrenceField,
  type CanonicalEvent,
  type EventField,
  type ModifiedOccurrence,
  type OccurrenceFields,
} from './model';
import type { FieldProjections, SideCapabilities } from './state';

/** The fields `caps` declares a projection for. */
function projectedFields(caps: SideCapabilities): EventField[] {
  const represent = caps.represent;
  return represent ? EVENT_FIELDS.filter((field) => represent[field] !== undefined) : [];
}

/** `value` of `field` as the side holds it (unchanged when the field has no projection). */
function projected<F extends EventField>(
  projections: FieldProjections,
  field: F,
  value: CanonicalEvent[F],
): CanonicalEvent[F] {
  const project = projections[field];
  return project ? project(value) : value;
}

function projectInto<F extends EventField>(target: CanonicalEvent, field: F, projections: FieldProjections): void {
  target[field] = projected(projections, field, target[field]);
}

/** FieldProjections over an occurrence's own fields (each has CanonicalEvent's type, so any FieldProjections is one). */
type OccurrenceProjections = { [F in keyof OccurrenceFields]?: (value: OccurrenceFields[F]) => OccurrenceFields[F] };

function projectOccurrenceInto<F extends keyof OccurrenceFields>(
  target: OccurrenceFields,
  field: F,
  projections: OccurrenceProjections,
): void {
  const project = projections[field];
  if (project) target[field] = project(target[field]);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** `event` as the side would hold it: every declared projection applied (modified occurrences included). */
export function representEvent(event: CanonicalEvent, caps: SideCapabilities): CanonicalEvent {
  const fields = projectedFields(caps);
  const projections = caps.represent ?? {};
  if (fields.length === 0) return event;
  const out: CanonicalEvent = { ...event };
  for (const field of fields) projectInto(out, field, projections);
  const recurrence = event.recurrence;
  if (recurrence) {
    const modified = recurrence.modified.map((m) => {
      const occurrence: OccurrenceFields = { ...m.event };
      for (const field of fields) if (isOccurrenceField(field)) projectOccurrenceInto(occurrence, field, projections);
      return { ...m, event: occurrence };
    });
    out.recurrence = { ...recurrence, modified };
  }
  return out;
}

function keepOccurrence(
  view: ModifiedOccurrence,
  reference: ModifiedOccurrence | undefined,
  fields: readonly EventField[],
  projections: FieldProjections,
) {
  if (!reference) return view;
  const out: OccurrenceFields = { ...view.event };
  for (const field of fields) {
    if (
      isOccurrenceField(field) &&
      sameJson(view.event[field], projected(projections, field, reference.event[field]))
    ) {
      copyField(out, reference.event, field);
    }
  }
  return { ...view, event: out };
}

/**
 * `view` with every declared field that reads as the projection of `reference`'s value replaced by that richer
 * value (occurrences matched by original start). A value the side really changed is left as read.
 */
export function keepRicher(view: CanonicalEvent, reference: CanonicalEvent, caps: SideCapabilities): CanonicalEvent {
  const fields = projectedFields(caps);
  const projections = caps.represent ?? {};
  if (fields.length === 0) return view;
  const out: CanonicalEvent = { ...view };
  for (const field of fields)
    if (sameJson(view[field], projected(projections, field, reference[field]))) copyField(out, reference, field);
  if (out.recurrence && view.recurrence && reference.recurrence) {
    const byStart = new Map(reference.recurrence.modified.map((m) => [m.originalStart, m]));
    const modified = view.recurrence.modified.map((m) =>
      keepOccurrence(m, byStart.get(m.originalStart), fields, projections),
    );
    out.recurrence = { ...out.recurrence, modified };
  }
  return out;
}
