import {
  addinPropertyId,
  effectiveErpLink,
  effectiveErpSync,
  expandExtendedProperties,
  filterByProperty,
  PROPERTY_IDS,
  readMarks,
  writeMarks,
} from '../../server/outlook/extended-properties';
import { isMarkedForSync } from '../../server/core/marking';

const MANIFEST = '0b7c1f6e-1d2a-4c3b-9e8f-112233445566';

describe('extended properties', () => {
  it('when an event carries our properties (GUID in another case), then the marks are read', () => {
    const marks = readMarks([
      { id: PROPERTY_IDS.erpSync.toUpperCase().replace('NAME ERPSYNC', 'Name erpSync'), value: '1' },
      { id: PROPERTY_IDS.mappingId, value: 'map-1' },
      { id: PROPERTY_IDS.erpLink, value: '{"model":"sale.order","id":7,"name":"S00007"}' },
    ]);
    expect(marks).toEqual(
      expect.objectContaining({
        erpSync: true,
        erpSyncValue: '1',
        mappingId: 'map-1',
        erpLink: { model: 'sale.order', id: '7', name: 'S00007' },
        addin: null,
      }),
    );
  });

  it('when the property name differs in case, then it is not ours (MAPI names are case-sensitive)', () => {
    expect(readMarks([{ id: PROPERTY_IDS.erpSync.replace('erpSync', 'ERPSYNC'), value: '1' }]).erpSync).toBeNull();
  });

  it('when the add-in set its custom properties, then its link wins and ours decides the sync mark', () => {
    const marks = readMarks(
      [
        { id: PROPERTY_IDS.erpSync, value: '0' },
        { id: PROPERTY_IDS.erpLink, value: '{"model":"res.partner","id":"1"}' },
        {
          id: addinPropertyId(MANIFEST),
          value: '{"erpSync":"1","erpLink":{"model":"res.partner","id":"2"},"other":3}',
        },
      ],
      MANIFEST,
    );
    expect(marks.addin).toEqual({ erpSync: true, erpLink: { model: 'res.partner', id: '2' } });
    expect(marks.customProperties).toEqual({ erpSync: true, erpLink: { model: 'res.partner', id: '2' }, other: 3 });
    expect(effectiveErpLink(marks)).toEqual({ model: 'res.partner', id: '2' });
    expect(effectiveErpSync(marks)).toBe(false);
  });

  it('when the pane saved its compose mark before the first save, then track and link are read from it', () => {
    const mark = '{"track":true,"link":{"model":"res.partner","id":"9","name":"Fabrikam, Inc."}}';
    const marks = readMarks([{ id: addinPropertyId(MANIFEST), value: JSON.stringify({ erpSync: mark }) }], MANIFEST);
    expect(marks.addin).toEqual({ erpSync: true, erpLink: { model: 'res.partner', id: '9', name: 'Fabrikam, Inc.' } });
    expect(marks.customProperties).toEqual({ erpSync: true });
    expect(effectiveErpSync(marks)).toBe(true);
  });

  it('when the compose mark says track false, then it is no mark, for the adapter and for core', () => {
    const marks = readMarks(
      [{ id: addinPropertyId(MANIFEST), value: JSON.stringify({ erpSync: '{"track":false,"link":null}' }) }],
      MANIFEST,
    );
    expect(marks.addin).toEqual({ erpSync: false, erpLink: null });
    expect(effectiveErpSync(marks)).toBe(false);
    const policy = { category: 'ERP', subjectTag: '[sync]', customProperty: 'erpSync' };
    const facts = { categories: [], subject: 'Planning', customProperties: marks.customProperties ?? {} };
    expect(isMarkedForSync(facts, policy).marked).toBe(false);
  });

  it('when values are not ours to read, then they are absent rather than errors', () => {
    const marks = readMarks(
      [
        { id: PROPERTY_IDS.erpLink, value: 'not json' },
        { id: addinPropertyId(MANIFEST), value: '[1,2]' },
      ],
      MANIFEST,
    );
    expect(marks.erpLink).toBeNull();
    expect(marks.addin).toBeNull();
  });

  it('when marks are written with the add-in JSON, then its compose mark follows and its other keys are kept', () => {
    const written = writeMarks({
      erpSync: true,
      mappingId: 'map-9',
      erpLink: { model: 'crm.lead', id: '5' },
      addin: { manifestId: MANIFEST, existingJson: '{"note":"keep","erpLink":{"model":"res.partner","id":"1"}}' },
    });
    expect(written.slice(0, 3)).toEqual([
      { id: PROPERTY_IDS.erpSync, value: '1' },
      { id: PROPERTY_IDS.mappingId, value: 'map-9' },
      { id: PROPERTY_IDS.erpLink, value: '{"model":"crm.lead","id":"5"}' },
    ]);
    expect(written[3]?.id).toBe(addinPropertyId(MANIFEST));
    const addin = JSON.parse(written[3]!.value) as Record<string, string>;
    expect(addin).toEqual({ note: 'keep', erpSync: expect.any(String) });
    expect(JSON.parse(addin.erpSync!)).toEqual({ track: true, link: { model: 'crm.lead', id: '5', name: null } });
  });

  it('when only the switch is written, then the compose mark keeps the link it had', () => {
    const existingJson = JSON.stringify({
      erpSync: '{"track":true,"link":{"model":"res.partner","id":"7","name":"Fabrikam"}}',
    });
    const [, addin] = writeMarks({ erpSync: false, addin: { manifestId: MANIFEST, existingJson } });
    const mark = JSON.parse((JSON.parse(addin!.value) as Record<string, string>).erpSync!);
    expect(mark).toEqual({ track: false, link: { model: 'res.partner', id: '7', name: 'Fabrikam' } });
  });

  it('when reading or querying, then the OData text names the ids and quotes values', () => {
    expect(expandExtendedProperties(['A', 'B'])).toBe("singleValueExtendedProperties($filter=id eq 'A' or id eq 'B')");
    expect(filterByProperty('X', "o'clock")).toBe(
      "singleValueExtendedProperties/Any(ep: ep/id eq 'X' and ep/value eq 'o''clock')",
    );
  });
});
