/** Marking, ERP ownership and the sync window. */
import {
  DEFAULT_POLICY,
  erpEventBelongs,
  inWindow,
  isMarkedForSync,
  outlookInScope,
  syncWindow,
} from '../../server/core';

const marking = DEFAULT_POLICY.marking;
const plain = { categories: ['Customer'], subject: 'Lunch' };

describe('marking', () => {
  test.each([
    [{ ...plain, extendedPropertyValue: 'map-17' }, 'extendedProperty'],
    [{ ...plain, categories: ['erp'] }, 'category'],
    [{ ...plain, customProperties: { erpSync: true } }, 'customProperty'],
    [{ ...plain, subject: 'Visit ACME [SYNC]' }, 'subjectTag'],
    [{ ...plain, extendedPropertyValue: 'false', customProperties: { erpSync: '0' } }, null],
    [plain, null],
  ])('facts %j are marked by %s', (facts, by) => {
    expect(isMarkedForSync(facts, marking)).toEqual({ marked: by !== null, by });
  });

  test('when a mark is configured off, then it does not mark', () => {
    expect(isMarkedForSync({ ...plain, subject: '[sync] x' }, { ...marking, subjectTag: '' }).marked).toBe(false);
    expect(isMarkedForSync({ ...plain, categories: ['Billing'] }, { ...marking, category: 'Billing' }).by).toBe(
      'category',
    );
  });

  test('when the switch is turned off, then no other mark marks the event, whatever the scope', () => {
    const off = { ...plain, extendedPropertyValue: 'false', categories: ['ERP'], subject: '[sync] Visit' };
    expect(isMarkedForSync(off, marking)).toEqual({ marked: false, by: null });
    expect(outlookInScope(off, { ...DEFAULT_POLICY, scope: 'all' })).toBe(false);
  });

  test('when the scope is all, then unmarked events are in scope', () => {
    expect(outlookInScope(plain, DEFAULT_POLICY)).toBe(false);
    expect(outlookInScope(plain, { ...DEFAULT_POLICY, scope: 'all' })).toBe(true);
  });
});

describe('ERP ownership', () => {
  const facts = {
    organizerEmail: 'boss@acme.com',
    attendeeEmails: ['Me@Firm.com', 'cli@customer.org'],
    tags: ['Sales'],
  };
  const me = { email: 'me@firm.com' };

  test('an event belongs to its organizer and attendees, nobody else', () => {
    expect(erpEventBelongs(facts, me, DEFAULT_POLICY)).toBe(true);
    expect(erpEventBelongs(facts, { email: 'boss@acme.com' }, DEFAULT_POLICY)).toBe(true);
    expect(erpEventBelongs(facts, { email: 'other@firm.com' }, DEFAULT_POLICY)).toBe(false);
  });

  test('a configured tag or e-mail domain narrows the events', () => {
    const withTag = (tag: string) => ({ ...DEFAULT_POLICY, erpScope: { tag, emailDomain: '' } });
    const withDomain = (emailDomain: string) => ({ ...DEFAULT_POLICY, erpScope: { tag: '', emailDomain } });
    expect(erpEventBelongs(facts, me, withTag('sales'))).toBe(true);
    expect(erpEventBelongs(facts, me, withTag('Support'))).toBe(false);
    expect(erpEventBelongs(facts, me, withDomain('@customer.org'))).toBe(true);
    expect(erpEventBelongs(facts, me, withDomain('elsewhere.net'))).toBe(false);
  });
});

describe('sync window', () => {
  const now = '2025-06-15T12:00:00Z';
  const window = syncWindow({ kind: 'days', back: 7, ahead: 14 }, now);

  test('days back and ahead, or from now for N days', () => {
    expect(window).toEqual({ from: '2025-06-08T12:00:00Z', to: '2025-06-29T12:00:00Z' });
    expect(syncWindow({ kind: 'upcoming', days: 14 }, '2025-06-15T12:00:00.000+02:00')).toEqual({
      from: '2025-06-15T10:00:00Z',
      to: '2025-06-29T10:00:00Z',
    });
  });

  test.each([
    [{ kind: 'timed', start: '2025-06-08T11:00:00Z', end: '2025-06-08T12:30:00Z', timeZone: 'UTC' }, true],
    [{ kind: 'timed', start: '2025-06-08T10:00:00Z', end: '2025-06-08T12:00:00Z', timeZone: 'UTC' }, false],
    [{ kind: 'timed', start: '2025-06-29T12:00:00Z', end: '2025-06-29T13:00:00Z', timeZone: 'UTC' }, false],
    [{ kind: 'allDay', startDate: '2025-06-29', endDate: '2025-06-30' }, true],
    [{ kind: 'allDay', startDate: '2025-06-01', endDate: '2025-06-08' }, false],
  ] as const)('timing %j in window: %s', (timing, expected) => {
    expect(inWindow(timing, window)).toBe(expected);
  });

  test('a series counts when it starts before the window ends and its UNTIL is not before the window', () => {
    const old = { kind: 'timed', start: '2024-01-01T09:00:00Z', end: '2024-01-01T10:00:00Z', timeZone: 'UTC' } as const;
    const rule = (rrule: string) => ({ rrule, timeZone: 'UTC', exDates: [], modified: [] });
    expect(inWindow(old, window, rule('FREQ=WEEKLY'))).toBe(true);
    expect(inWindow(old, window, rule('FREQ=WEEKLY;UNTIL=20250610T000000Z'))).toBe(true);
    expect(inWindow(old, window, rule('FREQ=WEEKLY;UNTIL=20250601'))).toBe(false);
  });
});
