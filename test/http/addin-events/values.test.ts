/**
 * Field values in words for the pane (pure): timings in the event's zone, all-day spans with an exclusive end,
 * rules as sentences, HTML as text, an unknown zone falling back to UTC; and which errors "Retry" can fix.
 */
import { isRetryable } from '../../../server/http/addin-events-status';
import { formatField, formatTiming, usableZone } from '../../../server/http/addin-events-values';

describe('field values in words', () => {
  it.each([
    [
      { kind: 'timed', start: '2026-03-05T09:00:00Z', end: '2026-03-05T10:30:00Z', timeZone: 'Europe/Paris' },
      'Europe/Paris',
      'Thu, 5 Mar 2026, 10:00–11:30 (Europe/Paris)',
    ],
    [
      { kind: 'timed', start: '2026-03-05T22:00:00Z', end: '2026-03-06T01:00:00Z', timeZone: 'UTC' },
      'UTC',
      'Thu, 5 Mar 2026, 22:00 – Fri, 6 Mar 2026, 01:00 (UTC)',
    ],
    [{ kind: 'allDay', startDate: '2026-03-05', endDate: '2026-03-06' }, 'UTC', 'Thu, 5 Mar 2026 (all day)'],
    [
      { kind: 'allDay', startDate: '2026-03-05', endDate: '2026-03-08' },
      'UTC',
      'Thu, 5 Mar 2026 – Sat, 7 Mar 2026 (all day)',
    ],
  ] as const)('when the timing is %j in %s, then it reads "%s"', (timing, zone, expected) => {
    expect(formatTiming(timing, zone)).toBe(expected);
  });

  it('when a zone is unknown to Intl, then UTC is used', () => {
    expect(usableZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(usableZone('America/New_York')).toBe('America/New_York');
    expect(usableZone(null)).toBe('UTC');
  });

  it('when fields are formatted, then each reads as the person would say it', () => {
    const recurrence = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', timeZone: 'UTC', exDates: [], modified: [] };
    expect(formatField('recurrence', { recurrence }, 'UTC')).toBe('every week on Monday, Wednesday');
    expect(formatField('recurrence', { recurrence: null }, 'UTC')).toBe('Does not repeat');
    expect(formatField('bodyHtml', { bodyHtml: '<p>Numbers &amp; <b>plans</b></p>' }, 'UTC')).toBe('Numbers & plans');
    expect(formatField('reminderMinutes', { reminderMinutes: 15 }, 'UTC')).toBe('15 minutes before');
    expect(formatField('reminderMinutes', { reminderMinutes: null }, 'UTC')).toBe('None');
    expect(formatField('location', { location: '' }, 'UTC')).toBe('(empty)');
    expect(formatField('showAs', { showAs: 'oof' }, 'UTC')).toBe('Away');
    const attendees = [
      { email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'none' },
      { email: 'megan@contoso.example', role: 'optional', response: 'accepted' },
    ] as const;
    expect(formatField('attendees', { attendees: [...attendees] }, 'UTC')).toBe('Alex Wilber, megan@contoso.example');
    expect(formatField('title', { title: 'x'.repeat(300) }, 'UTC')).toHaveLength(200);
  });

  it('when an error needs an edit or an administrator, then Retry is not offered', () => {
    expect(isRetryable('erp_validation')).toBe(false);
    expect(isRetryable('outlook_auth')).toBe(false);
    expect(isRetryable('erp_unavailable')).toBe(true);
    expect(isRetryable('outlook_throttled')).toBe(true);
  });
});
