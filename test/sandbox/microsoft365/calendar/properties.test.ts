/** Extended properties ($expand, $filter, case rules), the add-in custom property, categories, transactionId replay. */
import { customPropertiesId } from '../../../../sandbox/microsoft365/calendar';
import { ADELE, CalendarHarness, eventBody } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROP = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name erpSync';

describe('singleValueExtendedProperties', () => {
  it('when posted, then absent from responses, returned with $expand, and matched by $filter Any (name case-sensitive)', async () => {
    const created = await h.adele.api('/me/events').post({
      ...eventBody('Ext', '2035-01-01T09:00:00', '2035-01-01T10:00:00'),
      singleValueExtendedProperties: [{ id: PROP, value: 'map-1' }],
    });
    expect(created.singleValueExtendedProperties).toBeUndefined();
    const plain = await h.adele.api(`/me/events/${created.id}`).get();
    expect(plain.singleValueExtendedProperties).toBeUndefined();
    const upperGuid = PROP.replace('66f5a359', '66F5A359');
    const expanded = await h.adele
      .api(`/me/events/${created.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${upperGuid}')`)
      .get();
    expect(expanded.singleValueExtendedProperties).toEqual([{ id: PROP, value: 'map-1' }]);
    const wrongCase = await h.adele
      .api(`/me/events/${created.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${PROP.replace('erpSync', 'ERPSYNC')}')`)
      .get();
    expect(wrongCase.singleValueExtendedProperties).toBeUndefined();

    await h.adele.api('/me/events').post(eventBody('NoExt', '2035-01-01T09:00:00', '2035-01-01T10:00:00'));
    const found = await h.adele
      .api('/me/events')
      .filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'map-1')`)
      .get();
    expect(found.value.map((e: Ev) => e.id)).toEqual([created.id]);
    const none = await h.adele
      .api('/me/events')
      .filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'MAP-1')`)
      .get();
    expect(none.value).toEqual([]);

    await h.adele
      .api(`/me/events/${created.id}`)
      .patch({ singleValueExtendedProperties: [{ id: PROP, value: 'map-2' }] });
    const patched = await h.adele
      .api(`/me/events/${created.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${PROP}')`)
      .get();
    expect(patched.singleValueExtendedProperties[0].value).toBe('map-2');
  });

  it('when a person sets the add-in custom property in Outlook, then Graph reads it as the cecp extended property', async () => {
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Cecp', '2035-01-02T09:00:00', '2035-01-02T10:00:00'));
    const addinId = '6c3b6e0a-1b2c-4d3e-9f40-5a6b7c8d9e0f';
    await h.control('PUT', `/mailboxes/${ADELE}/events/${created.id}/custom-properties/${addinId}`, {
      properties: { erpSync: true },
    });
    const id = customPropertiesId(addinId);
    expect(id).toBe(`String {00020329-0000-0000-C000-000000000046} Name cecp-${addinId}`);
    const read = await h.adele
      .api(`/me/events/${created.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${id}')`)
      .get();
    expect(JSON.parse(read.singleValueExtendedProperties[0].value)).toEqual({ erpSync: true });
  });
});

describe('categories', () => {
  it('when a person applies a category in Outlook, then the event carries it and the master list gains it', async () => {
    const before = await h.adele.api('/me/outlook/masterCategories').get();
    expect(before.value.map((c: Ev) => c.displayName)).toContain('Red category');
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Cat', '2035-01-03T09:00:00', '2035-01-03T10:00:00'));
    await h.control('PUT', `/mailboxes/${ADELE}/events/${created.id}/categories`, { categories: ['ERP'] });
    const got = await h.adele.api(`/me/events/${created.id}`).get();
    expect(got.categories).toEqual(['ERP']);
    const after = await h.adele.api('/me/outlook/masterCategories').get();
    expect(after.value.map((c: Ev) => c.displayName)).toContain('ERP');
    const byCategory = await h.adele.api('/me/events').filter("categories/any(c:c eq 'erp')").get();
    expect(byCategory.value.map((e: Ev) => e.id)).toEqual([created.id]);
  });

  it('when a master category is posted, then 201 and a duplicate name is refused', async () => {
    const created = await h.raw<Ev>(h.adele, 'POST', '/me/outlook/masterCategories', {
      displayName: 'Synced',
      color: 'preset9',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Synced', color: 'preset9', id: expect.any(String) });
    const dup = await h.raw(h.adele, 'POST', '/me/outlook/masterCategories', { displayName: 'synced' });
    expect(dup.status).toBe(409);
  });
});

describe('transactionId', () => {
  it('when a POST is replayed with the same transactionId, then by default the first event comes back', async () => {
    const body = { ...eventBody('Tx', '2035-01-04T09:00:00', '2035-01-04T10:00:00'), transactionId: 'tx-1' };
    const first = await h.raw<Ev>(h.adele, 'POST', '/me/events', body);
    expect(first.status).toBe(201);
    expect(first.body.transactionId).toBe('tx-1');
    const replay = await h.raw<Ev>(h.adele, 'POST', '/me/events', body);
    expect(replay.body.id).toBe(first.body.id);
    const noTx = await h.adele.api('/me/events').post(eventBody('NoTx', '2035-01-04T09:00:00', '2035-01-04T10:00:00'));
    expect(noTx.transactionId).toBeUndefined();
  });

  it('when the switch says createDuplicate, then a replayed POST creates a second event', async () => {
    await h.control('PATCH', '/calendar-options', { transactionIdReplay: 'createDuplicate' });
    try {
      const body = { ...eventBody('Dup', '2035-01-05T09:00:00', '2035-01-05T10:00:00'), transactionId: 'tx-2' };
      const a = await h.adele.api('/me/events').post(body);
      const b = await h.adele.api('/me/events').post(body);
      expect(b.id).not.toBe(a.id);
      expect(b.transactionId).toBe('tx-2');
    } finally {
      await h.control('PATCH', '/calendar-options', { transactionIdReplay: 'returnExisting' });
    }
  });

  it('when the first event of a transactionId is deleted, then a replay answers the next one created with it, or a new one', async () => {
    const body = { ...eventBody('Gone', '2035-01-06T09:00:00', '2035-01-06T10:00:00'), transactionId: 'tx-3' };
    const first = await h.adele.api('/me/events').post(body);
    await h.control('PATCH', '/calendar-options', { transactionIdReplay: 'createDuplicate' });
    let second: Ev;
    try {
      second = await h.adele.api('/me/events').post(body);
    } finally {
      await h.control('PATCH', '/calendar-options', { transactionIdReplay: 'returnExisting' });
    }
    expect((await h.raw<Ev>(h.adele, 'POST', '/me/events', body)).body.id).toBe(first.id);
    await h.adele.api(`/me/events/${first.id}`).delete();
    expect((await h.raw<Ev>(h.adele, 'POST', '/me/events', body)).body.id).toBe(second.id);
    await h.adele.api(`/me/events/${second.id}`).delete();
    const third = await h.raw<Ev>(h.adele, 'POST', '/me/events', body);
    expect(third.status).toBe(201);
    expect([first.id, second.id]).not.toContain(third.body.id);
    expect((await h.raw<Ev>(h.adele, 'POST', '/me/events', body)).body.id).toBe(third.body.id);
  });
});
