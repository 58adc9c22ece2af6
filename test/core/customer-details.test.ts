/** The customer block: rendering by policy, the map link, and stripping it back out (round trip, unicode, re-wrapping). */
import fc from 'fast-check';
import {
  CUSTOMER_BLOCK_END,
  CUSTOMER_BLOCK_START,
  addressLine,
  hasCustomerBlock,
  mapLink,
  renderCustomerBlock,
  stripCustomerBlock,
  withCustomerBlock,
  type CustomerAddresses,
  type CustomerDetailsPolicy,
} from '../../server/core/customer-details';
import { htmlToText, normalizeHtml, withQuietBlock } from '../../server/core';

const FABRIKAM: CustomerAddresses = {
  name: 'Fabrikam Inc.',
  billTo: { street: '1 Finance Way', city: 'Seattle', postalCode: '98101', region: 'WA', country: 'US' },
  shipTo: { street: '200 Plant Road', city: 'Redmond', postalCode: '98052', region: 'WA', country: 'US' },
};
const MUNICH: CustomerAddresses = {
  name: 'Bäckerei Müller & Söhne <GmbH>',
  billTo: { street: 'Kaiserstraße 5', city: 'München', postalCode: '80331', country: 'DE' },
};
const TOKYO: CustomerAddresses = {
  name: '東京商事',
  shipTo: { street: '丸の内1-1', city: '千代田区', postalCode: '100-0005', region: '東京都', country: 'JP' },
};
const MAP: CustomerDetailsPolicy = { show: 'addressAndMap', address: 'shipTo' };

describe('rendering the customer block', () => {
  it('when the policy is off, then nothing is rendered', () => {
    expect(renderCustomerBlock(FABRIKAM, { show: 'off', address: 'shipTo' })).toBe('');
  });

  it('when ship-to is chosen, then the ship-to address and its map link are in the block between the markers', () => {
    const block = renderCustomerBlock(FABRIKAM, MAP);
    expect(block.startsWith(`<div>${CUSTOMER_BLOCK_START}</div>`)).toBe(true);
    expect(block.endsWith(`<div>${CUSTOMER_BLOCK_END}</div>`)).toBe(true);
    expect(htmlToText(block)).toContain('Fabrikam Inc. 200 Plant Road, 98052 Redmond, WA, US');
    expect(block).toContain('href="https://www.openstreetmap.org/search?query=200%20Plant%20Road%2C%2098052%20Redmond');
    expect(block).not.toContain('Seattle');
  });

  it('when bill-to is chosen, or ship-to is missing, then the bill-to address is shown; address-only has no link', () => {
    expect(htmlToText(renderCustomerBlock(FABRIKAM, { show: 'address', address: 'billTo' }))).toContain(
      '1 Finance Way, 98101 Seattle, WA, US',
    );
    const munich = renderCustomerBlock(MUNICH, { show: 'address', address: 'shipTo' });
    expect(htmlToText(munich)).toContain('Kaiserstraße 5, 80331 München, DE');
    expect(munich).not.toContain('<a ');
  });

  it('when the customer has no address at all, then nothing is rendered', () => {
    expect(renderCustomerBlock({ name: 'Nowhere Ltd' }, MAP)).toBe('');
  });

  it('when names and addresses are unicode or hold markup, then text is escaped and the link is percent-encoded', () => {
    const block = renderCustomerBlock(MUNICH, MAP);
    expect(block).toContain('Bäckerei Müller &amp; Söhne &lt;GmbH&gt;');
    expect(block).toContain(`query=${encodeURIComponent('Kaiserstraße 5, 80331 München, DE')}`);
    const tokyo = mapLink(TOKYO.shipTo!);
    expect(tokyo).toMatch(/^https:\/\/www\.openstreetmap\.org\/search\?query=[A-Za-z0-9%\-_.!~*'()]+$/);
    expect(decodeURIComponent(tokyo.split('query=')[1]!)).toBe('丸の内1-1, 100-0005 千代田区, 東京都, JP');
  });

  it('when parts of an address are blank, then no empty separators appear', () => {
    expect(addressLine({ street: ' ', postalCode: '', city: 'Lyon', country: 'FR' })).toBe('Lyon, FR');
  });
});

describe('stripping the customer block', () => {
  it('when a body gets a block and is read back, then stripping gives the body exactly (also after a quiet block)', () => {
    const body = '<p>Agenda: <b>pricing</b></p>';
    const quiet = withQuietBlock(body, [{ email: 'a@b.example', role: 'required', response: 'none' }]);
    for (const original of [body, quiet, '']) {
      const written = withCustomerBlock(original, TOKYO, MAP);
      expect(hasCustomerBlock(written)).toBe(true);
      expect(stripCustomerBlock(written)).toBe(original);
    }
  });

  it('when the block is written twice, then it is replaced, not repeated', () => {
    const once = withCustomerBlock('<p>x</p>', FABRIKAM, MAP);
    const twice = withCustomerBlock(once, MUNICH, MAP);
    expect(twice.split(CUSTOMER_BLOCK_START)).toHaveLength(2);
    expect(twice).toContain('München');
    expect(twice).not.toContain('Redmond');
  });

  it('when Exchange re-wraps the markers in paragraphs with attributes, then the block is still stripped whole', () => {
    const rewritten = `<html><body><p>Notes</p><p class="x">${CUSTOMER_BLOCK_START}</p><p>Fabrikam</p><p>${CUSTOMER_BLOCK_END}</p></body></html>`;
    expect(stripCustomerBlock(rewritten)).toBe('<html><body><p>Notes</p></body></html>');
  });

  it('when the person edits the text around the block, then only the edit remains after stripping', () => {
    const written = withCustomerBlock('<p>Agenda</p>', FABRIKAM, MAP);
    const edited = `<p>Bring the drawings</p>${written}`;
    expect(stripCustomerBlock(edited)).toBe('<p>Bring the drawings</p><p>Agenda</p>');
  });

  it('when the body has no block, then it is unchanged; a null customer removes an existing block', () => {
    expect(stripCustomerBlock('<p>[ERP Sync: customer</p>')).toBe('<p>[ERP Sync: customer</p>');
    expect(withCustomerBlock(withCustomerBlock('<p>a</p>', FABRIKAM, MAP), null, MAP)).toBe('<p>a</p>');
  });

  it('for any body without markers and any unicode address, render then strip is the identity (normalised too)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 });
    const address = fc.record({ street: text, postalCode: text, city: text, country: text });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), text, address, (raw, name, shipTo) => {
        const body = raw.replace(/\[/g, '(');
        const written = withCustomerBlock(body, { name, shipTo }, MAP);
        expect(stripCustomerBlock(written)).toBe(body);
        expect(normalizeHtml(stripCustomerBlock(written))).toBe(normalizeHtml(body));
      }),
    );
  });
});
