/** Shared by the REST adapter tests: a rich canonical event and a clock that records sleeps instead of waiting. */
import type { CanonicalEvent } from '../../../server/core/model';
import type { RestErpClock } from '../../../server/erp/rest';

export function recordingClock(): RestErpClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}

export function dayFromNow(days: number, hour: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour))
    .toISOString()
    .replace('.000Z', 'Z');
}

export function richEvent(overrides: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return {
    title: 'Quarterly review at Fabrikam',
    bodyHtml: '<p>Agenda: <b>pricing</b></p>',
    timing: { kind: 'timed', start: dayFromNow(3, 8), end: dayFromNow(3, 9), timeZone: 'Europe/Paris' },
    location: 'Fabrikam, Redmond',
    attendees: [
      { email: 'adele@contoso.example', name: 'Adele Vance', role: 'required', response: 'organizer' },
      { email: 'buyer@fabrikam.example', role: 'optional', response: 'tentative' },
    ],
    organizer: { email: 'adele@contoso.example', name: 'Adele Vance' },
    showAs: 'busy',
    sensitivity: 'private',
    categories: ['ERP', 'Customer'],
    reminderMinutes: 30,
    recurrence: {
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      timeZone: 'Europe/Paris',
      exDates: [dayFromNow(10, 8)],
      modified: [
        {
          originalStart: dayFromNow(17, 8),
          event: {
            title: 'Quarterly review (moved)',
            bodyHtml: '',
            timing: { kind: 'timed', start: dayFromNow(18, 8), end: dayFromNow(18, 9), timeZone: 'Europe/Paris' },
            location: 'Online',
            attendees: [],
            showAs: 'tentative',
            sensitivity: 'normal',
            categories: [],
            reminderMinutes: null,
          },
        },
      ],
    },
    erpLink: { model: 'customer', id: 'cust-fabrikam', name: 'Fabrikam Inc.' },
    ...overrides,
  };
}
