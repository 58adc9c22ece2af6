/** Canonical rules <-> the form Odoo 19 holds (server/erp/odoo/odoo-rule.ts); the real server's side is S28 and the differential suite. */
import { fromOdooRule, toOdooRule } from '../../../server/erp/odoo/odoo-rule';

describe('Odoo rule form', () => {
  test('when a monthly rule has one day and a set position, then Odoo gets its nth weekday and reads back the same rule', () => {
    const canonical = 'FREQ=MONTHLY;INTERVAL=2;BYDAY=MO;BYSETPOS=1;COUNT=4';
    expect(toOdooRule(canonical, 'Europe/Paris', false)).toBe('FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO;COUNT=4');
    expect(fromOdooRule(toOdooRule(canonical, 'Europe/Paris', false), 'Europe/Paris', false)).toBe(canonical);
    expect(toOdooRule('FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', 'UTC', false)).toBe('FREQ=MONTHLY;BYDAY=-1FR');
  });

  test('when a set position goes with several days, then the rule is left as it is (Odoo has no form for it)', () => {
    const rule = 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1';
    expect(toOdooRule(rule, 'UTC', false)).toBe(rule);
  });

  test('when a timed series in New York ends on a date, then Odoo gets that local date and the rule reads back unchanged', () => {
    // The last second of 5 March in New York is 04:59:59 UTC on the 6th: Odoo would keep the 6th, a day late.
    const canonical = 'FREQ=DAILY;UNTIL=20310306T045959Z';
    expect(toOdooRule(canonical, 'America/New_York', false)).toBe('FREQ=DAILY;UNTIL=20310305T235959Z');
    expect(fromOdooRule('FREQ=DAILY;UNTIL=20310305T235959Z', 'America/New_York', false)).toBe(canonical);
  });

  test('when UNTIL falls before the series’ time of day, then Odoo’s last day is the day before', () => {
    // 00:00 UTC on 30 June is 02:00 in Paris: a 09:00 series has no occurrence left that day.
    const rule = 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T000000Z';
    expect(toOdooRule(rule, 'Europe/Paris', false, '2026-06-01T07:00:00Z')).toBe(
      'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260629T235959Z',
    );
    expect(toOdooRule(rule, 'Europe/Paris', false, '2026-06-01T00:00:00Z')).toBe(
      'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T235959Z',
    );
  });

  test('when a series east of UTC or all-day ends on a date, then its UNTIL keeps its date', () => {
    expect(toOdooRule('FREQ=DAILY;UNTIL=20310305T225959Z', 'Europe/Paris', false)).toBe(
      'FREQ=DAILY;UNTIL=20310305T235959Z',
    );
    expect(fromOdooRule('FREQ=DAILY;UNTIL=20310305T235959Z', 'Europe/Paris', false)).toBe(
      'FREQ=DAILY;UNTIL=20310305T225959Z',
    );
    expect(toOdooRule('FREQ=DAILY;UNTIL=20310305', 'America/New_York', true)).toBe('FREQ=DAILY;UNTIL=20310305');
  });
});
