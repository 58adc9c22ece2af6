/**
 * The pane's Odoo calls against real Odoo 19 (both protocols): Set Regarding over partners, their contacts,
 * opportunities and quotations (found by the customer's name too), attendees' contacts by e-mail, and a missing
 * attendee made a contact (once) and a lead (once per key).
 */
import type { ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS } from '../../../support/real-odoo';

describeRealOdoo('pane: Regarding search, contacts and leads on real Odoo', ({ protocol, db, adapter }) => {
  const company = `Contoso Regarding ${protocol}`;
  /** The pane's calls for the administrator, as the integration user in their companies (paneRights personCompanies). */
  const pane = async () => adapter().actingFor((await adapter().findUser('admin')) as ErpUser, 'personCompanies');

  beforeAll(async () => {
    const [companyId] = await db().call<number[]>('res.partner', 'create', {
      vals_list: [{ name: company, is_company: true, email: `info.${protocol}@regarding.example` }],
    });
    await db().call('res.partner', 'create', {
      vals_list: [
        { name: `Rita Person ${protocol}`, email: `rita.${protocol}@regarding.example`, parent_id: companyId },
      ],
    });
    await db().call('crm.lead', 'create', {
      vals_list: [{ name: `Fleet renewal ${protocol}`, type: 'opportunity', partner_id: companyId }],
    });
    await db().call('sale.order', 'create', { vals_list: [{ partner_id: companyId }] });
  }, HOOK_TIMEOUT_MS);

  test('when the customer is searched, then its contact, opportunity and quotation come back typed, with the customer', async () => {
    const found = await (await pane()).searchLinkable(company, 20);
    const byType = (type: string) => found.filter((r) => r.type === type);
    expect(byType('customer').map((r) => r.name)).toContain(company);
    expect(byType('contact')).toEqual([
      expect.objectContaining({
        name: `Rita Person ${protocol}`,
        customer: expect.objectContaining({ name: company }),
      }),
    ]);
    expect(byType('opportunity')).toEqual([
      expect.objectContaining({
        name: `Fleet renewal ${protocol}`,
        customer: expect.objectContaining({ name: company }),
      }),
    ]);
    expect(byType('quotation')).toEqual([
      expect.objectContaining({ model: 'sale.order', customer: expect.objectContaining({ name: company }) }),
    ]);
  });

  test('when attendees are looked up by e-mail (any case), then the contact comes with its company', async () => {
    const contacts = await (
      await pane()
    ).findContacts([`RITA.${protocol}@Regarding.example`, 'nobody@regarding.example']);
    expect(contacts).toEqual([
      expect.objectContaining({
        name: `Rita Person ${protocol}`,
        company,
        email: `rita.${protocol}@regarding.example`,
      }),
    ]);
  });

  test('when a missing attendee is added twice and given a lead twice with one key, then Odoo holds one of each', async () => {
    const email = `newcomer.${protocol}@regarding.example`;
    const first = await (await pane()).createContact({ name: 'Newcomer', email });
    expect((await (await pane()).createContact({ name: 'Newcomer again', email })).id).toBe(first.id);
    const lead = { title: `Meeting with Newcomer ${protocol}`, contactName: 'Newcomer', email };
    const made = await (await pane()).createLead(lead, `key-${protocol}-1`);
    expect(made).toMatchObject({
      model: 'crm.lead',
      type: 'lead',
      customer: expect.objectContaining({ id: first.id }),
    });
    expect((await (await pane()).createLead(lead, `key-${protocol}-1`)).id).toBe(made.id);
    const leads = await db().call<number[]>('crm.lead', 'search', { domain: [['email_from', '=', email]] });
    expect(leads).toHaveLength(1);
  });
});
