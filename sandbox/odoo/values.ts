/**
 * Conversion between what clients send and what rows store: x2many commands, many2one ids, selection checks,
 * and the read format (`[id, name]` for many2one, `false` for empty). No searching or hooks here.
 */
import type { Env } from './env';
import { OdooFault, validation, valueError } from './errors';
import type { FieldDef, ModelDef, Row } from './models/types';

/** The row of a model, or undefined when the model is not emulated (e.g. `discuss.channel`). */
export function safeRow(env: Env, model: string, id: number): Row | undefined {
  return env.db.models.has(model) ? env.db.row(model, id) : undefined;
}

export function displayName(env: Env, model: string, row: Row): string {
  const def = env.db.model(model);
  const computed = def.hooks.compute?.(env, row, 'display_name');
  if (typeof computed === 'string') return computed;
  const value = row[def.recName];
  return typeof value === 'string' ? value : `${model},${row.id}`;
}

/** A field's value as stored, computing non-stored and one2many fields. */
export function storedValue(env: Env, def: ModelDef, row: Row, name: string): unknown {
  const field = def.fields[name];
  if (name === 'id') return row.id;
  if (name === 'display_name') return displayName(env, def.name, row);
  if (field?.type === 'one2many' && field.relation && field.inverseName) {
    if (!env.db.models.has(field.relation)) return [];
    const inverse = field.inverseName;
    return [...env.db.table(field.relation).values()].filter((r) => r[inverse] === row.id).map((r) => r.id);
  }
  if (field && !field.stored) {
    const computed = def.hooks.compute?.(env, row, name);
    if (computed !== undefined) return computed;
  }
  return row[name] ?? (field?.type === 'many2many' || field?.type === 'one2many' ? [] : false);
}

/** The value `read` returns. */
export function readValue(env: Env, def: ModelDef, row: Row, name: string): unknown {
  const field = def.fields[name];
  if (!field) throw valueError(`Invalid field '${name}' on model '${def.name}'`);
  const value = storedValue(env, def, row, name);
  if (field.type === 'many2one') {
    if (typeof value !== 'number' || !field.relation) return false;
    const related = safeRow(env, field.relation, value);
    return [value, related ? displayName(env, field.relation, related) : `${field.relation},${value}`];
  }
  return value === undefined || value === null ? false : value;
}

/** Applies one x2many write value (commands or a plain id list) to the current ids. */
export function applyX2many(env: Env, field: FieldDef, current: number[], value: unknown, create: CreateFn): number[] {
  if (value === false || value === null) return [];
  if (!Array.isArray(value)) throw valueError(`Wrong value for ${field.name}: ${JSON.stringify(value)}`);
  let ids = [...current];
  for (const item of value) {
    if (typeof item === 'number') {
      if (!ids.includes(item)) ids.push(item);
      continue;
    }
    if (!Array.isArray(item)) throw valueError(`Wrong command for ${field.name}: ${JSON.stringify(item)}`);
    const [code, id, vals] = item as [number, number, unknown];
    if (code === 0) ids.push(create(field.relation ?? '', (vals ?? {}) as Record<string, unknown>));
    else if (code === 1) ids = ids.includes(id) ? ids : [...ids, id];
    else if (code === 2 || code === 3) ids = ids.filter((x) => x !== id);
    else if (code === 4) ids = ids.includes(id) ? ids : [...ids, id];
    else if (code === 5) ids = [];
    else if (code === 6) ids = Array.isArray(vals) ? vals.filter((x): x is number => typeof x === 'number') : [];
    else throw valueError(`Unknown x2many command ${String(code)} on ${field.name}`);
  }
  for (const id of ids) checkExists(env, field, id);
  return ids;
}

export type CreateFn = (model: string, vals: Record<string, unknown>) => number;

function checkExists(env: Env, field: FieldDef, id: number): void {
  if (!field.relation || !env.db.models.has(field.relation)) return;
  if (!env.db.row(field.relation, id)) {
    throw validation(
      `The operation cannot be completed: ${field.relation}(${id}) referenced by field '${field.name}' does not exist.`,
    );
  }
}

/** Validates and converts one scalar or many2one value for storage. */
export function storable(env: Env, def: ModelDef, field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return false;
  switch (field.type) {
    case 'many2one': {
      if (value === false) return false;
      const id = Array.isArray(value) ? value[0] : value;
      if (typeof id !== 'number')
        throw valueError(`Wrong value for ${def.name}.${field.name}: ${JSON.stringify(value)}`);
      checkExists(env, field, id);
      return id;
    }
    case 'selection':
      if (value !== false && !(field.selection ?? []).some(([key]) => key === value) && field.selection?.length) {
        throw valueError(`Wrong value for ${def.name}.${field.name}: ${JSON.stringify(value)}`);
      }
      return value;
    case 'datetime':
      return normaliseDatetime(def, field, value);
    case 'date':
      if (value !== false && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))) {
        throw valueError(`'${String(value)}' does not match format '%Y-%m-%d'`);
      }
      return value;
    case 'integer':
    case 'float':
    case 'monetary':
    case 'many2one_reference':
      if (value === false) return false;
      if (typeof value !== 'number')
        throw valueError(`Wrong value for ${def.name}.${field.name}: ${JSON.stringify(value)}`);
      return field.type === 'integer' || field.type === 'many2one_reference' ? Math.trunc(value) : value;
    case 'boolean':
      return Boolean(value);
    default:
      return value;
  }
}

function normaliseDatetime(def: ModelDef, field: FieldDef, value: unknown): unknown {
  if (value === false) return false;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00`;
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return value.slice(0, 19);
  }
  throw new OdooFault(
    'builtins.ValueError',
    `time data '${String(value)}' does not match format '%Y-%m-%d %H:%M:%S' (${def.name}.${field.name})`,
  );
}
