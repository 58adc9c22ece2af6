/**
 * The record rules a person's own key meets in Odoo 19, for the models the pane reads: the multi-company rules
 * (`company_id` empty or among the companies the call may use: context `allowed_company_ids`, which must be the
 * user's own, else the user's companies) and Sales' "Personal Leads" / "Personal Orders" (a salesperson with "Own
 * Documents Only" sees their own and unassigned ones; "All Documents" sees all; no Sales right reads nothing).
 * Superuser mode (the seed) and the administrator pass. Not modelled: any other rule or group.
 */
import type { Env } from '../env';
import { OdooFault } from '../errors';
import type { Row } from './types';

export type SalesRights = 'own' | 'all' | 'none';

/** Models whose `company_id` the multi-company rules check. */
export const COMPANY_MODELS = new Set(['res.partner', 'crm.lead', 'sale.order']);
/** Models Sales' "Personal" rules and access rights cover. */
export const SALES_MODELS = new Set(['crm.lead', 'sale.order']);

function superuser(env: Env): boolean {
  return env.context.__sudo === true;
}

function userCompanies(env: Env): number[] {
  return (env.db.row('res.users', env.uid)?.company_ids as number[] | undefined) ?? [];
}

/** `env.companies`: the context's allowed_company_ids, refused when not the user's own, else the user's companies. */
export function companiesOf(env: Env): number[] {
  const own = userCompanies(env);
  const asked = env.context.allowed_company_ids;
  if (!Array.isArray(asked) || asked.length === 0) return own;
  const ids = asked.map(Number);
  if (!superuser(env) && ids.some((id) => !own.includes(id)))
    throw new OdooFault('odoo.exceptions.AccessError', 'Access to unauthorized or invalid companies.');
  return ids;
}

export function salesRightsOf(env: Env): SalesRights {
  if (superuser(env)) return 'all';
  return env.db.salesRights.get(env.uid) ?? 'all';
}

/** Odoo's access rights of Sales: a user without a Sales group may not read leads or orders at all. */
export function checkSalesAccess(env: Env, model: string): void {
  if (!SALES_MODELS.has(model) || salesRightsOf(env) !== 'none') return;
  const description = env.db.model(model).description;
  throw new OdooFault(
    'odoo.exceptions.AccessError',
    `You are not allowed to access '${description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n\t- Sales/User: Own Documents Only`,
  );
}

/** Whether the rules let the caller read `row` of `model` (`companies`: companiesOf(env), asked once per call). */
export function readable(env: Env, model: string, row: Row, companies: number[]): boolean {
  if (superuser(env)) return true;
  if (COMPANY_MODELS.has(model) && row.company_id && !companies.includes(Number(row.company_id))) return false;
  if (SALES_MODELS.has(model) && salesRightsOf(env) === 'own') {
    return !row.user_id || Number(row.user_id) === env.uid;
  }
  return true;
}

/** Odoo's answer to a `read` of records the rules hide (search leaves them out instead). */
export function ruleRefusal(model: string, description: string, ids: number[]): OdooFault {
  return new OdooFault(
    'odoo.exceptions.AccessError',
    `Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, you are not allowed to access ` +
      `this document (${description}, ${model}, ids ${ids.join(', ')}).`,
  );
}
