import { randomUUID } from 'node:crypto';
import type { ErpPort, ErpUser } from '../../../server/erp/port';
import { PersonRightsError } from '../../../server/erp/errors';
import { createRestErpAdapter } from '../../../server/erp/rest';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';
import { richEvent } from './helpers';

const window = () => ({ from: new Date(Date.now() - 30 * 86_400_000), to: new Date(Date.now() + 60 * 86_400_000) });
const quiet = { quiet: true };

describe('the REST ERP adapter against the reference ERP', () => {
  let erp: RunningRestErp;
  let adapter: ErpPort;
  let adele: ErpUser;

  beforeAll(async () => {
    erp = await startRestErp();
    adapter = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token } });
  });
  afterAll(() => erp.stop());
  beforeEach(async () => {
    erp.control.reset();
    adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
  });

  it('when checking the connection, then it names the ERP and the contract version', async () => {
    await expect(adapter.checkConnection()).resolves.toEqual({
      version: 'Reference ERP 1.0.0',
      protocol: 'erp-contract/1.0.0',
    });
  });

  it('when asked what it keeps, then every event keeps its zone and there is no lookup by idempotency key', () => {
    expect(adapter.keepsTimeZone).toBe(true);
    expect(adapter.findByIdempotencyKey).toBeUndefined();
  });

  it('when looking people up by e-mail, then it finds them case-insensitively and answers null for strangers', async () => {
    expect(await adapter.findUser('MEGAN@contoso.example')).toEqual({
      id: 'person-megan',
      login: 'megan',
      email: 'megan@contoso.example',
      name: 'Megan Bowen',
      timeZone: 'America/New_York',
    });
    expect((await adapter.findUser('adele'))?.id).toBe('person-adele');
    expect(await adapter.findUser('nobody@contoso.example')).toBeNull();
  });

  it('when an event is created and read back, then every canonical field survives and the customer is derived', async () => {
    const event = richEvent();
    const created = await adapter.createEvent(adele, event, randomUUID(), { quiet: true, needsReview: true });
    expect(created.event).toEqual(event);
    expect(created).toMatchObject({ active: true, needsReview: true });
    const [read] = await adapter.readEvents([created.id]);
    expect(read).toEqual(created);
  });

  it('when an all-day event without link is created, then it comes back as dates with the end exclusive', async () => {
    const event = richEvent({
      timing: { kind: 'allDay', startDate: '2031-05-05', endDate: '2031-05-06' },
      recurrence: null,
      erpLink: null,
    });
    const created = await adapter.createEvent(adele, event, randomUUID(), { quiet: true, needsReview: false });
    expect(created.event.timing).toEqual({ kind: 'allDay', startDate: '2031-05-05', endDate: '2031-05-06' });
    expect(created.event.erpLink).toBeNull();
  });

  it('when the same idempotency key is used twice, then the second create returns the first record', async () => {
    const key = randomUUID();
    const first = await adapter.createEvent(adele, richEvent(), key, { quiet: true, needsReview: false });
    const second = await adapter.createEvent(adele, richEvent(), key, { quiet: true, needsReview: false });
    expect(second.id).toBe(first.id);
    expect(await adapter.readEvents([first.id])).toHaveLength(1);
  });

  it('when writing quietly, then the ERP mails nobody; otherwise it mails the attendees', async () => {
    const loud = await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: false, needsReview: false });
    await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    expect(erp.control.outbox()).toEqual([
      { appointmentId: loud.id, reason: 'created', recipients: ['adele@contoso.example', 'buyer@fabrikam.example'] },
    ]);
  });

  it('when reading many ids, then it asks in chunks and leaves out the ones that do not exist', async () => {
    const created = await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    const ids = [...Array.from({ length: 150 }, (_, i) => `missing-${i}`), created.id, 'apt-1'];
    const events = await adapter.readEvents(ids);
    expect(events.map((e) => e.id).sort()).toEqual(['apt-1', created.id].sort());
  });

  it('when updating some fields with the current version, then only those change and the version moves', async () => {
    const created = await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    const changed = richEvent({ title: 'Renamed', location: 'Elsewhere', erpLink: { model: 'task', id: 'task-101' } });
    const updated = await adapter.updateEvent(created.id, changed, ['title', 'erpLink'], {
      quiet: true,
      expectedVersion: created.version,
    });
    expect(updated.event.title).toBe('Renamed');
    expect(updated.event.location).toBe('Fabrikam, Redmond');
    expect(updated.event.erpLink).toEqual({ model: 'task', id: 'task-101', name: 'Boiler installation' });
    expect(updated.version).not.toBe(created.version);
  });

  it('when the version is stale, then the update fails as a conflict; without a version it applies', async () => {
    const created = await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    erp.control.updateAs(created.id, { title: 'Edited in the ERP' });
    const attempt = adapter.updateEvent(created.id, richEvent({ title: 'Mine' }), ['title'], {
      quiet: true,
      expectedVersion: created.version,
    });
    await expect(attempt).rejects.toMatchObject({ name: 'ErpError', kind: 'conflict' });
    const forced = await adapter.updateEvent(created.id, richEvent({ title: 'Mine' }), ['title'], { quiet: true });
    expect(forced.event.title).toBe('Mine');
  });

  it('when updating an appointment that does not exist, then it fails as not found', async () => {
    await expect(adapter.updateEvent('apt-404', richEvent(), ['title'], quiet)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('when the ERP refuses the data (an unknown link), then it fails as validation naming the reason', async () => {
    const event = richEvent({ erpLink: { model: 'customer', id: 'cust-unknown' } });
    await expect(
      adapter.createEvent(adele, event, randomUUID(), { quiet: true, needsReview: false }),
    ).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('No customer cust-unknown'),
      erpMessage: 'No customer cust-unknown to link to.; /link unknown record',
    });
  });

  it('when deleting, then the record is gone, and deleting again is still success', async () => {
    const created = await adapter.createEvent(adele, richEvent(), randomUUID(), { quiet: true, needsReview: false });
    await adapter.deleteEvent(created.id, 'delete', quiet);
    await adapter.deleteEvent(created.id, 'delete', quiet);
    expect(await adapter.readEvents([created.id])).toEqual([]);
  });

  it('when searching linkable records, then customers and documents come back; an empty query asks nothing', async () => {
    const asAdele = await adapter.actingFor(adele, 'personKey');
    const records = await asAdele.searchLinkable('fabrikam', 10);
    expect(records.map((r) => [r.kind, r.model, r.id])).toEqual([
      ['customer', 'customer', 'cust-fabrikam'],
      ['document', 'task', 'task-101'],
    ]);
    expect(records[0]?.description).toBe('200 Plant Road, 98052 Redmond, US');
    expect(await asAdele.searchLinkable('  ', 10)).toEqual([]);
  });

  it('when an attendee is added as a contact and a lead, then lookups find the contact and a retried lead is one lead', async () => {
    const asAdele = await adapter.actingFor(adele, 'personKey');
    expect(await asAdele.findContacts(['joni@contoso.example'])).toEqual([]);
    const contact = await asAdele.createContact({ name: 'Joni Sherman', email: 'Joni@Contoso.example' });
    expect(contact).toMatchObject({ model: 'contact', name: 'Joni Sherman', email: 'joni@contoso.example' });
    expect(await asAdele.createContact({ name: 'Joni S.', email: 'joni@contoso.example' })).toEqual(contact);
    expect(await asAdele.findContacts(['JONI@contoso.example', 'nobody@contoso.example'])).toEqual([contact]);
    const lead = { title: 'Meeting with Joni', contactName: 'Joni Sherman', email: 'joni@contoso.example' };
    const key = randomUUID();
    const made = await asAdele.createLead(lead, key);
    expect(made).toMatchObject({ kind: 'document', type: 'lead', name: 'Meeting with Joni' });
    expect((await asAdele.createLead(lead, key)).id).toBe(made.id);
  });

  it('when one linkable record is asked by id, then a customer or task comes back; anything else is null', async () => {
    const asAdele = await adapter.actingFor(adele, 'personKey');
    await expect(asAdele.findLinkable('customer', 'cust-fabrikam')).resolves.toMatchObject({
      kind: 'customer',
      model: 'customer',
      id: 'cust-fabrikam',
      description: '200 Plant Road, 98052 Redmond, US',
    });
    await expect(asAdele.findLinkable('task', 'task-101')).resolves.toMatchObject({ kind: 'document' });
    for (const [model, id] of [
      ['customer', 'nobody'],
      ['prototype', 'prototype'],
      ['task', '../customers/cust-fabrikam'],
    ] as const) {
      await expect(asAdele.findLinkable(model, id)).resolves.toBeNull();
    }
  });

  it('when the pane acts for a person (Acting-For), then a customer of another account team is neither found nor linkable', async () => {
    const megan = (await adapter.findUser('megan@contoso.example')) as ErpUser;
    const asAdele = await adapter.actingFor(adele, 'personKey');
    const asMegan = await adapter.actingFor(megan, 'personKey');
    expect((await asAdele.searchLinkable('litware', 10)).map((r) => r.id)).toEqual([]);
    expect((await asMegan.searchLinkable('litware', 10)).map((r) => r.id)).toEqual(['cust-litware', 'task-104']);
    await expect(asAdele.findLinkable('customer', 'cust-litware')).resolves.toBeNull();
    await expect(asAdele.findLinkable('task', 'task-104')).resolves.toBeNull();
    await expect(asMegan.findLinkable('task', 'task-104')).resolves.toMatchObject({ id: 'task-104' });
    const stranger = { id: 'person-nobody', login: 'nobody', email: 'nobody@contoso.example', name: 'Nobody' };
    const refused = await (
      await adapter.actingFor(stranger, 'personKey')
    )
      .searchLinkable('fabrikam', 5)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PersonRightsError);
  });

  it('when asked for a record URL, then it fills the template', () => {
    expect(adapter.recordUrl('task', 'task 1')).toBe(`${erp.url}/ui/task/task%201`);
  });

  describe('listChanges', () => {
    it('when there is no cursor, then it lists the window; after it, ERP edits, archives and deletes arrive', async () => {
      const first = await adapter.listChanges(adele, null, window(), []);
      expect(first.changes.map((c) => c.kind === 'upsert' && c.record.event.title).sort()).toEqual([
        'Fabrikam: boiler installation visit',
        'Northwind on-site day',
        'Weekly service planning',
      ]);
      erp.control.updateAs('apt-1', { title: 'Moved by the planner' });
      erp.control.deleteAs('apt-2', 'archive');
      erp.control.deleteAs('apt-3');
      const next = await adapter.listChanges(adele, first.cursor, window(), ['apt-1', 'apt-2', 'apt-3']);
      expect(next.changes.map((c) => (c.kind === 'deleted' ? ['deleted', c.id] : [c.kind, c.record.id]))).toEqual([
        ['upsert', 'apt-1'],
        ['archived', 'apt-2'],
        ['deleted', 'apt-3'],
      ]);
      expect((await adapter.listChanges(adele, next.cursor, window(), [])).changes).toEqual([]);
    });

    it('when many changes wait, then it follows the pages to the end, one change per record', async () => {
      const { cursor } = await adapter.listChanges(adele, null, window(), []);
      const timing = { kind: 'allDay', startDate: '2031-01-01', endDate: '2031-01-02' };
      for (let i = 0; i < 205; i++) erp.control.createAs({ ownerId: adele.id, title: `Made in the ERP ${i}`, timing });
      erp.control.updateAs('apt-1', { title: 'Edit 1' });
      erp.control.updateAs('apt-1', { title: 'Edit 2' });
      const next = await adapter.listChanges(adele, cursor, window(), []);
      expect(next.changes).toHaveLength(206);
      expect(next.changes.at(-1)).toMatchObject({
        kind: 'upsert',
        record: { id: 'apt-1', event: { title: 'Edit 2' } },
      });
    });

    it('when the ERP forgot the cursor, then it lists again and finds deletions among the known ids', async () => {
      const { cursor } = await adapter.listChanges(adele, null, window(), []);
      erp.control.deleteAs('apt-2');
      const outside = erp.control.createAs({
        ownerId: adele.id,
        title: 'Far away',
        timing: { kind: 'allDay', startDate: '2040-01-01', endDate: '2040-01-02' },
      });
      erp.control.deleteAs(outside.id, 'archive');
      erp.control.expireCursors();
      const again = await adapter.listChanges(adele, cursor, window(), ['apt-1', 'apt-2', 'apt-4', outside.id]);
      expect(again.changes.filter((c) => c.kind === 'deleted')).toEqual([{ kind: 'deleted', id: 'apt-2' }]);
      expect(
        again.changes.filter((c) => c.kind === 'archived').map((c) => c.kind === 'archived' && c.record.id),
      ).toEqual([outside.id]);
      expect(again.changes.filter((c) => c.kind === 'upsert').map((c) => c.kind === 'upsert' && c.record.id)).toContain(
        'apt-1',
      );
    });
  });
});
