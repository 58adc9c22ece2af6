/**
 * The pane's Odoo calls act for the person with the person's own Odoo rights (issue 18, Must 2), on real Odoo 19,
 * both protocols: with Adele's own key (a salesperson, "Own Documents Only") she finds her lead and not Ben's, and
 * Ben's lead is not a record she may link; without a key, or with one Odoo refuses, the call is the person's
 * refusal; a salesperson creates a lead (with its external id, through `load`: Odoo refuses her ir.model.data
 * directly); under `personCompanies` the integration user reads only in the person's companies.
 */
import { PersonRightsError } from '../../../../server/erp/errors';
import type { ErpPort, ErpUser, PersonErp } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS, OdooCallError, type OdooUser } from '../../../support/real-odoo';

const SALESPERSON = ['base.group_user', 'sales_team.group_sale_salesman'];
const INTEGRATION = ['base.group_user', 'base.group_partner_manager', 'sales_team.group_sale_salesman_all_leads'];

describeRealOdoo('pane calls with the person’s Odoo rights', ({ protocol, db, adapter: makeAdapter }) => {
  let integration: OdooUser;
  let adeleInOdoo: OdooUser;
  let benInOdoo: OdooUser;
  let adapter: ErpPort;
  let adele: ErpUser;
  let ben: ErpUser;
  let asAdele: PersonErp;
  let adelesLead: number;
  let bensLead: number;
  const refused: string[] = [];

  beforeAll(async () => {
    integration = await db().createUser({ login: `sync.rights.${protocol}@contoso.example`, groups: INTEGRATION });
    adeleInOdoo = await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', groups: SALESPERSON });
    benInOdoo = await db().createUser({ login: 'ben@contoso.example', name: 'Ben Walters', groups: SALESPERSON });
    const keys = {
      keyFor: ({ login }: { login: string }) =>
        Promise.resolve(
          login === adeleInOdoo.login ? adeleInOdoo.apiKey : login === benInOdoo.login ? 'not-a-key' : null,
        ),
      refused: ({ login }: { login: string }) => Promise.resolve(void refused.push(login)),
    };
    adapter = makeAdapter({ login: integration.login, apiKey: integration.apiKey, personKeys: keys });
    adele = (await adapter.findUser(adeleInOdoo.login)) as ErpUser;
    ben = (await adapter.findUser(benInOdoo.login)) as ErpUser;
    [adelesLead, bensLead] = (await db().call<number[]>('crm.lead', 'create', {
      vals_list: [
        { name: `Rights ${protocol}: Adele's renewal`, type: 'opportunity', user_id: adeleInOdoo.id },
        { name: `Rights ${protocol}: Ben's renewal`, type: 'opportunity', user_id: benInOdoo.id },
      ],
    })) as [number, number];
    asAdele = await adapter.actingFor(adele, 'personKey');
  }, HOOK_TIMEOUT_MS);

  test('when Adele searches with her own key, then she finds her lead and not Ben’s', async () => {
    const names = (await asAdele.searchLinkable(`Rights ${protocol}`, 20)).map((r) => r.name);
    expect(names).toContain(`Rights ${protocol}: Adele's renewal`);
    expect(names).not.toContain(`Rights ${protocol}: Ben's renewal`);
  });

  test('when Adele links Ben’s lead, then Odoo does not confirm it; her own lead it does', async () => {
    await expect(asAdele.findLinkable('crm.lead', String(bensLead))).resolves.toBeNull();
    await expect(asAdele.findLinkable('crm.lead', String(adelesLead))).resolves.toMatchObject({
      model: 'crm.lead',
      id: String(adelesLead),
    });
  });

  test('when a person has no key linked, or one Odoo refuses, then the call is refused as theirs', async () => {
    const megan = await db().createUser({ login: 'megan@contoso.example', groups: SALESPERSON });
    const meganUser = (await adapter.findUser(megan.login)) as ErpUser;
    const none = await adapter.actingFor(meganUser, 'personKey').catch((e: unknown) => e);
    expect(none).toBeInstanceOf(PersonRightsError);
    expect(none).toMatchObject({ reason: 'key_required' });
    const asBen = await adapter.actingFor(ben, 'personKey');
    const bad = await asBen.searchLinkable('Rights', 5).catch((e: unknown) => e);
    expect(bad).toMatchObject({ reason: 'key_refused' });
    expect(refused).toContain(benInOdoo.login);
  });

  test('when Adele creates a lead twice with one key, then Odoo holds one lead, hers; ir.model.data itself is refused to her', async () => {
    const lead = {
      title: `Rights ${protocol}: new lead`,
      contactName: 'Newcomer',
      email: `new.${protocol}@rights.example`,
    };
    const made = await asAdele.createLead(lead, `rights-${protocol}-1`);
    expect((await asAdele.createLead(lead, `rights-${protocol}-1`)).id).toBe(made.id);
    const [row] = await db().call<Array<{ create_uid: [number, string] }>>('crm.lead', 'read', {
      ids: [Number(made.id)],
      fields: ['create_uid'],
    });
    expect(row?.create_uid[0]).toBe(adeleInOdoo.id);
    const direct = db()
      .call(
        'ir.model.data',
        'create',
        {
          vals_list: [{ module: 'x', name: `y_${protocol}`, model: 'crm.lead', res_id: Number(made.id) }],
        },
        adeleInOdoo.apiKey,
      )
      .catch((e: unknown) => e);
    expect(await direct).toBeInstanceOf(OdooCallError);
    expect(await direct).toMatchObject({ odooName: expect.stringContaining('AccessError') });
  });

  test('when the tenant chose personCompanies, then the integration user reads only in the person’s companies', async () => {
    const [other] = await db().call<number[]>('res.company', 'create', {
      vals_list: [{ name: `Litware ${protocol}` }],
    });
    await db().call('res.users', 'write', { ids: [integration.id], vals: { company_ids: [[4, other]] } });
    await db().call('res.partner', 'create', {
      vals_list: [{ name: `Rights ${protocol}: Litware customer`, is_company: true, company_id: other }],
    });
    const inHers = await adapter.actingFor(adele, 'personCompanies');
    const names = (await inHers.searchLinkable(`Rights ${protocol}`, 20)).map((r) => r.name);
    expect(names).not.toContain(`Rights ${protocol}: Litware customer`);
    // The integration user's own rights, not Adele's, apply otherwise: it sees Ben's lead (All Documents).
    expect(names).toContain(`Rights ${protocol}: Ben's renewal`);
    await db().call('res.users', 'write', { ids: [adeleInOdoo.id], vals: { company_ids: [[4, other]] } });
    const again = await adapter.actingFor(adele, 'personCompanies');
    const now = (await again.searchLinkable(`Rights ${protocol}`, 20)).map((r) => r.name);
    expect(now).toContain(`Rights ${protocol}: Litware customer`);
  });
});
