/**
 * Values a side can only partly hold: per field, the side's `represent(value)` projection (Odoo: tentative -> busy).
 * A value is compared by its projection, and a side's reading that is just the projection of the richer value
 * keeps the richer value, so it is never a change and never written back. Pure; adapters declare the projections.
 */
import { canonicalJson } from './fingerprint';
import { copyField } from './diff';
import { isOccurrenceField, type CanonicalEvent, type ModifiedOccurrence, type OccurrenceFields } from './model';
import type { SideCapabilities } from './state';

type Projection = (value: unknown) => unknown;

function projections(caps: SideCapabilities): Array<[keyof CanonicalEvent, Projection]> {
  // Cast: Object.entries types keys as string; `represent` is keyed by CanonicalEvent fields.
  return Object.entries(caps.represent ?? {}) as Array<[keyof CanonicalEvent, Projection]>;
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** `event` as the side would hold it: every declared projection applied (modified occurrences included). */
export function representEvent(event: CanonicalEvent, caps: SideCapabilities): CanonicalEvent {
  const list = projections(caps);
  if (list.length === 0) return event;
  // Projections are typed loosely (unknown -> unknown) but answer a value of their own field's type
  // (SideCapabilities.represent), so the projected records are still events: the two casts below rest on that.
  const out: Record<string, unknown> = { ...event };
  for (const [field, project] of list) out[field] = project(event[field]);
  const recurrence = event.recurrence;
  if (recurrence) {
    const modified = recurrence.modified.map((m) => {
      const fields: Record<string, unknown> = { ...m.event };
      for (const [field, project] of list) if (isOccurrenceField(field)) fields[field] = project(m.event[field]);
      // Cast: the occurrence's own fields, each projected in place: the same keys, projected values of the same type.
      return { ...m, event: fields as unknown as OccurrenceFields };
    });
    out.recurrence = { ...recurrence, modified };
  }
  // Cast: `out` is a copy of `event` whose fields were projected to values of their own type.
  return out as unknown as CanonicalEvent;
}

function keepOccurrence(
  view: ModifiedOccurrence,
  reference: ModifiedOccurrence | undefined,
  list: Array<[keyof CanonicalEvent, Projection]>,
) {
  if (!reference) return view;
  const fields: OccurrenceFields = { ...view.event };
  for (const [field, project] of list) {
    if (isOccurrenceField(field) && sameJson(view.event[field], project(reference.event[field]))) {
      copyField(fields, reference.event, field);
    }
  }
  return { ...view, event: fields };
}

/**
 * `view` with every declared field that reads as the projection of `reference`'s value replaced by that richer
 * value (occurrences matched by original start). A value the side really changed is left as read.
 */
export function keepRicher(view: CanonicalEvent, reference: CanonicalEvent, caps: SideCapabilities): CanonicalEvent {
  const list = projections(caps);
  if (list.length === 0) return view;
  const out: CanonicalEvent = { ...view };
  for (const [field, project] of list)
    if (sameJson(view[field], project(reference[field]))) copyField(out, reference, field);
  if (out.recurrence && view.recurrence && reference.recurrence) {
    const byStart = new Map(reference.recurrence.modified.map((m) => [m.originalStart, m]));
    const modified = view.recurrence.modified.map((m) => keepOccurrence(m, byStart.get(m.originalStart), list));
    out.recurrence = { ...out.recurrence, modified };
  }
  return out;
}
