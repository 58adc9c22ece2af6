/**
 * The ERP adapter named by ERP_KIND, built from configuration: composition, so adapters themselves never read
 * configuration. Used by compose.ts (backend, worker, sync CLI).
 */
import type { Config } from './config';
import { AppError } from './errors';
import { createOdooAdapter } from './erp/odoo';
import type { ErpPort } from './erp';
import { createRestErpAdapter } from './erp/rest';
import type { Logger } from './logger';
import type { PersonKeys } from './erp/odoo';

function required(config: Config, name: keyof Config): string {
  const value = config[name];
  if (typeof value !== 'string' || value === '') throw new AppError('config', `${String(name)} must be set to sync.`);
  return value;
}

/** `personKeys`: people's own Odoo keys for their private events (the REST contract needs none). */
export function erpFromConfig(config: Config, logger: Logger, personKeys?: PersonKeys): ErpPort {
  const clock = { now: () => new Date() };
  if (config.ERP_KIND === 'rest') {
    const token = required(config, 'REST_ERP_TOKEN');
    return createRestErpAdapter({ baseUrl: required(config, 'REST_ERP_URL'), auth: { kind: 'bearer', token } });
  }
  return createOdooAdapter({
    url: required(config, 'ODOO_URL'),
    database: required(config, 'ODOO_DATABASE'),
    login: required(config, 'ODOO_LOGIN'),
    apiKey: required(config, 'ODOO_API_KEY'),
    // Cast: widens the parsed enum (auto | jsonrpc | json2) for the ?? default.
    protocol: (config.ODOO_PROTOCOL as 'auto' | undefined) ?? 'auto',
    clock,
    logger,
    ...(personKeys ? { personKeys } : {}),
  });
}
