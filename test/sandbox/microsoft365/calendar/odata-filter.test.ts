/** The $filter compiler on its own: operators, functions, lambdas, case rules, and rejection of what it cannot read. */
import { compileFilter } from '../../../../sandbox/microsoft365/calendar/odata-filter';

const PROP = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name erpSync';
const row = {
  subject: 'Weekly Review',
  isAllDay: false,
  reminderMinutesBeforeStart: 15,
  start: { dateTime: '2030-01-06T09:00:00.0000000', timeZone: 'UTC' },
  lastModifiedDateTime: '2030-01-01T10:00:00.0000000Z',
  categories: ['ERP', 'Blue category'],
  organizer: { emailAddress: { address: 'adele@contoso.example' } },
  singleValueExtendedProperties: [{ id: PROP, value: 'Map-1' }],
};

describe('compileFilter', () => {
  it.each([
    ["subject eq 'weekly review'", true],
    ["subject ne 'Weekly Review'", false],
    ["startswith(subject,'week') and contains(subject, 'REV')", true],
    ["endswith(subject,'x') or isAllDay eq false", true],
    ['not (isAllDay eq false)', false],
    ['reminderMinutesBeforeStart ge 15 and reminderMinutesBeforeStart lt 16', true],
    ["start/dateTime ge '2030-01-06T08:59:59' and start/dateTime lt '2030-01-06T09:00:01'", true],
    ['lastModifiedDateTime gt 2030-01-01T09:00:00Z', true],
    ["organizer/emailAddress/address eq 'ADELE@contoso.example'", true],
    ["categories/any(c: c eq 'erp')", true],
    ["categories/any(c: c eq 'Red category')", false],
    [`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'Map-1')`, true],
    [
      `singleValueExtendedProperties/Any(ep: ep/id eq '${PROP.toUpperCase().replace('ERPSYNC', 'erpSync')}' and ep/value eq 'Map-1')`,
      true,
    ],
    [`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP.replace('erpSync', 'erpsync')}')`, false],
    [`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'map-1')`, false],
  ])('when the filter is %s, then it gives %s', (filter, expected) => {
    expect(compileFilter(filter)(row)).toBe(expected);
  });

  it.each(["subject eqq 'x'", "subject eq 'x", "(subject eq 'x'", "subject eq 'x' and", 'subject eq #'])(
    'when the filter %s cannot be read, then it throws a 400 ErrorInvalidUrlQueryFilter',
    (filter) => {
      expect(() => compileFilter(filter)).toThrow(
        expect.objectContaining({ status: 400, code: 'ErrorInvalidUrlQueryFilter' }),
      );
    },
  );
});
