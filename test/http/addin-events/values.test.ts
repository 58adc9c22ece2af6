/**
 * Field values for the pane (pure): data, not words: timings with their zone, closed choices by their value, HTML
 * as text, long text shortened; and which errors "Retry" can fix.
 */
import { isRetryableSyncError as isRetryable } from '../../../contract/addin-api/codes';
import { fieldValue } from '../../../server/http/addin-events-values';

describe('field values for the pane', () => {
  it('when fields are given, then each comes as data the pane words in the person language', () => {
    const timing = {
      kind: 'timed',
      start: '2026-03-05T09:00:00Z',
      end: '2026-03-05T10:30:00Z',
      timeZone: 'Europe/Paris',
    } as const;
    expect(fieldValue('timing', { timing })).toEqual(timing);
    expect(
      fieldValue('timing', { timing: { kind: 'allDay', startDate: '2026-03-05', endDate: '2026-03-06' } }),
    ).toEqual({ kind: 'allDay', startDate: '2026-03-05', endDate: '2026-03-06' });
    const recurrence = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', timeZone: 'UTC', exDates: [], modified: [] };
    expect(fieldValue('recurrence', { recurrence })).toEqual({ kind: 'recurrence', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE' });
    expect(fieldValue('recurrence', { recurrence: null })).toEqual({ kind: 'recurrence', rrule: null });
    expect(fieldValue('bodyHtml', { bodyHtml: '<p>Numbers &amp; <b>plans</b></p>' })).toEqual({
      kind: 'text',
      text: 'Numbers & plans',
    });
    expect(fieldValue('reminderMinutes', { reminderMinutes: 15 })).toEqual({ kind: 'minutes', minutes: 15 });
    expect(fieldValue('location', { location: '  ' })).toEqual({ kind: 'empty' });
    expect(fieldValue('showAs', { showAs: 'oof' })).toEqual({ kind: 'option', option: 'oof' });
    const attendees = [
      { email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'none' },
      { email: 'megan@contoso.example', role: 'optional', response: 'accepted' },
    ] as const;
    expect(fieldValue('attendees', { attendees: [...attendees] })).toEqual({
      kind: 'text',
      text: 'Alex Wilber, megan@contoso.example',
    });
    const long = fieldValue('title', { title: 'x'.repeat(300) });
    expect(long.kind === 'text' && long.text).toHaveLength(200);
  });

  it('when an error needs an edit or an administrator, then Retry is not offered', () => {
    expect(isRetryable('erp_validation')).toBe(false);
    expect(isRetryable('outlook_auth')).toBe(false);
    expect(isRetryable('erp_unavailable')).toBe(true);
    expect(isRetryable('outlook_throttled')).toBe(true);
  });
});
