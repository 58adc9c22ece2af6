/**
 * `load(fields, data)`: Odoo's import method, the one public call that creates or updates records together with
 * their external ids in one transaction. Supports `id` (external id), plain columns and `field/.id` columns
 * (database ids, comma-separated for many2many); not `field/id` (external-id references) or one2many sub-rows.
 */
import type { Env } from './env';
import { OdooFault, valueError } from './errors';
import { create, write } from './orm';
import type { FieldDef } from './models/types';

export interface LoadResult {
  ids: number[] | false;
  /** Odoo's import pagination: 0 when every row was read. */
  nextrow: number;
  messages: Array<{ type: 'error'; message: string; record: number; field?: string }>;
}

/** `module.name` -> its ir.model.data row id, read once per call (a search per row would grow with the table). */
type ExternalIdIndex = Map<string, number>;

function externalIdIndex(env: Env): ExternalIdIndex {
  const index: ExternalIdIndex = new Map();
  for (const row of env.db.table('ir.model.data').values())
    index.set(`${String(row.module)}.${String(row.name)}`, row.id);
  return index;
}

export function load(env: Env, model: string, fields: string[], data: unknown[][]): LoadResult {
  try {
    return {
      ids: env.db.transaction(() => {
        const index = externalIdIndex(env);
        return data.map((row, i) => loadRow(env, model, fields, row, i, index));
      }),
      messages: [],
      nextrow: 0,
    };
  } catch (error) {
    if (!(error instanceof OdooFault)) throw error;
    return { ids: false, messages: [{ type: 'error', message: error.message, record: 0 }], nextrow: 0 };
  }
}

function loadRow(
  env: Env,
  model: string,
  columns: string[],
  row: unknown[],
  index: number,
  externalIds: ExternalIdIndex,
): number {
  const def = env.db.model(model);
  const vals: Record<string, unknown> = {};
  let xmlid: string | null = null;
  columns.forEach((column, i) => {
    const raw = row[i];
    if (column === 'id') {
      xmlid = typeof raw === 'string' && raw ? raw : null;
      return;
    }
    const [name = '', suffix] = column.split('/');
    const field = def.fields[name];
    if (!field) throw valueError(`Unknown field '${name}' in column ${index}`);
    if (suffix !== undefined && suffix !== '.id') throw valueError(`Unsupported import column '${column}'`);
    vals[name] = convert(field, raw, suffix === '.id');
  });
  const sudo = { ...env, context: { ...env.context, __sudo: true } };
  if (xmlid === null) return create(env, model, [vals])[0] as number;
  const [module, name] = splitXmlid(xmlid);
  const existing = externalIds.get(`${module}.${name}`);
  const record = existing === undefined ? undefined : env.db.row('ir.model.data', existing);
  if (record && record.model === model && env.db.row(model, Number(record.res_id))) {
    write(env, model, [Number(record.res_id)], vals);
    return Number(record.res_id);
  }
  const id = create(env, model, [vals])[0] as number;
  if (record) write(sudo, 'ir.model.data', [record.id], { model, res_id: id });
  else externalIds.set(`${module}.${name}`, create(sudo, 'ir.model.data', [{ module, name, model, res_id: id }])[0]!);
  return id;
}

function splitXmlid(xmlid: string): [string, string] {
  const dot = xmlid.indexOf('.');
  return dot < 0 ? ['__import__', xmlid] : [xmlid.slice(0, dot), xmlid.slice(dot + 1)];
}

/** Import values are strings; empty means false. */
function convert(field: FieldDef, raw: unknown, databaseIds: boolean): unknown {
  const text = raw === null || raw === undefined || raw === false ? '' : String(raw);
  if (databaseIds) {
    const ids = text ? text.split(',').map((s) => Number(s.trim())) : [];
    if (ids.some((n) => !Number.isInteger(n)))
      throw valueError(`Invalid database id '${text}' for the field '${field.name}'`);
    return field.type === 'many2one' ? (ids[0] ?? false) : [[6, 0, ids]];
  }
  if (text === '') return field.type === 'many2many' ? [[5]] : false;
  switch (field.type) {
    case 'boolean':
      return ['1', 'true', 'yes'].includes(text.toLowerCase());
    case 'integer':
    case 'float':
    case 'monetary':
    case 'many2one_reference': {
      const n = Number(text);
      if (Number.isNaN(n)) throw valueError(`'${text}' does not seem to be a number for field '${field.name}'`);
      return n;
    }
    case 'many2one':
    case 'many2many':
    case 'one2many':
      throw valueError(`Import of relational field '${field.name}' by name is not supported: use '${field.name}/.id'`);
    default:
      return text;
  }
}
