/**
 * Odoo answers of the wrong shape (a proxy's page, a changed field) over HTTP become typed ErpErrors naming the call
 * and the field, not a crash further on. The server here is a stand-in that answers like Odoo but for one field; the
 * emulator only answers well.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErpError } from '../../../server/erp/errors';
import { createOdooAdapter } from '../../../server/erp/odoo';
import { timedEvent } from './helpers';

/** Answers JSON-RPC like Odoo 17, with `user` as res.users' search_read row; JSON-2 answers `json2Body`. */
function misbehavingOdoo(answers: { user: unknown; json2Body: string }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/web/version') return res.end(JSON.stringify({ version: '17.0' }));
      if (req.url?.startsWith('/json/2/')) return res.end(answers.json2Body);
      const call = JSON.parse(body) as { params: { method: string } };
      const result = call.params.method === 'authenticate' ? 2 : [answers.user];
      res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

type Adapter = ReturnType<typeof createOdooAdapter>;

/** The person the pane's calls act for, with a key the stand-in accepts. */
const ADELE = { id: '7', login: 'adele@contoso.example', email: 'adele@contoso.example', name: 'Adele' };

describe('Odoo answers of the wrong shape', () => {
  let odoo: { url: string; server: Server };
  beforeAll(async () => {
    odoo = await misbehavingOdoo({
      user: { id: 7, login: 'adele@contoso.example', name: 'Adele', email: false, tz: false, partner_id: 'x' },
      json2Body: '<html>Bad gateway</html>',
    });
  });
  afterAll(() => new Promise((resolve) => odoo.server.close(resolve)));
  const on = (protocol: 'jsonrpc' | 'json2') =>
    createOdooAdapter({
      url: odoo.url,
      database: 'db',
      login: 'admin',
      apiKey: 'key',
      protocol,
      clock: { now: () => new Date() },
      retry: { maxAttempts: 1 },
      personKeys: { keyFor: () => Promise.resolve('adele-key') },
    });

  test('when a user row has a partner that is not a many2one, then the error is typed and names the field', async () => {
    const error = await on('jsonrpc')
      .findUser('adele@contoso.example')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErpError);
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).toMatch(
      /^Odoo answered res\.users\.search_read with an unexpected 0\.partner_id:/,
    );
  });

  // Every search_read here answers the user row above: a res.partner row without parent_id, street..., and a
  // partner_id that is no many2one. Before, the contact read as having no company and the picker as having no address.
  test.each([
    [
      'the contact search',
      async (a: Adapter) => (await a.actingFor(ADELE, 'personKey')).findContacts(['adele@contoso.example']),
      /res\.partner\.search_read .* 0\.parent_id:/,
    ],
    [
      'the picker',
      async (a: Adapter) => (await a.actingFor(ADELE, 'personKey')).searchLinkable('Adele', 5),
      /res\.partner\.search_read .* 0\.street:/,
    ],
    [
      'the customer block',
      (a: Adapter) => a.customerAddress({ model: 'crm.lead', id: '7' }),
      /crm\.lead\.search_read .* 0\.partner_id:/,
    ],
  ])(
    'when %s gets a row of the wrong shape, then the error is typed and names the call and field',
    async (_, call, message) => {
      const error = await call(on('jsonrpc')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErpError);
      expect(error).toMatchObject({ kind: 'transient' });
      expect((error as Error).message).toMatch(message);
    },
  );

  test('when JSON-2 answers 200 with a page that is not JSON, then the error is typed, not a SyntaxError', async () => {
    const error = await on('json2')
      .findUser('adele@contoso.example')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErpError);
    expect((error as Error).message).toMatch(/^Odoo answered res\.users\.search_read with something that is not JSON/);
  });
});

/** Answers JSON-RPC like Odoo 17: `answers['model.method']` for execute_kw, [] for a call it does not know. */
function routedOdoo(answers: Record<string, unknown>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/web/version') return res.end(JSON.stringify({ version: '17.0' }));
      const { params } = JSON.parse(body) as { params: { method: string; args: unknown[] } };
      const key = `${String(params.args[3])}.${String(params.args[4])}`;
      const result = params.method === 'authenticate' ? 2 : (answers[key] ?? []);
      res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

/** An event row as Odoo 17 reads it, but for `wrong`. */
function eventRow(wrong: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 5,
    name: 'Review',
    description: false,
    start: '2026-03-02 09:00:00',
    stop: '2026-03-02 10:00:00',
    allday: false,
    start_date: false,
    stop_date: false,
    location: false,
    user_id: false,
    partner_ids: [],
    attendee_ids: [],
    privacy: 'public',
    show_as: 'busy',
    active: true,
    categ_ids: [],
    alarm_ids: [],
    recurrency: false,
    recurrence_id: false,
    follow_recurrence: false,
    event_tz: false,
    res_model: false,
    res_id: false,
    write_date: '2026-03-02 08:00:00',
    ...wrong,
  };
}

describe('Odoo calendar answers of the wrong shape', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
  async function adapterAnswering(answers: Record<string, unknown>) {
    const odoo = await routedOdoo(answers);
    servers.push(odoo.server);
    return createOdooAdapter({
      url: odoo.url,
      database: 'db',
      login: 'admin',
      apiKey: 'key',
      protocol: 'jsonrpc',
      clock: { now: () => new Date() },
      retry: { maxAttempts: 1 },
    });
  }
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (e: unknown) => e,
    );

  // Before, each of these read on: an event with start false crashed in the mapper (a TypeError), an attendee with
  // an unknown state or a tag without a name became part of the canonical event.
  test.each([
    [
      'an event with no start',
      { 'calendar.event.search_read': [eventRow({ start: false })] },
      /calendar\.event\.search_read .* 0\.start:/,
    ],
    [
      'an attendee in a state Odoo does not have',
      {
        'calendar.event.search_read': [eventRow({ attendee_ids: [9] })],
        'calendar.attendee.search_read': [
          { id: 9, partner_id: false, email: 'a@b.example', common_name: false, state: 'maybe' },
        ],
      },
      /calendar\.attendee\.search_read .* 0\.state:/,
    ],
    [
      'a tag without a name',
      { 'calendar.event.search_read': [eventRow({ categ_ids: [3] })], 'calendar.event.type.search_read': [{ id: 3 }] },
      /calendar\.event\.type\.search_read .* 0\.name:/,
    ],
  ])(
    'when an event read gets %s, then the error is typed and names the call and field',
    async (_, answers, message) => {
      const error = await failure((await adapterAnswering(answers)).readEvents(['5']));
      expect(error).toBeInstanceOf(ErpError);
      expect(error).toMatchObject({ kind: 'transient' });
      expect((error as Error).message).toMatch(message);
    },
  );

  test('when a masked private row comes back, then it is left out, not an error', async () => {
    const adapter = await adapterAnswering({ 'calendar.event.search_read': [{ id: 5, write_date: false }] });
    expect(await adapter.readEvents(['5'])).toEqual([]);
  });

  test('when creating partners answers fewer ids than asked, then the error is typed and names the call', async () => {
    const adapter = await adapterAnswering({
      'res.users.search_read': [{ id: 2, partner_id: [3, 'Admin'] }],
      'res.partner.create': [],
    });
    const user = { id: '2', login: 'admin', email: 'admin@contoso.example', name: 'Admin', timeZone: 'UTC' };
    const event = timedEvent({
      attendees: [{ email: 'new@contoso.example', name: 'New', role: 'required', response: 'none' }],
    });
    const error = await failure(adapter.createEvent(user, event, 'key-1', { quiet: true, needsReview: false }));
    expect(error).toBeInstanceOf(ErpError);
    expect((error as Error).message).toMatch(
      /^Odoo answered res\.partner\.create with an unexpected answer: 1 ids expected/,
    );
  });
});
