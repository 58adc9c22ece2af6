/**
 * Odoo answers of the wrong shape (a proxy's page, a changed field) over HTTP become typed ErpErrors naming the call
 * and the field, not a crash further on. The server here is a stand-in that answers like Odoo but for one field; the
 * emulator only answers well.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErpError } from '../../../server/erp/errors';
import { createOdooAdapter } from '../../../server/erp/odoo';

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
      (a: Adapter) => a.findContacts(['adele@contoso.example']),
      /res\.partner\.search_read .* 0\.parent_id:/,
    ],
    ['the picker', (a: Adapter) => a.searchLinkable('Adele', 5), /res\.partner\.search_read .* 0\.street:/],
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
