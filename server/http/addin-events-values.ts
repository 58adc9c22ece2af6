/**
 * Canonical event fields as the pane's `FieldValue`s: text shortened, HTML as text, timings and rules as data the
 * pane formats in the person's language and locale. Pure; no request, store or clock here, and no words: the
 * pane's string catalogue names fields and options.
 */
import type { FieldValue } from '../../contract/addin-api';
import { htmlToText, type CanonicalEvent } from '../core';

const MAX_TEXT = 200;

function text(value: string): FieldValue {
  const flat = value.replace(/\s+/g, ' ').trim();
  if (flat === '') return { kind: 'empty' };
  return { kind: 'text', text: flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat };
}

/** One field's value for the pane's side-by-side choice. */
export function fieldValue(field: string, event: Partial<CanonicalEvent>): FieldValue {
  switch (field) {
    case 'title':
    case 'location':
      return text(String(event[field] ?? ''));
    case 'bodyHtml':
      return text(htmlToText(event.bodyHtml ?? ''));
    case 'timing': {
      const timing = event.timing;
      if (!timing) return { kind: 'empty' };
      return timing.kind === 'allDay'
        ? { kind: 'allDay', startDate: timing.startDate, endDate: timing.endDate }
        : { kind: 'timed', start: timing.start, end: timing.end, timeZone: timing.timeZone };
    }
    case 'attendees':
      return text((event.attendees ?? []).map((a) => a.name ?? a.email).join(', '));
    case 'organizer':
      return event.organizer ? text(event.organizer.name ?? event.organizer.email) : { kind: 'empty' };
    case 'showAs':
    case 'sensitivity': {
      const option = event[field];
      return option ? { kind: 'option', option } : { kind: 'empty' };
    }
    case 'categories':
      return text((event.categories ?? []).join(', '));
    case 'reminderMinutes':
      return { kind: 'minutes', minutes: typeof event.reminderMinutes === 'number' ? event.reminderMinutes : null };
    case 'recurrence':
      return { kind: 'recurrence', rrule: event.recurrence?.rrule ?? null };
    case 'erpLink':
      return event.erpLink
        ? text(event.erpLink.name ?? `${event.erpLink.model} ${event.erpLink.id}`)
        : { kind: 'empty' };
    default:
      return { kind: 'empty' };
  }
}
