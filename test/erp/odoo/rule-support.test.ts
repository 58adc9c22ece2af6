/**
 * Rules Odoo 19 cannot hold are refused before a write (server/erp/odoo/rule-support.ts): Exchange's last-day
 * fallback in RFC 5545 form, and yearly weekdays; the rules Odoo keeps pass, the odoo stream's BYDAY forms too.
 */
import { isErpError } from '../../../server/erp/errors';
import { toOdooValues } from '../../../server/erp/odoo/from-canonical';
import { odooRuleProblem } from '../../../server/erp/odoo/rule-support';
import type { CanonicalEvent } from '../../../server/core';

const refs = { partnerIds: [], tagIds: [], alarmIds: [], organizerUid: null, linkModelId: null };

function series(rrule: string): CanonicalEvent {
  return {
    title: 'series',
    bodyHtml: '',
    timing: { kind: 'timed', start: '2030-01-31T08:00:00Z', end: '2030-01-31T09:00:00Z', timeZone: 'Europe/Berlin' },
    location: '',
    attendees: [],
    organizer: null,
    showAs: 'busy',
    sensitivity: 'normal',
    categories: [],
    reminderMinutes: null,
    recurrence: { rrule, timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    erpLink: null,
  };
}

describe('rules Odoo can hold', () => {
  it.each([
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'last day of shorter months'],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1;COUNT=4', 'last day of shorter months'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=28,29;BYSETPOS=-1', 'last day of shorter months'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1', '29 February'],
    ['FREQ=YEARLY;BYMONTH=11;BYDAY=TH;BYSETPOS=-1', 'weekday of a month'],
  ])('when the rule is %s, then Odoo refuses it before any write (%s)', (rule, words) => {
    expect(odooRuleProblem(rule)).toContain(words);
    let thrown: unknown;
    try {
      toOdooValues(series(rule), ['recurrence'], refs);
    } catch (error) {
      thrown = error;
    }
    expect(isErpError(thrown, 'validation')).toBe(true);
  });

  it.each([
    'FREQ=DAILY;COUNT=5',
    'FREQ=WEEKLY;BYDAY=MO,WE',
    'FREQ=MONTHLY;BYMONTHDAY=28',
    'FREQ=MONTHLY;BYMONTHDAY=31',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=TH;BYSETPOS=1',
    'FREQ=MONTHLY;BYDAY=-1FR',
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15',
    'FREQ=YEARLY',
  ])('when the rule is %s, then it is written', (rule) => {
    expect(odooRuleProblem(rule)).toBeNull();
    // Written in the form Odoo holds (odoo-rule.ts turns BYDAY=TH;BYSETPOS=1 into BYDAY=1TH).
    expect(toOdooValues(series(rule), ['recurrence'], refs).rrule).toContain(`RRULE:${rule.slice(0, 12)}`);
  });
});
