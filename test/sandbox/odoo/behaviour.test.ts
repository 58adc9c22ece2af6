/** The emulator's Odoo behaviour over HTTP: archives, clock, mails, recurrences, error envelopes, faults, control API. */
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';
import { executeKw, json2 } from './rpc';

const START = new Date('2026-03-02T09:00:00Z');
const ADELE = 'adele@contoso.example';

describe('Odoo emulator behaviour', () => {
  let emulator: OdooEmulator;
  beforeAll(async () => {
    emulator = await startOdooEmulator({ now: START });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.control.clearMailLog();
    emulator.control.clearFaults();
  });

  const event = (vals: Record<string, unknown>) =>
    executeKw(emulator, 'calendar.event', 'create', [
      { name: 'E', start: '2026-03-04 10:00:00', stop: '2026-03-04 11:00:00', ...vals },
    ]);

  test('when an event is archived, then search hides it unless active_test is false or the domain names active', async () => {
    const id = (await event({ name: 'Archived one', active: false })).result;
    const domain = [['name', '=', 'Archived one']];
    expect((await executeKw(emulator, 'calendar.event', 'search', [domain])).result).toEqual([]);
    expect(
      (await executeKw(emulator, 'calendar.event', 'search', [domain], { context: { active_test: false } })).result,
    ).toEqual([id]);
    expect(
      (await executeKw(emulator, 'calendar.event', 'search', [[...domain, ['active', '=', false]]])).result,
    ).toEqual([id]);
  });

  test('when a call is slow, then write_date is the time the transaction started, not when it committed', async () => {
    const id = (await event({ name: 'Stamped' })).result as number;
    emulator.control.addFault({ kind: 'latency', latencyMs: 150, method: 'write' });
    const slow = executeKw(emulator, 'calendar.event', 'write', [[id], { location: 'Later' }]);
    // Once the fault is consumed the write's transaction has started: move the clock while it "works".
    while (emulator.control.state().faults.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    emulator.control.advanceClock(3600);
    await slow;
    const [row] = (await executeKw(emulator, 'calendar.event', 'read', [[id], ['write_date', 'location']]))
      .result as Array<Record<string, unknown>>;
    expect(row).toEqual({ id, write_date: '2026-03-02 09:00:00', location: 'Later' });
    emulator.control.setClock(START);
  });

  test('when Odoo mails attendees, then the log shows invitation, update and cancellation, and quiet calls add nothing', async () => {
    const partners = (await executeKw(emulator, 'res.partner', 'search', [[['email', '=', 'alex@fabrikam.example']]]))
      .result as number[];
    const id = emulator.control.act(ADELE, 'calendar.event', 'create', [
      { name: 'Mailed', start: '2026-03-04 10:00:00', stop: '2026-03-04 11:00:00', partner_ids: [[6, 0, partners]] },
    ]);
    emulator.control.act(ADELE, 'calendar.event', 'write', [
      [id],
      { start: '2026-03-04 12:00:00', stop: '2026-03-04 13:00:00' },
    ]);
    emulator.control.act(
      ADELE,
      'calendar.event',
      'write',
      [[id], { name: 'Quiet edit', start: '2026-03-05 12:00:00', stop: '2026-03-05 13:00:00' }],
      { context: { no_mail_to_attendees: true } },
    );
    emulator.control.act(ADELE, 'calendar.event', 'unlink', [[id]]);
    expect(emulator.control.mailLog().map((m) => [m.kind, m.to])).toEqual([
      ['invitation', ['alex@fabrikam.example']],
      ['update', ['alex@fabrikam.example']],
      ['cancellation', ['alex@fabrikam.example']],
    ]);
    const mail = (await (await fetch(`${emulator.url}/_control/mail`)).json()) as unknown[];
    expect(mail).toHaveLength(3);
  });

  test('when partner_ids are set, then calendar.attendee rows follow and the organizer has accepted', async () => {
    const id = (await event({ name: 'Attendees', user_id: 3, partner_ids: [[6, 0, [3, 7]]] })).result as number;
    const attendees = (
      await executeKw(emulator, 'calendar.attendee', 'search_read', [[['event_id', '=', id]]], {
        fields: ['partner_id', 'state'],
        order: 'id',
      })
    ).result;
    expect(attendees).toEqual([
      { id: expect.any(Number), partner_id: [3, 'Adele Vance'], state: 'accepted' },
      { id: expect.any(Number), partner_id: [7, 'Alex Wilber'], state: 'needsAction' },
    ]);
  });

  test('when an all-day event is created with dates, then start/stop follow and stop_date stays inclusive', async () => {
    const id = (
      await executeKw(emulator, 'calendar.event', 'create', [
        { name: 'Fair', allday: true, start_date: '2026-03-10', stop_date: '2026-03-12' },
      ])
    ).result as number;
    const [row] = (
      await executeKw(emulator, 'calendar.event', 'read', [
        [id],
        ['start', 'stop', 'start_date', 'stop_date', 'duration'],
      ])
    ).result as unknown[];
    expect(row).toEqual({
      id,
      start: '2026-03-10 08:00:00',
      stop: '2026-03-12 18:00:00',
      start_date: '2026-03-10',
      stop_date: '2026-03-12',
      duration: 58, // Odoo: stop - start in hours (08:00 on the 10th to 18:00 on the 12th)
    });
  });

  test('when a recurrence is created, then occurrences are records; all_events edits spread, self_only re-timing detaches', async () => {
    const baseId = (
      await event({
        name: 'Series',
        start: '2026-03-02 08:00:00',
        stop: '2026-03-02 09:00:00',
        recurrency: true,
        rrule: 'FREQ=DAILY;COUNT=3',
        event_tz: 'Europe/Paris',
      })
    ).result as number;
    const read = async () =>
      (
        await executeKw(
          emulator,
          'calendar.event',
          'search_read',
          [
            [
              ['recurrence_id', '!=', false],
              ['name', 'like', 'Series'],
            ],
          ],
          { fields: ['name', 'start', 'follow_recurrence', 'recurrence_id'], order: 'start' },
        )
      ).result as Array<Record<string, unknown>>;
    const rows = await read();
    expect(rows.map((r) => r.start)).toEqual(['2026-03-02 08:00:00', '2026-03-03 08:00:00', '2026-03-04 08:00:00']);
    const recurrenceId = (rows[0]?.recurrence_id as [number, string])[0];
    const [recurrence] = (
      await executeKw(emulator, 'calendar.recurrence', 'read', [[recurrenceId], ['rrule', 'base_event_id', 'event_tz']])
    ).result as unknown[];
    expect(recurrence).toEqual({
      id: recurrenceId,
      rrule: 'FREQ=DAILY;COUNT=3',
      base_event_id: [baseId, 'Series'],
      event_tz: 'Europe/Paris',
    });
    await executeKw(emulator, 'calendar.event', 'write', [
      [baseId],
      { name: 'Series renamed', recurrence_update: 'all_events' },
    ]);
    const second = rows[1]?.id as number;
    await executeKw(emulator, 'calendar.event', 'write', [
      [second],
      { start: '2026-03-03 10:00:00', stop: '2026-03-03 11:00:00', recurrence_update: 'self_only' },
    ]);
    expect((await read()).map((r) => [r.name, r.follow_recurrence])).toEqual([
      ['Series renamed', true],
      ['Series renamed', false],
      ['Series renamed', true],
    ]);
  });

  test('when an occurrence deleted from a recurrence is copied back from the base event, then it is a member again and the others are untouched (as Odoo 19 measured)', async () => {
    const partners = (await executeKw(emulator, 'res.partner', 'search', [[['email', '=', 'alex@fabrikam.example']]]))
      .result as number[];
    const baseId = (
      await event({
        name: 'Restored series',
        start: '2026-03-09 08:00:00',
        stop: '2026-03-09 09:00:00',
        recurrency: true,
        rrule: 'FREQ=DAILY;COUNT=3',
        event_tz: 'Europe/Paris',
        partner_ids: [[6, 0, partners]],
      })
    ).result as number;
    const fields = ['name', 'start', 'follow_recurrence', 'recurrence_id', 'recurrency', 'partner_ids', 'attendee_ids'];
    const read = async () =>
      (
        await executeKw(emulator, 'calendar.event', 'search_read', [[['name', 'like', 'Restored series']]], {
          fields,
          order: 'start',
        })
      ).result as Array<Record<string, unknown>>;
    const [, second, third] = await read();
    await executeKw(emulator, 'calendar.event', 'write', [
      [third!.id],
      { name: 'Restored series (kept)', recurrence_update: 'self_only' },
    ]);
    await executeKw(emulator, 'calendar.event', 'unlink', [[second!.id]]);
    const answer = await json2(emulator, 'calendar.event', 'copy', {
      ids: [baseId],
      default: {
        start: '2026-03-10 08:00:00',
        stop: '2026-03-10 09:00:00',
        recurrence_id: (second!.recurrence_id as [number, string])[0],
        recurrency: true,
        follow_recurrence: true,
        active: true,
      },
    });
    const copied = (answer.body as number[])[0]!;
    expect(answer.body).toEqual([copied]);
    const rows = await read();
    expect(rows.map((r) => [r.id, r.name, r.start, r.follow_recurrence, r.recurrency])).toEqual([
      [baseId, 'Restored series', '2026-03-09 08:00:00', true, true],
      [copied, 'Restored series', '2026-03-10 08:00:00', true, true],
      [third!.id, 'Restored series (kept)', '2026-03-11 08:00:00', true, true],
    ]);
    expect(rows[1]!.recurrence_id).toEqual(rows[0]!.recurrence_id);
    expect(rows[1]!.partner_ids).toEqual(rows[0]!.partner_ids);
    // Its own attendee rows (Odoo's copy makes them again from the partners), not the base event's.
    expect((rows[1]!.attendee_ids as number[]).some((id) => (rows[0]!.attendee_ids as number[]).includes(id))).toBe(
      false,
    );
    expect((rows[1]!.attendee_ids as number[]).length).toBe((rows[0]!.attendee_ids as number[]).length);
  });

  test('when create gets a list, then it answers a list of ids; a single dict answers one id', async () => {
    const many = (await executeKw(emulator, 'calendar.event.type', 'create', [[{ name: 'A' }, { name: 'B' }]])).result;
    const one = (await executeKw(emulator, 'calendar.event.type', 'create', [{ name: 'C' }])).result;
    expect([Array.isArray(many) && many.length, typeof one]).toEqual([2, 'number']);
  });

  test('when search_read has order, offset and limit, then they apply in that order', async () => {
    const all = (
      await executeKw(emulator, 'res.partner', 'search_read', [[['customer_rank', '>', 0]]], {
        fields: ['name'],
        order: 'name desc',
      })
    ).result as Array<{ name: string }>;
    const page = (
      await executeKw(emulator, 'res.partner', 'search_read', [[['customer_rank', '>', 0]]], {
        fields: ['name'],
        order: 'name desc',
        offset: 1,
        limit: 2,
      })
    ).result;
    expect(all.map((p) => p.name)).toEqual(['Tailspin Toys', 'Northwind Traders', 'Fabrikam, Inc.', 'Alex Wilber']);
    expect(page).toEqual(all.slice(1, 3));
  });

  test.each([
    ['MissingError', 'adele', 'calendar.event', 'unlink', [[99999]], 'odoo.exceptions.MissingError', 404],
    [
      'ValidationError',
      'adele',
      'calendar.event',
      'create',
      [{ start: '2026-03-04 10:00:00' }],
      'odoo.exceptions.ValidationError',
      422,
    ],
    ['UserError', 'admin', 'res.users', 'unlink', [[2]], 'odoo.exceptions.UserError', 422],
    [
      'AccessError',
      'adele',
      'ir.model.data',
      'create',
      [{ module: 'x', name: 'y', model: 'res.partner', res_id: 1 }],
      'odoo.exceptions.AccessError',
      403,
    ],
  ] as const)(
    'when a call raises %s, then JSON-RPC answers the error envelope and JSON-2 the status and body',
    async (_name, who, model, method, args, exception, status) => {
      const asAdele = emulator.users[who];
      const uid = who === 'admin' ? 2 : 3;
      const rpc = await fetch(`${emulator.url}/jsonrpc`, {
        method: 'POST',
        body: JSON.stringify({
          jsonrpc: '2.0',
          method: 'call',
          id: 9,
          params: {
            service: 'object',
            method: 'execute_kw',
            args: [emulator.database, uid, asAdele.apiKey, model, method, args],
          },
        }),
      });
      expect(await rpc.json()).toEqual({
        jsonrpc: '2.0',
        id: 9,
        error: {
          code: 0,
          message: 'Odoo Server Error',
          data: {
            name: exception,
            message: expect.any(String),
            debug: expect.any(String),
            arguments: [expect.any(String)],
            context: {},
          },
        },
      });
      const named = method === 'create' ? { vals_list: args[0] } : { ids: args[0] };
      const answer = await json2(emulator, model, method, named, asAdele.apiKey);
      expect(answer).toEqual({
        status,
        body: {
          name: exception,
          message: expect.any(String),
          arguments: [expect.any(String)],
          context: {},
          debug: expect.any(String),
        },
      });
    },
  );

  test('when the API key does not belong to the uid, then JSON-RPC raises AccessDenied', async () => {
    const answer = await fetch(`${emulator.url}/jsonrpc`, {
      method: 'POST',
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        id: 1,
        params: {
          service: 'object',
          method: 'execute_kw',
          args: [emulator.database, 2, emulator.users.adele.apiKey, 'res.partner', 'search', [[]]],
        },
      }),
    });
    expect(((await answer.json()) as { error: { data: { name: string } } }).error.data.name).toBe(
      'odoo.exceptions.AccessDenied',
    );
  });

  test('when a 503 fault is injected over HTTP, then the next call gets it with Retry-After, and the one after succeeds', async () => {
    const added = await fetch(`${emulator.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'status', status: 503, retryAfterSeconds: 2, protocol: 'json2' }),
    });
    expect(added.status).toBe(200);
    const failed = await fetch(`${emulator.url}/json/2/res.partner/search`, {
      method: 'POST',
      headers: { Authorization: `bearer ${emulator.users.admin.apiKey}` },
      body: '{}',
    });
    expect([failed.status, failed.headers.get('retry-after')]).toEqual([503, '2']);
    expect((await json2(emulator, 'res.partner', 'search', {})).status).toBe(200);
  });

  test('when a commit-then-drop fault hits a create, then the client sees a dropped connection but the record exists', async () => {
    emulator.control.addFault({ kind: 'commit_then_drop', protocol: 'json2', method: 'create' });
    await expect(
      json2(emulator, 'res.partner', 'create', { vals_list: [{ name: 'Dropped but kept' }] }),
    ).rejects.toThrow();
    expect(
      (await json2(emulator, 'res.partner', 'search_count', { domain: [['name', '=', 'Dropped but kept']] })).body,
    ).toBe(1);
  });

  test('when the control API gets bad input or an unknown route, then it answers a 4xx problem', async () => {
    const bad = await fetch(`${emulator.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'explode' }),
    });
    expect([bad.status, ((await bad.json()) as { detail: string }).detail]).toEqual([
      400,
      "kind must be 'status', 'latency' or 'commit_then_drop'",
    ]);
    const unknown = await fetch(`${emulator.url}/_control/nope`);
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
    const notJson = await fetch(`${emulator.url}/_control/clock`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  test('when model calls are made, then the control API counts them per model and method until cleared', async () => {
    emulator.control.clearCalls();
    await event({ name: 'Counted' });
    await executeKw(emulator, 'calendar.event', 'search', [[['name', '=', 'Counted']]]);
    await json2(emulator, 'calendar.event', 'search_count', { domain: [] });
    const counted = (await (await fetch(`${emulator.url}/_control/calls`)).json()) as {
      total: number;
      byMethod: Record<string, number>;
    };
    expect(counted.byMethod).toMatchObject({
      'calendar.event.create': 1,
      'calendar.event.search': 1,
      'calendar.event.search_count': 1,
    });
    expect(counted.total).toBe(Object.values(counted.byMethod).reduce((a, b) => a + b, 0));
    const cleared = await fetch(`${emulator.url}/_control/calls`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ total: 0, byMethod: {} });
  });

  test('when a person acts through the control API, then the change is made as that user', async () => {
    const created = await fetch(`${emulator.url}/_control/act`, {
      method: 'POST',
      body: JSON.stringify({
        as: ADELE,
        model: 'calendar.event',
        method: 'create',
        args: [{ name: 'By Adele', start: '2026-03-06 10:00:00', stop: '2026-03-06 11:00:00' }],
      }),
    });
    const { result } = (await created.json()) as { result: number };
    const [row] = (await executeKw(emulator, 'calendar.event', 'read', [[result], ['user_id', 'create_uid']]))
      .result as unknown[];
    expect(row).toEqual({ id: result, user_id: [3, 'Adele Vance'], create_uid: [3, 'Adele Vance'] });
  });

  test('when users and records are seeded over HTTP, then the new user can authenticate with the returned key', async () => {
    const user = (await (
      await fetch(`${emulator.url}/_control/users`, {
        method: 'POST',
        body: JSON.stringify({ login: 'megan@contoso.example', name: 'Megan Bowen', tz: 'America/New_York' }),
      })
    ).json()) as { uid: number; apiKey: string };
    const answer = await json2(emulator, 'res.users', 'context_get', {}, user.apiKey);
    expect(answer).toEqual({ status: 200, body: { lang: 'en_US', tz: 'America/New_York', uid: user.uid } });
    const seeded = (await (
      await fetch(`${emulator.url}/_control/records`, {
        method: 'POST',
        body: JSON.stringify({ model: 'crm.lead', values: [{ name: 'Seeded lead' }] }),
      })
    ).json()) as { ids: number[] };
    expect(seeded.ids).toHaveLength(1);
  });
});
