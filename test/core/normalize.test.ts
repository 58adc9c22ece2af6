/** Normal forms: what must compare equal (re-wrapped HTML, offsets, case, order) and what must not. */
import fc from 'fast-check';
import {
  diffFields,
  fingerprint,
  fnv1a64,
  normalizeAttendees,
  normalizeCategories,
  normalizeHtml,
  normalizeInstant,
  normalizeRrule,
  validateEvent,
} from '../../server/core';
import { event } from './builders';

describe('normalisation', () => {
  test.each([
    ['2025-03-30T01:00:00Z', '2025-03-30T01:00:00Z'],
    ['2025-03-30T01:00:00.0000000Z', '2025-03-30T01:00:00Z'],
    ['2025-03-30T03:00:00+02:00', '2025-03-30T01:00:00Z'],
    ['2025-03-29T20:00-0500', '2025-03-30T01:00:00Z'],
    ['2025-03-30 01:00:00', '2025-03-30 01:00:00'],
  ])('instant %s normalises to %s', (input, expected) => {
    expect(normalizeInstant(input)).toBe(expected);
  });

  test.each([
    [
      '<html><head><meta charset="utf-8"><style>p{}</style></head><body><div>Hello <b>you</b></div></body></html>',
      'Hello <b>you</b>',
    ],
    ['<p>Hello   <b>you</b></p>\n', 'Hello <b>you</b>'],
    ['<DIV><p>Hello&nbsp;<B>you</B></p></DIV><br/>', 'Hello <b>you</b>'],
    ['<div>a</div><div>b</div>', '<div>a</div><div>b</div>'],
  ])('HTML %j normalises to %j', (input, expected) => {
    expect(normalizeHtml(input)).toBe(expected);
  });

  test('when a body spells its characters with named, numeric or no entities, then it is one body', () => {
    const spellings = [
      '<p>Caf&eacute; &amp; cr&#232;me</p>',
      '<p>Caf&#233; &#38; cr&#xE8;me</p>',
      '<p>Café &amp; crème</p>',
    ];
    expect(new Set(spellings.map(normalizeHtml))).toEqual(new Set(['Café &amp; crème']));
    expect(normalizeHtml('<a href="x?a=1&amp;b=2">l</a>')).toBe(normalizeHtml('<a href="x?a=1&#38;b=2">l</a>'));
    // Escaped markup is text, not markup: it never equals the tag it spells.
    expect(normalizeHtml('<p>&lt;b&gt;hi&lt;/b&gt;</p>')).not.toBe(normalizeHtml('<p><b>hi</b></p>'));
    expect(diffFields(event({ bodyHtml: '<p>Caf&eacute;</p>' }), event({ bodyHtml: '<div>Café</div>' }))).toEqual([]);
  });

  test('when only wrappers and whitespace differ, then bodies are equal; when the text differs, they are not', () => {
    const a = event({ bodyHtml: '<p>Agenda: numbers</p>' });
    expect(diffFields(a, event({ bodyHtml: '<html><body>Agenda:\n numbers</body></html>' }))).toEqual([]);
    expect(diffFields(a, event({ bodyHtml: '<p>Agenda: figures</p>' }))).toEqual(['bodyHtml']);
  });

  test('attendees are keyed by lower-cased e-mail, sorted, deduplicated', () => {
    const list = normalizeAttendees([
      { email: 'Zed@X.com ', role: 'required', response: 'none' },
      { email: 'amy@x.com', name: '  Amy   Lo ', role: 'optional', response: 'accepted' },
      { email: 'ZED@x.com', role: 'optional', response: 'declined' },
    ]);
    expect(list).toEqual([
      { email: 'amy@x.com', name: 'Amy Lo', role: 'optional', response: 'accepted' },
      { email: 'zed@x.com', role: 'required', response: 'none' },
    ]);
  });

  test('categories are trimmed, deduplicated and sorted; rules are order-insensitive', () => {
    expect(normalizeCategories([' b', 'a', 'b', ''])).toEqual(['a', 'b']);
    expect(normalizeRrule('RRULE:byday=MO,WE;FREQ=WEEKLY')).toBe(normalizeRrule('FREQ=WEEKLY;BYDAY=MO,WE'));
  });

  test('rule defaults are dropped and a weekly rule without BYDAY takes the weekday of the first start', () => {
    expect(normalizeRrule('FREQ=DAILY;INTERVAL=1;WKST=MO;COUNT=5')).toBe('COUNT=5;FREQ=DAILY');
    expect(normalizeRrule('FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=MO')).toBe('BYDAY=MO;FREQ=WEEKLY;INTERVAL=2;WKST=SU');
    // Monday 2025-03-31 23:30 UTC is Tuesday in Berlin: the weekday is the series zone's.
    const timed = {
      kind: 'timed' as const,
      start: '2025-03-31T23:30:00Z',
      end: '2025-04-01T00:30:00Z',
      timeZone: 'Europe/Berlin',
    };
    expect(normalizeRrule('FREQ=WEEKLY;INTERVAL=1', timed, 'Europe/Berlin')).toBe('BYDAY=TU;FREQ=WEEKLY');
    expect(normalizeRrule('FREQ=WEEKLY', timed, 'UTC')).toBe('BYDAY=MO;FREQ=WEEKLY');
    const allDay = { kind: 'allDay' as const, startDate: '2025-03-07', endDate: '2025-03-08' };
    expect(normalizeRrule('FREQ=WEEKLY', allDay)).toBe('BYDAY=FR;FREQ=WEEKLY');
    // Odoo's spelling and Graph's of one series compare equal as whole events.
    const odoo = event({
      timing: timed,
      recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=1;WKST=MO', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    });
    const graph = event({
      timing: timed,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TU', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    });
    expect(diffFields(odoo, graph)).toEqual([]);
  });

  test('the fingerprint is stable for equal normal forms and moves with any compared field', () => {
    const a = event();
    expect(fingerprint(a)).toBe(
      fingerprint(event({ categories: ['Customer', 'Customer'], erpLink: { model: 'res.partner', id: '42' } })),
    );
    expect(fingerprint(a)).not.toBe(fingerprint(event({ reminderMinutes: 30 })));
    expect(fingerprint(a, ['title'])).toBe(fingerprint(event({ location: 'elsewhere' }), ['title']));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  test('FNV-1a 64 matches the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  test('FNV-1a 64 gives the hash of BigInt arithmetic over UTF-8 bytes for any text (stored fingerprints stay valid)', () => {
    const reference = (text: string): string => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of Buffer.from(text, 'utf8'))
        hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return hash.toString(16).padStart(16, '0');
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => fnv1a64(text) === reference(text)),
      { numRuns: 500 },
    );
    for (const text of ['é', '€ 5', '日本語', '😀 x', 'a\u0000b', `<p>${'x'.repeat(5000)}</p>`]) {
      expect(fnv1a64(text)).toBe(reference(text));
    }
  });

  test('validation names each problem instead of throwing', () => {
    expect(validateEvent(event())).toEqual([]);
    const bad = event({
      timing: { kind: 'allDay', startDate: '2025-03-05', endDate: '2025-03-05' },
      attendees: [{ email: 'no-address', name: 'Nobody', role: 'required', response: 'none' }],
      reminderMinutes: -5,
      recurrence: { rrule: 'INTERVAL=2', timeZone: 'UTC', exDates: [], modified: [] },
    });
    expect(validateEvent(bad)).toEqual([
      'all-day end date must be after the start date (end is exclusive)',
      'attendee "Nobody" has no valid e-mail address',
      'reminder must be a whole number of minutes, zero or more',
      'recurrence rule has no FREQ',
    ]);
  });
});
