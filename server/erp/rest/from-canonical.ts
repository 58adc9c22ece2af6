/**
 * Canonical events -> contract request bodies: the one place each outbound payload is built.
 * A patch carries only the fields asked for; `erpLink` travels as `link` (model and id: the ERP owns the name).
 */
import type { CanonicalEvent, EventField } from '../../core';
import type { ErpUser } from '../port';
import type { WireAppointmentCreate, WireAppointmentFields, WireAppointmentPatch, WireLink } from './wire-types';

function link(event: CanonicalEvent): WireLink | null {
  return event.erpLink ? { model: event.erpLink.model, id: event.erpLink.id } : null;
}

function fieldValue<K extends EventField>(event: CanonicalEvent, field: K): Partial<WireAppointmentFields> {
  if (field === 'erpLink') return { link: link(event) };
  // Cast: a computed key widens to string; every EventField but erpLink is a wire field of the same name and type.
  return { [field]: event[field] } as Partial<WireAppointmentFields>;
}

export function toCreateBody(user: ErpUser, event: CanonicalEvent, needsReview: boolean): WireAppointmentCreate {
  return {
    ownerId: user.id,
    title: event.title,
    bodyHtml: event.bodyHtml,
    timing: event.timing,
    location: event.location,
    attendees: event.attendees,
    organizer: event.organizer,
    showAs: event.showAs,
    sensitivity: event.sensitivity,
    categories: event.categories,
    reminderMinutes: event.reminderMinutes,
    recurrence: event.recurrence,
    link: link(event),
    needsReview,
  };
}

export function toPatchBody(event: CanonicalEvent, fields: readonly EventField[]): WireAppointmentPatch {
  let patch: WireAppointmentPatch = {};
  for (const field of fields) patch = { ...patch, ...fieldValue(event, field) };
  return patch;
}
