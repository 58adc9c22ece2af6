/**
 * Canonical JSON (sorted keys, no undefined) and a pure-JS FNV-1a 64-bit hash of it: stable across processes,
 * machines and Node versions. Not cryptographic: it detects change, it does not authenticate.
 */

/** JSON with object keys sorted and `undefined` members dropped, so equal values always serialise equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  // Cast: a non-null object that is not an array (checked above), read by its own keys.
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

/**
 * FNV-1a 64 of the UTF-8 bytes of `text`, as 16 lower-case hex digits. The 64-bit state is kept in four 16-bit
 * limbs (plain numbers), the product by the FNV prime (2^40 + 0x1b3) is done limb by limb: the same hash as BigInt
 * arithmetic gives (test/core/fingerprint.test.ts), without a BigInt and an array of bytes per character, which
 * made hashing 3 % of a first sync of 2,000 events.
 */
export function fnv1a64(text: string): string {
  // 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number) => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (let i = 0; i < text.length; i += 1) {
    let cp = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A surrogate pair is one code point; a lone surrogate is encoded as itself, as `for...of` + codePointAt did.
    if (cp >= 0xd800 && cp < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
      i += 1;
    }
    if (cp < 0x80) mix(cp);
    else if (cp < 0x800) {
      mix(0xc0 | (cp >> 6));
      mix(0x80 | (cp & 63));
    } else if (cp < 0x10000) {
      mix(0xe0 | (cp >> 12));
      mix(0x80 | ((cp >> 6) & 63));
      mix(0x80 | (cp & 63));
    } else {
      mix(0xf0 | (cp >> 18));
      mix(0x80 | ((cp >> 12) & 63));
      mix(0x80 | ((cp >> 6) & 63));
      mix(0x80 | (cp & 63));
    }
  }
  const hex = (limb: number) => limb.toString(16).padStart(4, '0');
  return `${hex(h3)}${hex(h2)}${hex(h1)}${hex(h0)}`;
}
