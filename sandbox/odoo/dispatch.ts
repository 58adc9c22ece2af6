/**
 * One model-method call, whichever protocol carried it: JSON-RPC's positional `args` + `kwargs` and JSON-2's
 * named body are both turned into named parameters, then the ORM method runs.
 */
import type { Env } from './env';
import { OdooFault } from './errors';
import { load } from './load';
import {
  ADMIN_UID,
  copy,
  create,
  defaultGet,
  fieldsGet,
  nameSearch,
  read,
  search,
  searchRead,
  unlink,
  write,
} from './orm';

/** Positional parameter names of each method (record methods take `ids` first, as execute_kw does). */
export const SIGNATURES: Record<string, string[]> = {
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  read: ['ids', 'fields', 'load'],
  create: ['vals_list'],
  write: ['ids', 'vals'],
  unlink: ['ids'],
  copy: ['ids', 'default'],
  fields_get: ['allfields', 'attributes'],
  name_search: ['name', 'domain', 'operator', 'limit'],
  load: ['fields', 'data'],
  check_access_rights: ['operation', 'raise_exception'],
  context_get: [],
  default_get: ['fields'],
  has_group: ['ids', 'group_ext_id'],
  get_external_id: ['ids'],
};

/** Methods that take more keywords than they name (`search_read` passes the rest to `read`). */
const OPEN_ENDED = new Set(['search_read']);

/**
 * What Odoo 19 answers before a method runs, per protocol (addons/rpc/controllers/json2.py, odoo/service/model.py):
 * an unknown model or method is a 404 on JSON-2, a UserError / AttributeError on JSON-RPC; a keyword the method does
 * not take is a 422 on JSON-2 (a TypeError where the method passes keywords on), a TypeError on JSON-RPC.
 */
export function checkCall(
  env: Env,
  protocol: 'json2' | 'jsonrpc',
  model: string,
  method: string,
  named: Record<string, unknown>,
): void {
  if (!env.db.models.has(model)) {
    if (protocol === 'json2')
      throw new OdooFault('werkzeug.exceptions.NotFound', `the model '${model}' does not exist`);
    throw new OdooFault('odoo.exceptions.UserError', `Object ${model} doesn't exist`);
  }
  if (method.startsWith('_')) return; // callMethod refuses it as Odoo does
  const names = SIGNATURES[method];
  if (!names) {
    const message = `The method '${method}' does not exist on the model '${model}'`;
    throw new OdooFault(protocol === 'json2' ? 'werkzeug.exceptions.NotFound' : 'builtins.AttributeError', message);
  }
  const unexpected = Object.keys(named).find((name) => name !== 'ids' && !names.includes(name));
  if (unexpected === undefined) return;
  const message = `${method}() got an unexpected keyword argument '${unexpected}'`;
  if (protocol === 'json2' && !OPEN_ENDED.has(method))
    throw new OdooFault('werkzeug.exceptions.UnprocessableEntity', message);
  throw new OdooFault('builtins.TypeError', message);
}

export function positionalToNamed(
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  const names = SIGNATURES[method] ?? [];
  const named: Record<string, unknown> = {};
  args.forEach((value, i) => {
    const name = names[i];
    if (name === undefined)
      throw new OdooFault(
        'builtins.TypeError',
        `${method}() takes ${names.length} positional arguments but ${args.length} were given`,
      );
    named[name] = value;
  });
  return { ...named, ...kwargs };
}

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(Number);
const list = (value: unknown): string[] | null => (Array.isArray(value) ? (value as string[]) : null);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function callMethod(env: Env, model: string, method: string, p: Record<string, unknown>): unknown {
  if (method.startsWith('_')) {
    throw new OdooFault(
      'odoo.exceptions.AccessError',
      `Private methods (such as '${model}.${method}') cannot be called remotely.`,
    );
  }
  env.db.model(model);
  switch (method) {
    case 'search':
      return search(env, model, p.domain, { offset: num(p.offset), limit: num(p.limit), order: str(p.order) });
    case 'search_count':
      return search(env, model, p.domain, { limit: num(p.limit) }).length;
    case 'search_read':
      return searchRead(env, model, p.domain, list(p.fields), {
        offset: num(p.offset),
        limit: num(p.limit),
        order: str(p.order),
      });
    case 'read':
      return read(env, model, ids(p.ids), list(p.fields));
    case 'create': {
      const single = !Array.isArray(p.vals_list);
      const created = create(env, model, (single ? [p.vals_list] : p.vals_list) as Record<string, unknown>[]);
      return single ? created[0] : created;
    }
    case 'write': {
      const vals = p.vals ?? (Array.isArray(p.vals_list) ? p.vals_list[0] : undefined);
      return write(env, model, ids(p.ids), (vals ?? {}) as Record<string, unknown>);
    }
    case 'unlink':
      return unlink(env, model, ids(p.ids));
    case 'copy':
      return copy(env, model, ids(p.ids), (p.default ?? {}) as Record<string, unknown>);
    case 'fields_get':
      return fieldsGet(env, model, list(p.allfields), list(p.attributes));
    case 'name_search':
      return nameSearch(env, model, str(p.name) ?? '', p.domain ?? [], num(p.limit));
    case 'load':
      return load(env, model, list(p.fields) ?? [], (p.data ?? []) as unknown[][]);
    case 'default_get':
      return defaultGet(env, model, list(p.fields) ?? []);
    case 'has_group':
      return hasGroup(env, ids(p.ids)[0] ?? env.uid, str(p.group_ext_id) ?? '');
    case 'get_external_id':
      return externalIds(env, model, ids(p.ids));
    case 'check_access_rights':
      return true;
    case 'context_get': {
      const user = env.db.mustRow('res.users', env.uid);
      return { lang: 'en_US', tz: user.tz || false, uid: env.uid };
    }
    default:
      throw new OdooFault('builtins.AttributeError', `The method '${method}' does not exist on the model '${model}'`);
  }
}

/**
 * The emulator has no groups: the administrator has every group; other users are internal users who may create
 * contacts (Odoo's default for a new internal user), without Settings or Access Rights, with their Sales rights
 * (models/record-rules.ts).
 */
function hasGroup(env: Env, uid: number, xmlid: string): boolean {
  if (uid === ADMIN_UID) return true;
  const sales = env.db.salesRights.get(uid) ?? 'all';
  if (xmlid === 'sales_team.group_sale_salesman') return sales !== 'none';
  if (xmlid === 'sales_team.group_sale_salesman_all_leads') return sales === 'all';
  return ['base.group_user', 'base.group_partner_manager'].includes(xmlid);
}

/** `{id: "module.name"}` for records with an external id (Odoo reads ir.model.data as superuser here). */
function externalIds(env: Env, model: string, recordIds: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of env.db.table('ir.model.data').values()) {
    if (row.model === model && recordIds.includes(Number(row.res_id)))
      out[String(row.res_id)] = `${String(row.module)}.${String(row.name)}`;
  }
  return out;
}
