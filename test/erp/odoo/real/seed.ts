/**
 * What the real-Odoo adapter suites find in a fresh database, made through Odoo's external API as a person would in
 * Odoo's UI: Adele (an internal user in Paris), customers with addresses, a CRM opportunity and two sale orders.
 */
import type { OdooUser, RealOdooDatabase } from '../../../support/real-odoo';

export interface Seeded {
  adele: OdooUser;
  fabrikamId: number;
  alexId: number;
  leadId: number;
  orders: { fabrikam: number; tailspin: number };
}

export async function seed(db: RealOdooDatabase): Promise<Seeded> {
  const adele = await db.createUser({
    login: 'adele@contoso.example',
    name: 'Adele Vance',
    tz: 'Europe/Paris',
    groups: ['base.group_user', 'sales_team.group_sale_salesman'],
  });
  const france = await db.ref('base.fr');
  const [fabrikamId, alexId, tailspinId] = await db.call<number[]>('res.partner', 'create', {
    vals_list: [
      {
        name: 'Fabrikam, Inc.',
        is_company: true,
        email: 'contact@fabrikam.example',
        street: '1 Rue de la Paix',
        zip: '75002',
        city: 'Paris',
        country_id: france,
      },
      { name: 'Alex Wilber', email: 'alex@fabrikam.example', city: 'Paris', country_id: france },
      { name: 'Tailspin Toys', is_company: true, email: 'hello@tailspin.example' },
    ],
  });
  const [leadId] = await db.call<number[]>('crm.lead', 'create', {
    vals_list: [{ name: 'Fabrikam: 40 standing desks', partner_id: fabrikamId, type: 'opportunity' }],
  });
  const [fabrikamOrder, tailspinOrder] = await db.call<number[]>('sale.order', 'create', {
    vals_list: [{ partner_id: fabrikamId }, { partner_id: tailspinId }],
  });
  await db.call('sale.order', 'action_confirm', { ids: [fabrikamOrder] });
  return {
    adele,
    fabrikamId: fabrikamId as number,
    alexId: alexId as number,
    leadId: leadId as number,
    orders: { fabrikam: fabrikamOrder as number, tailspin: tailspinOrder as number },
  };
}
