/**
 * `GET /api/erp/records` against the Odoo emulator: customers and documents matching the query, the 2-character
 * minimum, ERP failures as problems (a busy ERP is 503 with Retry-After; refused credentials are 502), and who may
 * search at all: a connected person with an ERP user (issue 18, defect 5), never a stranger.
 */
import type { LinkableRecordsResponse } from '../../../contract/addin-api';
import { createLogger } from '../../../server/logger';
import { addinApiGuard } from '../../../server/http/addin-routes-account';
import { createApp } from '../../../server/http/app';
import { ErpPeople } from '../../../server/http/erp-person';
import { erpRecordsRouter } from '../../../server/http/erp-records-route';
import { FABRIKAM_USER_ID } from '../../../sandbox/microsoft365/world/seed';
import { call, odooAdapter, startWorld, type World } from './helpers';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.stop();
});

afterEach(() => {
  world.odoo.control.clearFaults();
});

describe('GET /api/erp/records', () => {
  it('when the query matches customers and documents, then both come back with their URLs and details', async () => {
    const answer = await call<LinkableRecordsResponse>(
      world.api,
      'GET',
      '/api/erp/records?q=fabri',
      await world.token('adele'),
    );
    expect(answer.status).toBe(200);
    const records = answer.body.records;
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          model: 'res.partner',
          kind: 'customer',
          name: 'Fabrikam, Inc.',
          detail: '1 Rue de la Paix, 75002 Paris, France',
        }),
        expect.objectContaining({ model: 'crm.lead', kind: 'document', name: 'Fabrikam: 40 standing desks' }),
      ]),
    );
    for (const record of records) expect(record.url).toContain(world.odoo.url);
  });

  it('when a limit is given, then at most that many records come back', async () => {
    const answer = await call<LinkableRecordsResponse>(
      world.api,
      'GET',
      '/api/erp/records?q=a&limit=2',
      await world.token('adele'),
    );
    expect(answer.status).toBe(422);
    const limited = await call<LinkableRecordsResponse>(
      world.api,
      'GET',
      '/api/erp/records?q=fabri&limit=1',
      await world.token('adele'),
    );
    expect(limited.body.records).toHaveLength(1);
  });

  it('when the query is shorter than 2 characters or missing, then the answer is a validation problem', async () => {
    for (const query of ['?q=f', '?q=%20f%20', '', '?q=fabri&limit=500']) {
      const answer = await call(world.api, 'GET', `/api/erp/records${query}`, await world.token('adele'));
      expect(answer.status).toBe(422);
      expect(answer.body.type).toBe('https://outlook-erp-sync.dev/problems/validation');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^(q|limit)$/) })]);
    }
  });

  it('when Odoo is busy, then the answer is 503 with Retry-After', async () => {
    world.odoo.control.addFault({ kind: 'status', status: 429, retryAfterSeconds: 7, model: 'res.partner', times: 5 });
    const answer = await call(world.api, 'GET', '/api/erp/records?q=fabri', await world.token('adele'));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.body).toMatchObject({ type: 'https://outlook-erp-sync.dev/problems/transient' });
    expect(String(answer.body.detail)).toContain('Odoo is not answering');
  });

  it("when the pane acts as the integration user in the person's companies and Odoo refuses its credentials, then the answer is a 502 problem in plain words", async () => {
    const erp = odooAdapter(world.odoo, 'not-the-key');
    const clock = { now: () => new Date() };
    const paneRightsOf = async () => 'personCompanies' as const;
    const people = new ErpPeople({ store: world.store, erp, erpName: 'Odoo', clock, paneRightsOf });
    const refused = erpRecordsRouter({ erpName: 'Odoo', people });
    const app = createApp({
      logger: createLogger({ level: 'silent' }),
      readiness: { check: async () => ({}), draining: () => false },
      routes: [
        {
          path: '/api',
          router: addinApiGuard({
            validator: world.validator,
            publicUrl: 'https://localhost:3000',
            authorityHost: world.m365.baseUrl,
          }),
        },
        { path: '/api', router: refused },
      ],
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/api/erp/records?q=fabri`, {
        headers: { authorization: `Bearer ${await world.token('adele')}` },
      });
      const body = (await response.json()) as Record<string, unknown>;
      expect(response.status).toBe(502);
      expect(body.detail).toBe("Odoo refused the integration's credentials; an administrator must fix them.");
      expect(JSON.stringify(body)).not.toContain('not-the-key');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('who may search', () => {
    /** A fault armed on every Odoo call: still pending afterwards means the ERP was never asked. */
    function tripwire() {
      world.odoo.control.addFault({ kind: 'status', status: 500, times: 1 });
      return () => world.odoo.control.state().faults.length === 1;
    }

    it('when a person of another tenant who never connected searches everything, then 404 and the ERP is not asked', async () => {
      const untouched = tripwire();
      const stranger = await world.m365.control.mintAddinToken({ user: FABRIKAM_USER_ID });
      const answer = await call(world.api, 'GET', '/api/erp/records?q=%25%25', stranger);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ type: 'https://outlook-erp-sync.dev/problems/not-found' });
      expect(JSON.stringify(answer.body)).not.toMatch(/Fabrikam|fabrikam\.example|Paris/);
      expect(untouched()).toBe(true);
    });

    it('when a connected person has no ERP user, then 403 in plain words and no record', async () => {
      const answer = await call(world.api, 'GET', '/api/erp/records?q=fabri', await world.token('megan'));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        reason: 'no_erp_user',
        detail: expect.stringContaining('megan@contoso.example'),
      });
      expect(answer.body).not.toHaveProperty('records');
    });

    it('when the person must reconnect, then 409 needs-reconnect and the ERP is not asked', async () => {
      const adele = await world.mailbox('adele');
      await world.store.mailboxes.setStatus(adele.id, 'needs_reconnect', 'test');
      try {
        const untouched = tripwire();
        const answer = await call(world.api, 'GET', '/api/erp/records?q=fabri', await world.token('adele'));
        expect(answer.status).toBe(409);
        expect(untouched()).toBe(true);
      } finally {
        await world.store.mailboxes.setStatus(adele.id, 'connected');
      }
    });

    it('when a connected person with an ERP user searches, then their mailbox is linked to that user', async () => {
      const answer = await call(world.api, 'GET', '/api/erp/records?q=fabri', await world.token('adele'));
      expect(answer.status).toBe(200);
      const adeleUser = await world.erp.findUser('adele@contoso.example');
      expect((await world.mailbox('adele')).erpUserId).toBe(adeleUser?.id);
    });
  });
});
