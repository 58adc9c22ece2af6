/**
 * Canonical event fields in words for the pane: a label per field and a display-ready value (dates in the
 * person's zone, HTML as text, rules as sentences). Pure; no request, store or clock here.
 */
import { RRule } from 'rrule';
import { htmlToText, type CanonicalEvent, type EventField, type EventTiming } from '../core';

export const FIELD_LABELS: Record<EventField, string> = {
  title: 'Title',
  bodyHtml: 'Description',
  timing: 'Date and time',
  location: 'Location',
  attendees: 'Attendees',
  organizer: 'Organizer',
  showAs: 'Show as',
  sensitivity: 'Privacy',
  categories: 'Categories',
  reminderMinutes: 'Reminder',
  recurrence: 'Repeats',
  erpLink: 'Linked record',
};

export function labelOf(field: string): string {
  return (FIELD_LABELS as Record<string, string>)[field] ?? field;
}

const SHOW_AS: Record<string, string> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'Away',
  workingElsewhere: 'Working elsewhere',
  unknown: 'Unknown',
};
const SENSITIVITY: Record<string, string> = {
  normal: 'Normal',
  personal: 'Personal',
  private: 'Private',
  confidential: 'Confidential',
};
const MAX_TEXT = 200;
const EMPTY = '(empty)';

/** A zone Intl knows, else UTC: a zone name from a foreign system must not break the page. */
export function usableZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch (error) {
    if (error instanceof RangeError) return 'UTC';
    throw error;
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return EMPTY;
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

function formatInstant(instant: string, zone: string, withDate: boolean): string {
  const options: Intl.DateTimeFormatOptions = { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false };
  if (withDate) Object.assign(options, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(instant));
}

function dayOf(instant: string, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(new Date(instant));
}

function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const options: Intl.DateTimeFormatOptions = {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  };
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** "Mon 3 Mar 2025, 10:00–11:30 (Europe/Paris)"; all-day: "Mon 3 Mar 2025 (all day)", end date inclusive. */
export function formatTiming(timing: EventTiming, zone: string): string {
  if (timing.kind === 'allDay') {
    const lastDay = new Date(Date.parse(`${timing.endDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const span =
      lastDay > timing.startDate
        ? `${formatDate(timing.startDate)} – ${formatDate(lastDay)}`
        : formatDate(timing.startDate);
    return `${span} (all day)`;
  }
  const sameDay = dayOf(timing.start, zone) === dayOf(timing.end, zone);
  const end = formatInstant(timing.end, zone, !sameDay);
  return `${formatInstant(timing.start, zone, true)}${sameDay ? '–' : ' – '}${end} (${zone})`;
}

function formatRule(rrule: string): string {
  try {
    return RRule.fromString(rrule).toText();
  } catch (error) {
    if (error instanceof Error) return rrule; // a rule rrule cannot parse is still better shown than hidden
    throw error;
  }
}

/** One field's value in words, as the pane shows it side by side. */
export function formatField(field: string, event: Partial<CanonicalEvent>, zone: string): string {
  switch (field) {
    case 'title':
    case 'location':
      return shorten(String(event[field] ?? ''));
    case 'bodyHtml':
      return shorten(htmlToText(event.bodyHtml ?? ''));
    case 'timing':
      return event.timing ? formatTiming(event.timing, zone) : EMPTY;
    case 'attendees':
      return shorten((event.attendees ?? []).map((a) => a.name ?? a.email).join(', '));
    case 'organizer':
      return event.organizer ? (event.organizer.name ?? event.organizer.email) : EMPTY;
    case 'showAs':
      return SHOW_AS[event.showAs ?? ''] ?? EMPTY;
    case 'sensitivity':
      return SENSITIVITY[event.sensitivity ?? ''] ?? EMPTY;
    case 'categories':
      return shorten((event.categories ?? []).join(', '));
    case 'reminderMinutes':
      return typeof event.reminderMinutes === 'number' ? `${event.reminderMinutes} minutes before` : 'None';
    case 'recurrence':
      return event.recurrence ? formatRule(event.recurrence.rrule) : 'Does not repeat';
    case 'erpLink':
      return event.erpLink ? (event.erpLink.name ?? `${event.erpLink.model} ${event.erpLink.id}`) : EMPTY;
    default:
      return EMPTY;
  }
}
