/**
 * How the emulator describes an Odoo model: field definitions (what `fields_get` serves), defaults, computed
 * fields and the hooks that give a model its behaviour (calendar attendees, recurrences, mails).
 */
import type { Env } from '../env';

export type FieldType =
  | 'char'
  | 'text'
  | 'html'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'one2many'
  | 'many2many'
  | 'many2one_reference'
  | 'binary';

export interface FieldDef {
  name: string;
  type: FieldType;
  string: string;
  relation?: string;
  /** one2many: the many2one on `relation` pointing back. */
  inverseName?: string;
  required?: boolean;
  readonly?: boolean;
  stored: boolean;
  selection?: Array<[string, string]>;
  help?: string;
  /** Odoo's `copy=False`: left out of a copy. */
  copy?: boolean;
  /** A literal default, or one computed at create time. */
  default?: unknown | ((env: Env) => unknown);
}

/** A stored row: many2one as id or false, x2many as id lists, everything else as JSON values. */
export type Row = Record<string, unknown> & { id: number };

export interface ModelHooks {
  /** Normalise and validate values before they are stored (create: all defaults applied). */
  prepare?(env: Env, vals: Record<string, unknown>, existing: Row | null): void;
  afterCreate?(env: Env, row: Row, vals: Record<string, unknown>): void;
  afterWrite?(env: Env, rows: Row[], vals: Record<string, unknown>, before: Map<number, Row>): void;
  /** The model's own write for some calls (Odoo's overridden `write`); false lets the generic write run. */
  write?(env: Env, ids: number[], vals: Record<string, unknown>): boolean;
  beforeUnlink?(env: Env, rows: Row[]): void;
  /** default_get: more defaults derived from the context, added to `out`. */
  defaults?(env: Env, out: Record<string, unknown>, fields: string[]): void;
  /** Non-stored fields computed at read time. */
  compute?(env: Env, row: Row, field: string): unknown;
  /** Record rules of the API's create (after it), write and unlink (before): throws AccessError to refuse. */
  checkRule?(env: Env, row: Row, operation: 'create' | 'write' | 'unlink'): void;
  /** What the caller may not see of a row read (`out`, the `names` asked for) is masked in place. */
  maskRead?(env: Env, row: Row, out: Record<string, unknown>, names: readonly string[]): void;
}

export interface ModelDef {
  name: string;
  description: string;
  /** Field shown as display_name. */
  recName: string;
  /** Default `order` of search. */
  order: string;
  fields: Record<string, FieldDef>;
  hooks: ModelHooks;
}

/** Odoo's automatic fields, present on every model. */
export function automaticFields(): Record<string, FieldDef> {
  return {
    id: { name: 'id', type: 'integer', string: 'ID', stored: true, readonly: true },
    display_name: { name: 'display_name', type: 'char', string: 'Display Name', stored: false, readonly: true },
    create_uid: {
      name: 'create_uid',
      type: 'many2one',
      relation: 'res.users',
      string: 'Created by',
      stored: true,
      readonly: true,
    },
    create_date: { name: 'create_date', type: 'datetime', string: 'Created on', stored: true, readonly: true },
    write_uid: {
      name: 'write_uid',
      type: 'many2one',
      relation: 'res.users',
      string: 'Last Updated by',
      stored: true,
      readonly: true,
    },
    write_date: { name: 'write_date', type: 'datetime', string: 'Last Updated on', stored: true, readonly: true },
  };
}

/** Shorthand for hand-written models. */
export function field(name: string, type: FieldType, string: string, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, type, string, stored: true, ...extra };
}

export function defineModel(
  name: string,
  description: string,
  fields: FieldDef[],
  options: { recName?: string; order?: string; hooks?: ModelHooks } = {},
): ModelDef {
  const all = automaticFields();
  for (const f of fields) all[f.name] = f;
  return {
    name,
    description,
    recName: options.recName ?? 'name',
    order: options.order ?? 'id',
    fields: all,
    hooks: options.hooks ?? {},
  };
}
