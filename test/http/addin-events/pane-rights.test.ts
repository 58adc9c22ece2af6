/**
 * The pane's ERP calls act for the connected person with that person's Odoo rights (issue 18, Must 2), against the
 * Odoo emulator: without a linked key they answer 403 `erp-key-required` in the person's words; with Adele's key she
 * finds only what Odoo lets her see (her own and unassigned leads, not Ben's) and cannot link what she may not read;
 * a key Odoo refuses is the person's problem; under `paneRights: personCompanies` the integration user reads only in
 * the person's companies.
 */
import type { EventStatus, LinkableRecordsResponse } from '../../../contract/addin-api';
import { call, createEvent, eventPath, send, startWorld, type World } from './helpers';

let world: World;
let bensLead: number;
let adelesLead: number;
let otherCompanyPartner: number;

const KEY_REQUIRED = 'https://outlook-erp-sync.dev/problems/erp-key-required';

beforeAll(async () => {
  world = await startWorld({ linkKeys: false });
  const ben = world.odoo.control.createUser({ login: 'ben@contoso.example', name: 'Ben Walters', sales: 'own' });
  const adeleUid = Number((await world.erp.findUser('adele@contoso.example'))?.id);
  [bensLead, adelesLead] = world.odoo.control.createRecords('crm.lead', [
    { name: 'Rights: Ben’s renewal', type: 'opportunity', user_id: ben.uid },
    { name: 'Rights: Adele’s renewal', type: 'opportunity', user_id: adeleUid },
  ]) as [number, number];
  const [litware] = world.odoo.control.createRecords('res.company', [{ name: 'Litware' }]);
  [otherCompanyPartner] = world.odoo.control.createRecords('res.partner', [
    { name: 'Rights: Litware customer', is_company: true, company_id: litware },
  ]) as [number];
});

afterAll(async () => {
  await world.stop();
});

function search(who: 'adele' | 'megan', q = 'Rights') {
  return world
    .token(who)
    .then((token) =>
      call<LinkableRecordsResponse>(world.api, 'GET', `/api/erp/records?q=${encodeURIComponent(q)}`, token),
    );
}

async function linkKey(apiKey: string) {
  return send(world, 'PUT', '/api/erp/private-key', await world.token('adele'), { apiKey });
}

async function setPolicy(paneRights: 'personKey' | 'personCompanies') {
  const tenantId = (await world.mailbox('adele')).tenantId;
  const tenant = await world.store.tenants.get(tenantId);
  if (!tenant) throw new Error('Adele has no tenant');
  const { name, authMode } = tenant;
  await world.store.tenants.upsert({ id: tenantId, name, authMode, policy: { ...tenant.policy, paneRights } });
}

describe('the pane acts with the person’s own Odoo rights (paneRights: personKey, the default)', () => {
  it('when Adele has linked no key, then searching, looking up contacts and creating leads answer 403 erp-key-required in her words', async () => {
    const token = await world.token('adele');
    const answers = [
      await search('adele'),
      await send(world, 'POST', '/api/erp/contacts/lookup', token, { emails: ['alex@fabrikam.example'] }),
      await send(world, 'POST', '/api/erp/leads', token, {
        title: 'Meeting',
        contactName: 'Newcomer',
        email: 'newcomer@example.com',
        idempotencyKey: 'rights-lead-1',
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      const body = answer.body as Record<string, unknown>;
      expect(body).toMatchObject({ type: KEY_REQUIRED, reason: 'key_required', action: 'link your Odoo key' });
      expect(String(body.detail)).toContain('Link your Odoo key');
      expect(String(body.detail)).not.toContain('integration');
    }
    const state = await call(world.api, 'GET', '/api/erp/private-key', token);
    expect(state.body).toEqual({ state: 'missing', forPane: true });
  });

  it('when Adele links her key, then she finds her own lead and not Ben’s, and a link to Ben’s lead is refused', async () => {
    expect((await linkKey(world.odoo.users.adele.apiKey)).status).toBe(200);
    const found = await search('adele');
    expect(found.status).toBe(200);
    const names = found.body.records.map((r) => r.name);
    expect(names).toContain('Rights: Adele’s renewal');
    expect(names).not.toContain('Rights: Ben’s renewal');
    const event = await createEvent(world, 'adele', 'Renewal call');
    const token = await world.token('adele');
    const refused = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), token, {
      track: true,
      link: { model: 'crm.lead', id: String(bensLead) },
    });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('that you can link to');
    const allowed = await send<EventStatus>(world, 'PUT', eventPath(event.id, '/tracking'), token, {
      track: true,
      link: { model: 'crm.lead', id: String(adelesLead) },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.link).toMatchObject({ model: 'crm.lead', id: String(adelesLead) });
  });

  it('when Odoo no longer accepts Adele’s key, then the pane hears erp-key-required (key refused) and her card says refused', async () => {
    world.odoo.control.revokeApiKeys('adele@contoso.example');
    const answer = await search('adele');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: KEY_REQUIRED, reason: 'key_refused' });
    expect(String((answer.body as unknown as Record<string, unknown>).detail)).toContain(
      'no longer accepts the API key you linked',
    );
    const state = await call(world.api, 'GET', '/api/erp/private-key', await world.token('adele'));
    expect(state.body).toEqual({ state: 'refused', forPane: true });
  });
});

describe('paneRights: personCompanies', () => {
  beforeAll(() => setPolicy('personCompanies'));
  afterAll(() => setPolicy('personKey'));

  it('when the tenant chose personCompanies, then Adele searches without a key, only in her companies', async () => {
    const answer = await search('adele');
    expect(answer.status).toBe(200);
    const ids = answer.body.records.map((r) => `${r.model}:${r.id}`);
    expect(ids).not.toContain(`res.partner:${otherCompanyPartner}`);
    const state = await call(world.api, 'GET', '/api/erp/private-key', await world.token('adele'));
    expect(state.body).toMatchObject({ forPane: false });
  });

  it('when Adele is given the other company too, then its customer is found', async () => {
    const [litware] = world.odoo.control.createRecords('res.company', [{ name: 'Litware 2' }]);
    const uid = Number((await world.erp.findUser('adele@contoso.example'))?.id);
    // The integration user (the administrator) must work in a company for the person to be shown it there.
    world.odoo.control.act('admin', 'res.users', 'write', [[uid, 2], { company_ids: [[4, litware]] }], {});
    const [partner] = world.odoo.control.createRecords('res.partner', [
      { name: 'Rights: Litware 2 customer', is_company: true, company_id: litware },
    ]);
    const answer = await search('adele');
    expect(answer.body.records.map((r) => `${r.model}:${r.id}`)).toContain(`res.partner:${partner}`);
  });
});
