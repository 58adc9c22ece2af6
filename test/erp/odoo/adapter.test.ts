/** The Odoo adapter against the Odoo emulator over HTTP, on both protocols: every port method. */
import { normalizeRecurrence } from '../../../server/core';
import { EVENT_FIELDS } from '../../../server/core/model';
import type { ErpPort, ErpUser, PersonErp } from '../../../server/erp/port';
import type { OdooEmulator } from '../../../sandbox/odoo/server';
import { adapterFor, startEmulator, timedEvent } from './helpers';

describe.each(['jsonrpc', 'json2'] as const)('Odoo adapter over %s', (protocol) => {
  let emulator: OdooEmulator;
  let adapter: ErpPort;
  let adele: ErpUser;
  /** The pane's calls for Adele, with her own key (paneRights personKey). */
  let asAdele: PersonErp;

  beforeAll(async () => {
    emulator = await startEmulator();
    const keys = {
      keyFor: ({ login }: { login: string }) =>
        Promise.resolve(login === emulator.users.adele.login ? emulator.users.adele.apiKey : null),
    };
    adapter = adapterFor(emulator, { protocol, personKeys: keys });
    const found = await adapter.findUser('ADELE@contoso.example');
    if (!found) throw new Error('demo user missing');
    adele = found;
    asAdele = await adapter.actingFor(adele, 'personKey');
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.control.clearMailLog());

  test('when the connection is checked, then it reports the version and the protocol in use', async () => {
    await expect(adapter.checkConnection()).resolves.toEqual({ version: '19.0', protocol, warnings: [] });
  });

  test('when a user is looked up by e-mail, then login, name and zone come back; unknown is null', async () => {
    expect(adele).toMatchObject({
      login: 'adele@contoso.example',
      email: 'adele@contoso.example',
      name: 'Adele Vance',
      timeZone: 'Europe/Paris',
    });
    await expect(adapter.findUser('nobody@contoso.example')).resolves.toBeNull();
  });

  test('when an event is created quietly, then it reads back equal and no attendee is mailed', async () => {
    const event = timedEvent({ erpLink: { model: 'res.partner', id: '4' } });
    const created = await adapter.createEvent(adele, event, `create-${protocol}`, { quiet: true, needsReview: false });
    expect(created.event).toEqual({ ...event, organizer: { email: 'adele@contoso.example', name: 'Adele Vance' } });
    expect(created.active).toBe(true);
    expect(created.version).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}#[0-9a-f]{16}$/);
    expect(emulator.control.mailLog()).toEqual([]);
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
      'HTML and unicode',
      timedEvent({
        title: 'Réunion 会議 🚀',
        bodyHtml: '<p>Ünïcödé <b>gras</b></p>',
        location: 'Zürich «Ost»',
        attendees: [{ email: 'zoë@example.jp', name: 'Zoë 例え', role: 'required', response: 'none' }],
      }),
    ],
    [
      'a confidential event without reminder',
      timedEvent({ sensitivity: 'confidential', reminderMinutes: null, categories: ['Internal', 'Brand new tag'] }),
    ],
  ])('when %s is created, then Odoo gives it back unchanged', async (_name, event) => {
    const created = await adapter.createEvent(adele, event, `rt-${protocol}-${_name}`, {
      quiet: true,
      needsReview: false,
    });
    const [read] = await adapter.readEvents([created.id]);
    expect(read?.event).toEqual({ ...event, organizer: { email: 'adele@contoso.example', name: 'Adele Vance' } });
  });

  test('when an event is created in full mode, then Odoo mails the invitation to all but the acting user', async () => {
    await adapter.createEvent(adele, timedEvent({ title: 'Loud' }), `loud-${protocol}`, {
      quiet: false,
      needsReview: false,
    });
    expect(emulator.control.mailLog()).toEqual([
      expect.objectContaining({
        kind: 'invitation',
        to: ['adele@contoso.example', 'alex@fabrikam.example'],
        subject: 'Invitation to Loud',
      }),
    ]);
  });

  test('when the same idempotency key is used twice, then the first record is returned', async () => {
    const first = await adapter.createEvent(adele, timedEvent({ title: 'Once' }), `twice-${protocol}`, {
      quiet: true,
      needsReview: true,
    });
    const second = await adapter.createEvent(adele, timedEvent({ title: 'Once' }), `twice-${protocol}`, {
      quiet: true,
      needsReview: true,
    });
    expect(second.id).toBe(first.id);
    expect(first.needsReview).toBe(true);
    expect(first.event.categories).toEqual(['Customer Meeting']);
  });

  test('when the create commits but its answer is lost, then the retry with the same key does not duplicate', async () => {
    emulator.control.addFault({ kind: 'commit_then_drop', protocol, method: 'load' });
    const created = await adapter.createEvent(adele, timedEvent({ title: 'Lost answer' }), `lost-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const again = await adapter.createEvent(adele, timedEvent({ title: 'Lost answer' }), `lost-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    expect(again.id).toBe(created.id);
    const count = emulator.control.act('admin', 'calendar.event', 'search_count', [[['name', '=', 'Lost answer']]]);
    expect(count).toBe(1);
  });

  test('when a record was created with a key, then it is found by that key; an unused key finds nothing', async () => {
    const created = await adapter.createEvent(adele, timedEvent({ title: 'Found by key' }), `key/${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const found = await adapter.findByIdempotencyKey!(`key/${protocol}`);
    expect(found?.id).toBe(created.id);
    await expect(adapter.findByIdempotencyKey!(`never-${protocol}`)).resolves.toBeNull();
  });

  test('when asked what it keeps, then single events are declared as not keeping their zone', async () => {
    // Odoo's event_tz is a pseudo-field of calendar.recurrence: a single event reads back in its organizer's tz.
    const created = await adapter.createEvent(
      adele,
      timedEvent({
        title: 'Zone',
        timing: { kind: 'timed', start: '2026-03-05T13:00:00Z', end: '2026-03-05T14:00:00Z', timeZone: 'Asia/Tokyo' },
      }),
      `zone-${protocol}`,
      { quiet: true, needsReview: false },
    );
    expect(adapter.keepsTimeZone).toBe(false);
    expect(created.event.timing).toMatchObject({ timeZone: adele.timeZone });
  });

  test('when given fields are updated, then only they change and the version moves', async () => {
    const created = await adapter.createEvent(adele, timedEvent({ title: 'Before' }), `update-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    emulator.control.advanceClock(60);
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

  test('when the expected version is stale, then the update fails with a conflict', async () => {
    const created = await adapter.createEvent(adele, timedEvent(), `conflict-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    emulator.control.advanceClock(60);
    emulator.control.act('adele@contoso.example', 'calendar.event', 'write', [
      [Number(created.id)],
      { name: 'Edited in Odoo' },
    ]);
    await expect(
      adapter.updateEvent(created.id, timedEvent(), ['title'], { quiet: true, expectedVersion: created.version }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  test('when Odoo edits the event within the same second (clock frozen), then the version moves and a stale update is a conflict', async () => {
    const frozenAt = new Date(Date.now() + 1000); // after every earlier write, so the cursor keeps its order
    emulator.control.setClock(frozenAt);
    try {
      const created = await adapter.createEvent(adele, timedEvent(), `same-second-${protocol}`, {
        quiet: true,
        needsReview: false,
      });
      emulator.control.act('adele@contoso.example', 'calendar.event', 'write', [
        [Number(created.id)],
        { name: 'Edited in the same second' },
      ]);
      const [edited] = await adapter.readEvents([created.id]);
      expect(edited!.version.split('#')[0]).toBe(created.version.split('#')[0]);
      expect(edited!.version).not.toBe(created.version);
      await expect(
        adapter.updateEvent(created.id, timedEvent(), ['title'], { quiet: true, expectedVersion: created.version }),
      ).rejects.toMatchObject({ kind: 'conflict' });
      const updated = await adapter.updateEvent(created.id, timedEvent({ title: 'Ours' }), ['title'], {
        quiet: true,
        expectedVersion: edited!.version,
      });
      expect(updated.event.title).toBe('Ours');
    } finally {
      emulator.control.setClock(new Date(frozenAt.getTime() + 1000), false);
    }
  });

  test('when attendee answers change, then calendar.attendee states follow', async () => {
    const created = await adapter.createEvent(adele, timedEvent(), `answers-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
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

  test('when events are deleted or archived, then reads and changes say so, and deleting again is fine', async () => {
    const gone = await adapter.createEvent(adele, timedEvent({ title: 'To delete' }), `del-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const archived = await adapter.createEvent(adele, timedEvent({ title: 'To archive' }), `arch-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    await adapter.deleteEvent(gone.id, 'delete', { quiet: true });
    await adapter.deleteEvent(archived.id, 'archive', { quiet: true });
    await adapter.deleteEvent(gone.id, 'delete', { quiet: true });
    const read = await adapter.readEvents([gone.id, archived.id]);
    expect(read.map((r) => [r.id, r.active])).toEqual([[archived.id, false]]);
    expect(emulator.control.mailLog()).toEqual([]);
  });

  test('when linkable records are searched, then customers with addresses and documents come back with URLs', async () => {
    const found = await asAdele.searchLinkable('fabrikam', 10);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          model: 'res.partner',
          kind: 'customer',
          name: 'Fabrikam, Inc.',
          description: '1 Rue de la Paix, 75002 Paris, France',
          url: `${emulator.url}/odoo/res.partner/4`,
        }),
        expect.objectContaining({
          model: 'crm.lead',
          kind: 'document',
          type: 'opportunity',
          name: 'Fabrikam: 40 standing desks',
          customer: { id: '4', name: 'Fabrikam, Inc.' },
          description: 'Fabrikam, Inc.',
        }),
        // A contact of the company is found by the company's name, with the company as its customer.
        expect.objectContaining({
          name: 'Alex Wilber',
          type: 'contact',
          customer: { id: '4', name: 'Fabrikam, Inc.' },
        }),
        // Documents are found by their customer's name too ("Set Regarding" over quotations and orders).
        expect.objectContaining({ model: 'sale.order', name: 'S00001', type: 'order' }),
      ]),
    );
    const orders = await asAdele.searchLinkable('S0000', 10);
    expect(orders.map((o) => [o.model, o.name, o.description])).toEqual([
      // Odoo's default order for sale.order: newest first.
      ['sale.order', 'S00002', 'Tailspin Toys · Quotation'],
      ['sale.order', 'S00001', 'Fabrikam, Inc. · Sales order'],
    ]);
  });

  test('when one linkable record is asked by id, then only a real record of a picker model comes back', async () => {
    await expect(asAdele.findLinkable('res.partner', '4')).resolves.toMatchObject({
      model: 'res.partner',
      id: '4',
      kind: 'customer',
      name: 'Fabrikam, Inc.',
      url: `${emulator.url}/odoo/res.partner/4`,
    });
    for (const [model, id] of [
      ['res.partner', '999999'],
      ['res.users', '2'],
      ['prototype', 'prototype'],
      ['res.partner', '4 OR 1=1'],
      ['__proto__', '1'],
    ] as const) {
      await expect(asAdele.findLinkable(model, id)).resolves.toBeNull();
    }
  });

  test('when the record URL is asked, then it is the Odoo 18+ form', () => {
    expect(adapter.recordUrl('sale.order', '7')).toBe(`${emulator.url}/odoo/sale.order/7`);
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
    const created = await adapter.createEvent(adele, event, `series-${protocol}`, { quiet: true, needsReview: false });
    expect(created.event.recurrence).toEqual(recurrence);
    const occurrences = emulator.control.act(
      'admin',
      'calendar.event',
      'search_read',
      [[['name', '=', 'Weekly sync']]],
      { fields: ['start'], order: 'start' },
    ) as Array<{ start: string }>;
    // Paris leaves winter time on 29 March: the wall clock stays at 09:00; the 19th is the cancelled one.
    expect(occurrences.map((o) => o.start)).toEqual([
      '2026-03-12 08:00:00',
      '2026-03-26 08:00:00',
      '2026-04-02 07:00:00',
    ]);
  });

  test('when a series is moved an hour and its count changed, then Odoo holds the new rule (it drops a rule text)', async () => {
    const event = timedEvent({
      title: 'Retimed sync',
      timing: { kind: 'timed', start: '2026-05-04T08:00:00Z', end: '2026-05-04T08:30:00Z', timeZone: 'Europe/Paris' },
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=4', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    });
    const created = await adapter.createEvent(adele, event, `retimed-${protocol}`, { quiet: true, needsReview: false });
    const changed = {
      ...event,
      timing: {
        kind: 'timed' as const,
        start: '2026-05-04T09:00:00Z',
        end: '2026-05-04T09:30:00Z',
        timeZone: 'Europe/Paris',
      },
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    };
    const updated = await adapter.updateEvent(created.id, changed, ['timing', 'recurrence'], { quiet: true });
    // Odoo writes the rule in its own words (WKST, BYDAY): the same rule in comparison form.
    expect(normalizeRecurrence(updated.event.recurrence, updated.event.timing)?.rrule).toBe(
      'BYDAY=MO;COUNT=6;FREQ=WEEKLY',
    );
    const active = emulator.control.act('admin', 'calendar.event', 'search_read', [[['name', '=', 'Retimed sync']]], {
      fields: ['start'],
      order: 'start',
    }) as Array<{ start: string }>;
    // Odoo made a new recurrence from the moved base event: six Mondays at 11:00 Paris time.
    expect(active.map((o) => o.start)).toEqual(
      ['05-04', '05-11', '05-18', '05-25', '06-01', '06-08'].map((d) => `2026-${d} 09:00:00`),
    );
  });
});
