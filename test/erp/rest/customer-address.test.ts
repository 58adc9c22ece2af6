/** The REST adapter's customer addresses (`/customers/{id}`) against the reference ERP. */
import type { CustomerAddresses } from '../../../server/core/customer-details';
import type { ErpLink } from '../../../server/core/model';
import { createRestErpAdapter } from '../../../server/erp/rest';
import { startRestErp, type RunningRestErp } from '../../../sandbox/rest-erp/server';

describe('customer addresses from the reference ERP', () => {
  let erp: RunningRestErp;
  let customerAddress: (link: ErpLink) => Promise<CustomerAddresses | null>;

  beforeAll(async () => {
    erp = await startRestErp();
    const adapter = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token } });
    customerAddress = adapter.customerAddress.bind(adapter);
  });
  afterAll(() => erp.stop());

  it('when a customer has both addresses, then both come back', async () => {
    expect(await customerAddress({ model: 'customer', id: 'cust-fabrikam' })).toEqual({
      name: 'Fabrikam Inc.',
      billTo: { street: '1 Finance Way', city: 'Seattle', postalCode: '98101', region: 'WA', country: 'US' },
      shipTo: { street: '200 Plant Road', city: 'Redmond', postalCode: '98052', region: 'WA', country: 'US' },
    });
  });

  it('when ship-to is "same as bill-to" (null), then only bill-to comes back', async () => {
    expect(await customerAddress({ model: 'customer', id: 'cust-northwind' })).toEqual({
      name: 'Northwind Traders',
      billTo: { street: '12 Harbour Street', city: 'Lyon', postalCode: '69002', country: 'FR' },
    });
  });

  it('when the link is not a customer, or the customer is unknown, then the answer is null', async () => {
    expect(await customerAddress({ model: 'task', id: 'task-101' })).toBeNull();
    expect(await customerAddress({ model: 'customer', id: 'cust-nobody' })).toBeNull();
  });
});
