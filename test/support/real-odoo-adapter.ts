/** The product's Odoo adapter on a real Odoo database, over a given protocol, as the engine and suites build it. */
import type { CustomerAddressLookup } from '../../server/erp/customer-address';
import { createOdooAdapter, type OdooAdapterConfig } from '../../server/erp/odoo';
import type { ErpPort } from '../../server/erp/port';
import type { Connection } from './real-odoo/database';

export type AdapterOverrides = Partial<OdooAdapterConfig>;

export function realOdooAdapter(
  connection: Connection,
  protocol: 'json2' | 'jsonrpc',
  overrides: AdapterOverrides = {},
): ErpPort & CustomerAddressLookup {
  return createOdooAdapter({
    url: connection.url,
    database: connection.db,
    login: connection.login,
    apiKey: connection.apiKey,
    protocol,
    clock: { now: () => new Date() },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 20_000,
    ...overrides,
  });
}
