/** The Odoo adapter's customer addresses against the Odoo emulator: partners, documents' partners, other links. */
import { startOdooEmulator, type OdooEmulator } from '../../../sandbox/odoo/server';
import { createOdooAdapter } from '../../../server/erp/odoo';
import type { PersonErp } from '../../../server/erp/port';

describe('customer addresses from Odoo', () => {
  let odoo: OdooEmulator;
  let adapter: ReturnType<typeof createOdooAdapter>;
  let fabrikamId: string;
  /** The picker as the administrator, to find the records' ids. */
  let search: PersonErp;

  beforeAll(async () => {
    odoo = await startOdooEmulator({ version: '19.0' });
    adapter = createOdooAdapter({
      url: odoo.url,
      database: odoo.database,
      login: odoo.users.admin.login,
      apiKey: odoo.users.admin.apiKey,
      protocol: 'auto',
      clock: { now: () => new Date() },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    const admin = await adapter.findUser(odoo.users.admin.email);
    search = await adapter.actingFor(admin!, 'personCompanies');
    const [fabrikam] = await search.searchLinkable('Fabrikam, Inc.', 1);
    fabrikamId = fabrikam!.id;
  });
  afterAll(() => odoo.stop());

  const FABRIKAM = {
    name: 'Fabrikam, Inc.',
    billTo: { street: '1 Rue de la Paix', postalCode: '75002', city: 'Paris', country: 'France' },
  };

  it('when the link is a partner, then its own address is the bill-to address (ship-to: the same)', async () => {
    expect(await adapter.customerAddress({ model: 'res.partner', id: fabrikamId })).toEqual(FABRIKAM);
  });

  it('when the link is a sale order, then the address is its customer’s', async () => {
    const [order] = await search.searchLinkable('S00001', 5);
    expect(order?.model).toBe('sale.order');
    expect(await adapter.customerAddress({ model: 'sale.order', id: order!.id })).toEqual(FABRIKAM);
  });

  it('when the partner has only a city and country, then the address holds just those (blank parts stay blank)', async () => {
    const [alex] = await search.searchLinkable('Alex Wilber', 1);
    expect(await adapter.customerAddress({ model: 'res.partner', id: alex!.id })).toEqual({
      name: 'Alex Wilber',
      billTo: { street: '', postalCode: '', city: 'Paris', country: 'France' },
    });
  });

  it('when the link names no customer or a record that is gone, then the answer is null', async () => {
    expect(await adapter.customerAddress({ model: 'project.task', id: '1' })).toBeNull();
    expect(await adapter.customerAddress({ model: 'res.partner', id: '999999' })).toBeNull();
    expect(await adapter.customerAddress({ model: 'res.partner', id: 'not-a-number' })).toBeNull();
  });
});
