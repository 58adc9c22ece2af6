/**
 * The ORM methods the external API exposes: search, search_count, search_read, read, create, write, unlink,
 * fields_get, name_search. Model behaviour (attendees, recurrences, mails) lives in the models' hooks.
 */
import { mentionedFields, matches, parseDomain, type DomainHost } from './domain';
import { activeTest, type Env } from './env';
import { missing, OdooFault, validation, valueError } from './errors';
import { checkSalesAccess, companiesOf, readable, ruleRefusal } from './models/record-rules';
import type { ModelDef, Row } from './models/types';
import { copyRow } from './store';
import { applyX2many, displayName, readValue, safeRow, storable, storedValue } from './values';

/** Models only administrators may change (Odoo: base.group_system / base.group_erp_manager). */
const ADMIN_ONLY_WRITES = new Set(['res.users', 'ir.model.data', 'ir.model', 'res.country']);
export const ADMIN_UID = 2;

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: string | null;
}

function host(env: Env): DomainHost {
  return {
    field: (model, name) => (env.db.models.has(model) ? env.db.model(model).fields[name] : undefined),
    row: (model, id) => safeRow(env, model, id),
    value: (model, row, name) => storedValue(env, env.db.model(model), row, name),
    displayName: (model, row) => displayName(env, model, row),
  };
}

export function search(env: Env, model: string, domain: unknown, options: SearchOptions = {}): number[] {
  const def = env.db.model(model);
  checkAccess(env, model, 'read');
  const node = parseDomain(domain ?? []);
  const filterActive = 'active' in def.fields && activeTest(env) && !mentionedFields(node).includes('active');
  const h = host(env);
  const companies = companiesOf(env);
  const rows = [...env.db.table(model).values()].filter(
    (row) =>
      (!filterActive || row.active !== false) && readable(env, model, row, companies) && matches(node, model, row, h),
  );
  rows.sort(comparator(env, def, options.order ?? def.order));
  const offset = options.offset ?? 0;
  const sliced = options.limit ? rows.slice(offset, offset + options.limit) : rows.slice(offset);
  return sliced.map((row) => row.id);
}

function comparator(env: Env, def: ModelDef, order: string): (a: Row, b: Row) => number {
  const terms = order.split(',').map((term) => {
    const [name = 'id', direction = 'asc'] = term.trim().split(/\s+/);
    if (!def.fields[name]) throw valueError(`Invalid "order" specified (${order})`);
    return { name, sign: direction.toLowerCase() === 'desc' ? -1 : 1 };
  });
  terms.push({ name: 'id', sign: 1 });
  return (a, b) => {
    for (const { name, sign } of terms) {
      const x = sortKey(storedValue(env, def, a, name));
      const y = sortKey(storedValue(env, def, b, name));
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return 0;
  };
}

function sortKey(value: unknown): string | number {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value === true) return 1;
  return ''; // empty values sort first, as NULLs do in ascending order... close enough for an emulator
}

export function read(env: Env, model: string, ids: number[], fields?: string[] | null): Record<string, unknown>[] {
  const def = env.db.model(model);
  checkAccess(env, model, 'read');
  const names = fields && fields.length ? fields : Object.keys(def.fields);
  const companies = companiesOf(env);
  // Odoo reads what exists: a missing id is left out, not an error; one the record rules hide is refused.
  const hidden = ids.filter((id) => {
    const row = env.db.row(model, id);
    return row !== undefined && !readable(env, model, row, companies);
  });
  if (hidden.length > 0) throw ruleRefusal(model, def.description, hidden);
  return ids
    .filter((id) => env.db.row(model, id))
    .map((id) => {
      const row = env.db.mustRow(model, id);
      const out: Record<string, unknown> = { id };
      for (const name of names) out[name] = readValue(env, def, row, name);
      def.hooks.maskRead?.(env, row, out, names);
      return out;
    });
}

export function searchRead(
  env: Env,
  model: string,
  domain: unknown,
  fields?: string[] | null,
  options: SearchOptions = {},
): Record<string, unknown>[] {
  return read(env, model, search(env, model, domain, options), fields);
}

/** Odoo's AccessError for an operation the user's groups do not grant (or the control API took away). */
export function checkAccess(env: Env, model: string, operation: 'read' | 'create' | 'write' | 'delete'): void {
  checkSalesAccess(env, model);
  if (env.db.denied.has(`${env.uid}:${model}:${operation}`)) {
    const description = env.db.model(model).description;
    throw new OdooFault(
      'odoo.exceptions.AccessError',
      `You are not allowed to ${operation === 'read' ? 'access' : operation === 'write' ? 'modify' : operation} '${description}' (${model}) records.`,
    );
  }
}

function checkWriteAccess(env: Env, model: string, operation: 'create' | 'write' | 'delete'): void {
  checkAccess(env, model, operation);
  if (ADMIN_ONLY_WRITES.has(model) && env.uid !== ADMIN_UID && env.context.__sudo !== true) {
    const description = env.db.model(model).description;
    throw new OdooFault(
      'odoo.exceptions.AccessError',
      `You are not allowed to ${operation} '${description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n\t- Administration/Settings`,
    );
  }
}

export function create(env: Env, model: string, valsList: Record<string, unknown>[]): number[] {
  checkWriteAccess(env, model, 'create');
  const def = env.db.model(model);
  return valsList.map((vals) => {
    const id = createOne(env, model, vals);
    // Odoo checks record rules on the created record (the call's transaction undoes it when refused).
    def.hooks.checkRule?.(env, env.db.mustRow(model, id), 'create');
    return id;
  });
}

function createOne(env: Env, model: string, input: Record<string, unknown>): number {
  const def = env.db.model(model);
  const vals: Record<string, unknown> = { ...input };
  for (const field of Object.values(def.fields)) {
    if (field.default !== undefined && !(field.name in vals)) {
      vals[field.name] = typeof field.default === 'function' ? field.default(env) : field.default;
    }
  }
  def.hooks.prepare?.(env, vals, null);
  const id = env.db.allocateId(model);
  const row: Row = { id, create_date: env.now, write_date: env.now, create_uid: env.uid, write_uid: env.uid };
  env.db.table(model).set(id, row);
  assign(env, def, row, vals);
  for (const field of Object.values(def.fields)) {
    if (
      field.required &&
      field.stored &&
      (row[field.name] === undefined || row[field.name] === false || row[field.name] === '')
    ) {
      throw validation(
        `The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: ${def.description} (${model})\nField: ${field.string} (${field.name})`,
      );
    }
  }
  def.hooks.afterCreate?.(env, row, vals);
  return id;
}

function assign(env: Env, def: ModelDef, row: Row, vals: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(vals)) {
    const field = def.fields[name];
    if (!field) throw valueError(`Invalid field '${name}' on model '${def.name}'`);
    if (!field.stored || ['id', 'create_date', 'write_date', 'create_uid', 'write_uid'].includes(name)) continue;
    if (field.type === 'many2many' || field.type === 'one2many') {
      const current = (storedValue(env, def, row, name) as number[]) ?? [];
      const ids = applyX2many(env, field, current, value, (m, v) => createChild(env, field.inverseName, row.id, m, v));
      if (field.type === 'many2many') row[name] = ids;
    } else {
      row[name] = storable(env, def, field, value);
    }
  }
}

function createChild(
  env: Env,
  inverse: string | undefined,
  parentId: number,
  model: string,
  vals: Record<string, unknown>,
): number {
  return createOne(env, model, inverse ? { ...vals, [inverse]: parentId } : vals);
}

export function write(env: Env, model: string, ids: number[], input: Record<string, unknown>): true {
  checkWriteAccess(env, model, 'write');
  const def = env.db.model(model);
  const absent = ids.filter((id) => !env.db.row(model, id));
  if (absent.length) throw missing(model, absent);
  if (def.hooks.write?.(env, ids, input)) return true;
  const before = new Map<number, Row>();
  const rows = ids.map((id) => env.db.mustRow(model, id));
  for (const row of rows) def.hooks.checkRule?.(env, row, 'write');
  for (const row of rows) {
    before.set(row.id, copyRow(row));
    const vals = { ...input };
    def.hooks.prepare?.(env, vals, row);
    assign(env, def, row, vals);
    row.write_date = env.now;
    row.write_uid = env.uid;
  }
  def.hooks.afterWrite?.(env, rows, input, before);
  return true;
}

/**
 * Odoo's `copy`: a new record with the stored values of each one (not its one2many rows, automatic fields or the
 * fields declared `copy=False`), overridden by `default`; answers the new ids (Odoo 19 answers a list). Attendees
 * of a calendar.event are made again from its partners, as Odoo's calendar.event.copy does.
 */
export function copy(env: Env, model: string, ids: number[], overrides: Record<string, unknown>): number[] {
  const def = env.db.model(model);
  const absent = ids.filter((id) => !env.db.row(model, id));
  if (absent.length) throw missing(model, absent);
  const automatic = ['id', 'create_date', 'write_date', 'create_uid', 'write_uid'];
  const valsList = ids.map((id) => {
    const row = env.db.mustRow(model, id);
    const vals: Record<string, unknown> = {};
    for (const field of Object.values(def.fields)) {
      if (!field.stored || field.copy === false || field.type === 'one2many' || automatic.includes(field.name))
        continue;
      if (!(field.name in row)) continue;
      const value = row[field.name];
      vals[field.name] = field.type === 'many2many' ? [[6, 0, value ?? []]] : value;
    }
    return { ...vals, ...overrides };
  });
  return create(env, model, valsList);
}

export function unlink(env: Env, model: string, ids: number[]): true {
  checkWriteAccess(env, model, 'delete');
  const def = env.db.model(model);
  const absent = ids.filter((id) => !env.db.row(model, id));
  if (absent.length) throw missing(model, absent);
  const rows = ids.map((id) => env.db.mustRow(model, id));
  for (const row of rows) def.hooks.checkRule?.(env, row, 'unlink');
  def.hooks.beforeUnlink?.(env, rows);
  for (const row of rows) {
    env.db.table(model).delete(row.id);
    cascade(env, model, row.id);
  }
  return true;
}

/** Deletes one2many children (ondelete cascade) and the external ids of a deleted record, as Odoo does. */
function cascade(env: Env, model: string, id: number): void {
  for (const def of env.db.models.values()) {
    for (const field of Object.values(def.fields)) {
      if (field.type === 'one2many' && def.name === model && field.relation && field.inverseName) {
        const inverse = field.inverseName;
        for (const child of [...env.db.table(field.relation).values()]) {
          if (child[inverse] === id) env.db.table(field.relation).delete(child.id);
        }
      }
    }
  }
  for (const xmlid of [...env.db.table('ir.model.data').values()]) {
    if (xmlid.model === model && xmlid.res_id === id) env.db.table('ir.model.data').delete(xmlid.id);
  }
}

/**
 * Defaults of `fields` for a new record: a `default_<field>` in the context, else the field's default; a model hook
 * may derive more (calendar.event: `default_res_model` gives res_model_id, as Odoo's own default_get does).
 */
export function defaultGet(env: Env, model: string, fields: string[]): Record<string, unknown> {
  const def = env.db.model(model);
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    const field = def.fields[name];
    if (!field) continue;
    const fromContext = env.context[`default_${name}`];
    if (fromContext !== undefined) out[name] = fromContext;
    else if (field.default !== undefined)
      out[name] = typeof field.default === 'function' ? field.default(env) : field.default;
  }
  def.hooks.defaults?.(env, out, fields);
  return out;
}

export function fieldsGet(env: Env, model: string, allfields?: string[] | null, attributes?: string[] | null) {
  const def = env.db.model(model);
  const out: Record<string, Record<string, unknown>> = {};
  for (const field of Object.values(def.fields)) {
    if (allfields && allfields.length && !allfields.includes(field.name)) continue;
    const full: Record<string, unknown> = {
      type: field.type,
      string: field.string,
      help: field.help ?? '',
      required: field.required ?? false,
      readonly: field.readonly ?? false,
      store: field.stored,
      sortable: field.stored,
      searchable: true,
      ...(field.relation ? { relation: field.relation } : {}),
      ...(field.selection ? { selection: field.selection } : {}),
    };
    out[field.name] = attributes && attributes.length ? pick(full, attributes) : full;
  }
  return out;
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
}

export function nameSearch(
  env: Env,
  model: string,
  name: string,
  domain: unknown,
  limit = 100,
): Array<[number, string]> {
  const def = env.db.model(model);
  const full = [...((domain as unknown[]) ?? []), [def.recName, 'ilike', name]];
  return search(env, model, name ? full : (domain ?? []), { limit }).map((id) => [
    id,
    displayName(env, model, env.db.mustRow(model, id)),
  ]);
}
