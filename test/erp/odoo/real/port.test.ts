/** The Odoo adapter against real Odoo 19, on JSON-2 and JSON-RPC: every port method, as the administrator's key. */
import { EVENT_FIELDS, type CanonicalEvent } from '../../../../server/core/model';
import type { ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';
import { seed, type Seeded } from './seed';

const ADELE = { email: 'adele@contoso.example', name: 'Adele Vance' };

describeRealOdoo('Odoo adapter port', ({ protocol, db, adapter: makeAdapter }) => {
  let adapter: ErpPort;
  let adele: ErpUser;
  let seeded: Seeded;
  const quiet = { quiet: true, needsReview: false };
  const mailCount = async () => (await db().mailQueue()).length;

  beforeAll(async () => {
    seeded = await seed(db());
    adapter = makeAdapter();
    adele = (await adapter.findUser('ADELE@contoso.example')) as ErpUser;
  }, HOOK_TIMEOUT_MS);

  const create = (event: CanonicalEvent, key: string, options = quiet) =>
    adapter.createEvent(adele, event, `${key}-${protocol}`, options);

  test('when the connection is checked, then it reports the version and the protocol in use', async () => {
    await expect(adapter.checkConnection()).resolves.toEqual({ version: '19.0', protocol, warnings: [] });
  });

  test('when a user is looked up by e-mail, then login, name and zone come back; unknown is null', async () => {
    expect(adele).toMatchObject({ login: ADELE.email, email: ADELE.email, name: ADELE.name, timeZone: 'Europe/Paris' });
    await expect(adapter.findUser('nobody@contoso.example')).resolves.toBeNull();
  });

  test('when an event linked to a customer is created quietly, then it reads back equal and nobody is mailed', async () => {
    const before = await mailCount();
    const event = timedEvent({
      timing: { kind: 'timed', start: '2031-03-05T13:00:00Z', end: '2031-03-05T14:30:00Z', timeZone: 'Europe/Paris' },
      erpLink: { model: 'crm.lead', id: String(seeded.leadId) },
    });
    const created = await create(event, 'linked');
    expect(created.event).toEqual({ ...event, organizer: ADELE });
    const relinked = await adapter.updateEvent(
      created.id,
      { ...event, erpLink: { model: 'res.partner', id: String(seeded.fabrikamId) } },
      ['erpLink'],
      { quiet: true },
    );
    expect(relinked.event.erpLink).toEqual({ model: 'res.partner', id: String(seeded.fabrikamId) });
    const unlinked = await adapter.updateEvent(created.id, { ...event, erpLink: null }, ['erpLink'], { quiet: true });
    expect(unlinked.event.erpLink).toBeNull();
    expect(created.active).toBe(true);
    expect(created.version).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}#[0-9a-f]{16}$/);
    expect(await mailCount()).toBe(before);
  });

  test.each([
    [
      'a one-day all-day event',
      timedEvent({ timing: { kind: 'allDay', startDate: '2026-03-10', endDate: '2026-03-11' }, showAs: 'free' }),
    ],
    [
      'a multi-day all-day event',
      timedEvent({ timing: { kind: 'allDay', startDate: '2026-03-10', endDate: '2026-03-13' } }),
    ],
    [
      'HTML, unicode and a new attendee',
      timedEvent({
        title: 'Réunion 会議 🚀',
        bodyHtml: '<p>Ünïcödé <b>gras</b></p>',
        location: 'Zürich «Ost»',
        attendees: [{ email: 'zoë@example.jp', name: 'Zoë 例え', role: 'required', response: 'none' }],
      }),
    ],
    [
      'a confidential event without reminder and with new tags',
      timedEvent({ sensitivity: 'confidential', reminderMinutes: null, categories: ['Internal', 'Brand new tag'] }),
    ],
    ['an event with a two-day reminder', timedEvent({ reminderMinutes: 2880 })],
  ])('when %s is created, then Odoo gives it back unchanged', async (name, event) => {
    const created = await create(event, `rt-${name}`);
    const timing = event.timing.kind === 'timed' ? { ...event.timing, timeZone: 'Europe/Paris' } : event.timing;
    const [read] = await adapter.readEvents([created.id]);
    expect(read?.event).toEqual({ ...event, timing, organizer: ADELE });
  });

  test('when a future event is created in full mode, then Odoo mails the invitation to the attendee', async () => {
    const before = await db().mailQueue();
    // Odoo invites nobody to an event that is over, so this one is in the future.
    const timing = {
      kind: 'timed' as const,
      start: '2031-03-05T13:00:00Z',
      end: '2031-03-05T14:00:00Z',
      timeZone: 'UTC',
    };
    await create(timedEvent({ title: 'Loud', timing }), 'loud', { quiet: false, needsReview: false });
    const sent = (await db().mailQueue()).filter((m) => !before.some((b) => b.id === m.id));
    expect(sent.map((m) => m.recipient_ids)).toContainEqual([seeded.alexId]);
  });

  test('when the same idempotency key is used twice, then the first record is returned', async () => {
    const first = await create(timedEvent({ title: 'Once' }), 'twice', { quiet: true, needsReview: true });
    const second = await create(timedEvent({ title: 'Once' }), 'twice', { quiet: true, needsReview: true });
    expect(second.id).toBe(first.id);
    expect(first.needsReview).toBe(true);
    expect(first.event.categories).toEqual(['Customer Meeting']);
  });

  test('when a record was created with a key, then it is found by that key; an unused key finds nothing', async () => {
    const created = await create(timedEvent({ title: 'Found by key' }), 'key/slash');
    expect((await adapter.findByIdempotencyKey!(`key/slash-${protocol}`))?.id).toBe(created.id);
    await expect(adapter.findByIdempotencyKey!(`never-${protocol}`)).resolves.toBeNull();
  });

  test('when a single event is created in another zone, then it reads back in its organizer zone', async () => {
    const created = await create(
      timedEvent({
        timing: { kind: 'timed', start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:00:00Z', timeZone: 'Asia/Tokyo' },
      }),
      'zone',
    );
    expect(adapter.keepsTimeZone).toBe(false);
    expect(created.event.timing).toEqual({
      kind: 'timed',
      start: '2026-03-05T13:00:00Z',
      end: '2026-03-05T14:00:00Z',
      timeZone: 'Europe/Paris',
    });
  });

  test('when given fields are updated, then only they change and the version moves', async () => {
    const created = await create(timedEvent({ title: 'Before' }), 'update');
    const changed = timedEvent({ title: 'After', location: 'Ignored', attendees: [] });
    const updated = await adapter.updateEvent(created.id, changed, ['title', 'attendees'], {
      quiet: true,
      expectedVersion: created.version,
    });
    expect(updated.event.title).toBe('After');
    expect(updated.event.location).toBe('Room 4');
    expect(updated.event.attendees).toEqual([]);
    expect(updated.version).not.toBe(created.version);
  });

  test('when a person edits in Odoo, even within the same second, then a stale update is a conflict', async () => {
    const created = await create(timedEvent(), 'conflict');
    await db().call(
      'calendar.event',
      'write',
      { ids: [Number(created.id)], vals: { name: 'Edited in Odoo' } },
      seeded.adele.apiKey,
    );
    const [edited] = await adapter.readEvents([created.id]);
    expect(edited?.version).not.toBe(created.version);
    await expect(
      adapter.updateEvent(created.id, timedEvent(), ['title'], { quiet: true, expectedVersion: created.version }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    const updated = await adapter.updateEvent(created.id, timedEvent({ title: 'Ours' }), ['title'], {
      quiet: true,
      expectedVersion: edited!.version,
    });
    expect(updated.event.title).toBe('Ours');
  });

  test('when attendee answers change, then calendar.attendee states follow', async () => {
    const created = await create(timedEvent(), 'answers');
    const accepted = timedEvent({
      attendees: [
        { email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'accepted' },
        { email: 'new.person@example.com', role: 'required', response: 'tentative' },
      ],
    });
    const updated = await adapter.updateEvent(created.id, accepted, ['attendees'], { quiet: true });
    expect(updated.event.attendees).toEqual([
      { email: 'alex@fabrikam.example', name: 'Alex Wilber', role: 'required', response: 'accepted' },
      { email: 'new.person@example.com', name: 'new.person@example.com', role: 'required', response: 'tentative' },
    ]);
  });

  test('when events are deleted or archived quietly, then reads say so, deleting again is fine, nobody is mailed', async () => {
    const gone = await create(timedEvent({ title: 'To delete' }), 'del');
    const archived = await create(timedEvent({ title: 'To archive' }), 'arch');
    const before = await mailCount();
    await adapter.deleteEvent(gone.id, 'delete', { quiet: true });
    await adapter.deleteEvent(archived.id, 'archive', { quiet: true });
    await adapter.deleteEvent(gone.id, 'delete', { quiet: true });
    const read = await adapter.readEvents([gone.id, archived.id]);
    expect(read.map((r) => [r.id, r.active])).toEqual([[archived.id, false]]);
    expect(await mailCount()).toBe(before);
  });

  // The pane's calls for Adele as the integration user in her companies (paneRights personCompanies): the picker's
  // shapes; what a person's own key may see is pane-rights.test.ts.
  const picker = () => adapter.actingFor(adele, 'personCompanies');

  test('when linkable records are searched, then customers with addresses and documents come back with URLs', async () => {
    const found = await (await picker()).searchLinkable('fabrikam', 10);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          model: 'res.partner',
          id: String(seeded.fabrikamId),
          kind: 'customer',
          name: 'Fabrikam, Inc.',
          description: '1 Rue de la Paix, 75002 Paris, France',
          url: `${db().url}/odoo/res.partner/${seeded.fabrikamId}`,
        }),
        expect.objectContaining({
          model: 'crm.lead',
          id: String(seeded.leadId),
          kind: 'document',
          // The type is a field of its own since the pane's "Regarding" picker (a label per type, the customer).
          type: 'opportunity',
          name: 'Fabrikam: 40 standing desks',
          customer: { id: String(seeded.fabrikamId), name: 'Fabrikam, Inc.' },
          description: 'Fabrikam, Inc.',
        }),
      ]),
    );
    const orders = await (await picker()).searchLinkable('S0000', 10);
    expect(orders.map((o) => [o.model, o.id, o.description]).sort()).toEqual([
      ['sale.order', String(seeded.orders.fabrikam), 'Fabrikam, Inc. · Sales order'],
      ['sale.order', String(seeded.orders.tailspin), 'Tailspin Toys · Quotation'],
    ]);
  });

  test('when one linkable record is asked by id, then only a real record of a picker model comes back', async () => {
    const asAdele = await picker();
    await expect(asAdele.findLinkable('res.partner', String(seeded.fabrikamId))).resolves.toMatchObject({
      model: 'res.partner',
      id: String(seeded.fabrikamId),
      kind: 'customer',
      name: 'Fabrikam, Inc.',
      description: '1 Rue de la Paix, 75002 Paris, France',
    });
    await expect(asAdele.findLinkable('crm.lead', String(seeded.leadId))).resolves.toMatchObject({
      kind: 'document',
      name: 'Fabrikam: 40 standing desks',
    });
    for (const [model, id] of [
      ['res.partner', '999999'],
      ['res.users', '2'],
      ['prototype', 'prototype'],
      ['res.partner', '1 OR 1=1'],
      ['ir.config_parameter', '1'],
    ] as const) {
      await expect(asAdele.findLinkable(model, id)).resolves.toBeNull();
    }
  });

  test('when the record URL is asked, then it is the Odoo 18+ form', () => {
    expect(adapter.recordUrl('sale.order', '7')).toBe(`${db().url}/odoo/sale.order/7`);
  });

  test('when the adapter syncs all fields, then it claims every canonical field', () => {
    expect(adapter.fields).toEqual(EVENT_FIELDS);
  });

  test('when a series is created, then Odoo holds one record per occurrence and the adapter reads one series', async () => {
    const recurrence = {
      rrule: 'FREQ=WEEKLY;COUNT=4',
      timeZone: 'Europe/Paris',
      exDates: ['2026-03-19T08:00:00Z'],
      modified: [],
    };
    const event = timedEvent({
      title: 'Weekly sync',
      timing: { kind: 'timed', start: '2026-03-12T08:00:00Z', end: '2026-03-12T08:30:00Z', timeZone: 'Europe/Paris' },
      recurrence,
    });
    const created = await create(event, 'series');
    expect(created.event).toEqual({ ...event, organizer: ADELE });
    const occurrences = await db().call<Array<{ start: string }>>('calendar.event', 'search_read', {
      domain: [['name', '=', 'Weekly sync']],
      fields: ['start'],
      order: 'start',
    });
    // Paris leaves winter time on 29 March: the wall clock stays at 09:00; the 19th is the cancelled one.
    expect(occurrences.map((o) => o.start)).toEqual([
      '2026-03-12 08:00:00',
      '2026-03-26 08:00:00',
      '2026-04-02 07:00:00',
    ]);
  });

  test('when events are created in bulk, then one load makes them all, each reads back as createEvent makes it, a refused one fails alone', async () => {
    const at = (day: number) => ({
      kind: 'timed' as const,
      start: `2026-05-${day}T09:00:00Z`,
      end: `2026-05-${day}T10:00:00Z`,
      timeZone: 'Europe/Paris',
    });
    const items = [
      timedEvent({ title: 'Bulk one', timing: at(11) }),
      timedEvent({
        title: 'Bulk two',
        timing: at(12),
        categories: ['Bulk only tag'],
        reminderMinutes: 2880,
        attendees: [{ email: 'bulk.guest@example.com', name: 'Bulk Guest', role: 'required', response: 'accepted' }],
      }),
      timedEvent({ title: 'Bulk refused', timing: { ...at(13), end: '2026-05-13T08:00:00Z' } }),
      timedEvent({
        title: 'Bulk series',
        timing: at(14),
        recurrence: { rrule: 'FREQ=WEEKLY;COUNT=2', timeZone: 'Europe/Paris', exDates: [], modified: [] },
      }),
    ].map((event, i) => ({ event, idempotencyKey: `bulk-${i}-${protocol}`, needsReview: i === 1 }));
    const results = await adapter.createEvents!(adele, items, { quiet: true });
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    const refused = results[2]!;
    expect(refused.ok ? '' : String(refused.error)).toMatch(/ending date and time cannot be earlier/);
    for (const i of [0, 1, 3]) {
      const result = results[i]!;
      const [read] = result.ok ? await adapter.readEvents([result.record.id]) : [];
      expect(read?.event).toEqual({ ...items[i]!.event, organizer: ADELE });
    }
    expect(results[1]!.ok && results[1]!.record.needsReview).toBe(true);
    expect(results[3]!.ok && results[3]!.record.id).toMatch(/^recurrence:/);
    const again = await adapter.createEvents!(adele, [items[0]!, items[1]!], { quiet: true });
    expect(again.map((r) => r.ok && r.record.id)).toEqual(results.slice(0, 2).map((r) => r.ok && r.record.id));
  });
});
