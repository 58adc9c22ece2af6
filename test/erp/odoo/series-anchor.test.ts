/** Where an Odoo series starts by its rule, read from its events when the stored rule has no DTSTART of ours. */
import { seriesAnchor } from '../../../server/erp/odoo/series-anchor';
import type { OdooEventRead } from '../../../server/erp/odoo/wire-types';

function row(id: number, start: string, follows = true): OdooEventRead {
  return { id, start, allday: false, start_date: false, active: true, follow_recurrence: follows } as OdooEventRead;
}

describe('seriesAnchor', () => {
  // Daily x5 at 10:00 Paris (09:00 UTC); the first occurrence moved alone an hour later.
  const events = [
    row(1, '2027-01-12 10:00:00', false),
    row(2, '2027-01-13 09:00:00'),
    row(3, '2027-01-14 09:00:00'),
    row(4, '2027-01-15 09:00:00'),
    row(5, '2027-01-16 09:00:00'),
  ];
  const following = events.filter((e) => e.follow_recurrence).map((e) => e.start);

  test('a first occurrence moved later the same day is not where the rule starts (Odoo wrote its own DTSTART)', () => {
    const stored = 'DTSTART:20270112T100000\nRRULE:FREQ=DAILY;COUNT=5';
    expect(seriesAnchor(stored, 'FREQ=DAILY;COUNT=5', events, following, 'Europe/Paris', false)).toBe(
      '2027-01-12 09:00:00',
    );
  });

  test('our own DTSTART is trusted when every following event falls on it', () => {
    const stored = 'DTSTART:20270112T090000Z\nRRULE:FREQ=DAILY;COUNT=5';
    expect(seriesAnchor(stored, 'FREQ=DAILY;COUNT=5', events, following, 'Europe/Paris', false)).toBe(
      '2027-01-12 09:00:00',
    );
  });

  test('without a moved first occurrence the earliest event is the start', () => {
    const plain = [row(1, '2027-01-12 09:00:00'), ...events.slice(1)];
    const keys = plain.map((e) => e.start);
    expect(seriesAnchor('', 'FREQ=DAILY;COUNT=5', plain, keys, 'Europe/Paris', false)).toBe('2027-01-12 09:00:00');
  });
});
