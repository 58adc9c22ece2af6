/** Small builders for core tests: a plain canonical event, side states and bases. Test helpers only. */
import type { BaseRecord, CanonicalEvent, Recurrence, SideState } from '../../server/core';

/** A one-hour Berlin meeting with one attendee; override any field. */
export function event(overrides: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return {
    title: 'Quarterly review',
    bodyHtml: '<p>Agenda: numbers</p>',
    timing: { kind: 'timed', start: '2025-03-31T08:00:00Z', end: '2025-03-31T09:00:00Z', timeZone: 'Europe/Berlin' },
    location: 'Room 4',
    attendees: [{ email: 'ann@example.com', name: 'Ann Lee', role: 'required', response: 'accepted' }],
    showAs: 'busy',
    sensitivity: 'normal',
    categories: ['Customer'],
    reminderMinutes: 15,
    organizer: { email: 'me@example.com', name: 'Me' },
    recurrence: null,
    erpLink: { model: 'res.partner', id: '42', name: 'Acme' },
    ...overrides,
  };
}

export function present(
  ev: CanonicalEvent,
  stamp: string,
  extra: Partial<Extract<SideState, { kind: 'present' }>> = {},
): SideState {
  return { kind: 'present', id: extra.id ?? `id-${stamp}`, stamp, event: ev, ...extra };
}

export const ABSENT: SideState = { kind: 'absent' };

export function deleted(id = 'gone'): SideState {
  return { kind: 'deleted', id };
}

/** A base pairing `snapshot`, with Outlook at stamp `o1` and the ERP at stamp `e1`. */
export function base(snapshot: CanonicalEvent = event()): BaseRecord {
  return { snapshot, outlook: { id: 'id-o1', stamp: 'o1' }, erp: { id: 'id-e1', stamp: 'e1' } };
}

export const DAY = 86_400_000;
/** The start of `event()`, the first occurrence of `dailySeries()`. */
export const SERIES_START = Date.parse('2025-03-31T08:00:00Z');
/** The original start of occurrence `i` (0-based) of `dailySeries()`. */
export const occurrenceAt = (i: number) => new Date(SERIES_START + i * DAY).toISOString().replace('.000Z', 'Z');

/** `event()` repeated daily seven times in Berlin; override the recurrence's parts or the event's fields. */
export function dailySeries(
  recurrence: Partial<Recurrence> = {},
  overrides: Partial<CanonicalEvent> = {},
): CanonicalEvent {
  return event({
    recurrence: { rrule: 'FREQ=DAILY;COUNT=7', timeZone: 'Europe/Berlin', exDates: [], modified: [], ...recurrence },
    ...overrides,
  });
}
