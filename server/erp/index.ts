/**
 * The public API of server/erp shared by every ERP adapter: the port the engine talks to, the ERP errors in one
 * shape, and the customer address lookup. Adapters live in odoo/ and rest/, each with its own index.
 */
export * from './port';
export * from './errors';
export * from './customer-address';
export { checkErpAtStartup, type StartupCheckLog } from './startup-check';
