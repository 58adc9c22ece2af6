/**
 * The in-memory Odoo database: model definitions, rows, API keys and the mail log. Each call runs in a
 * transaction: `transaction()` undoes what the call changed when it fails, as Odoo rolls back. Changes are kept
 * in an undo log (a row added, replaced or removed in a table; a field of a stored row set or removed), so a
 * transaction costs what it changes, not a copy of every table (which took 22% of the round-trip suite's CPU).
 */
import { randomBytes } from 'node:crypto';
import { missing, OdooFault } from './errors';
import { buildModels } from './models/registry';
import type { SalesRights } from './models/record-rules';
import type { ModelDef, Row } from './models/types';

/** An e-mail Odoo would have sent (the emulator records instead of sending). */
export interface MailEntry {
  at: string;
  kind: 'invitation' | 'update' | 'cancellation';
  model: string;
  resId: number;
  subject: string;
  to: string[];
}

export interface ApiKey {
  key: string;
  uid: number;
  name: string;
}

type Undo = () => void;

/** A table whose inserts and deletes, and the field writes of its rows, are recorded while a transaction runs. */
class TrackedTable extends Map<number, Row> {
  constructor(private readonly journal: () => Undo[] | null) {
    super();
  }

  override set(id: number, row: Row): this {
    const undo = this.journal();
    if (undo) {
      const had = super.has(id);
      const before = super.get(id);
      undo.push(() => (had ? super.set(id, before as Row) : super.delete(id)));
    }
    return super.set(id, trackedRow(row, this.journal));
  }

  override delete(id: number): boolean {
    const undo = this.journal();
    if (undo && super.has(id)) {
      const before = super.get(id) as Row;
      undo.push(() => super.set(id, before));
    }
    return super.delete(id);
  }

  override clear(): void {
    for (const id of [...this.keys()]) this.delete(id);
  }
}

const TRACKED = new WeakSet<object>();

/** The row as stored: a proxy that records each field's previous value (or its absence) before it changes. */
function trackedRow(row: Row, journal: () => Undo[] | null): Row {
  if (TRACKED.has(row)) return row;
  const proxy = new Proxy(row, {
    set(target, key, value) {
      const undo = journal();
      if (undo) {
        const had = Object.prototype.hasOwnProperty.call(target, key);
        const before: unknown = Reflect.get(target, key);
        undo.push(() => (had ? Reflect.set(target, key, before) : Reflect.deleteProperty(target, key)));
      }
      return Reflect.set(target, key, value);
    },
    deleteProperty(target, key) {
      const undo = journal();
      if (undo && Object.prototype.hasOwnProperty.call(target, key)) {
        const before: unknown = Reflect.get(target, key);
        undo.push(() => Reflect.set(target, key, before));
      }
      return Reflect.deleteProperty(target, key);
    },
  });
  TRACKED.add(proxy);
  return proxy;
}

/** A copy of a row a caller may keep (a stored row is a proxy, which structuredClone refuses). */
export function copyRow(row: Row): Row {
  return structuredClone({ ...row });
}

export class Database {
  readonly name: string;
  readonly models: Map<string, ModelDef>;
  private readonly tables = new Map<string, TrackedTable>();
  /** The undo log of the running transaction (nested ones included), null outside transactions. */
  private undo: Undo[] | null = null;
  private nextIds = new Map<string, number>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly passwords = new Map<number, string>();
  mailLog: MailEntry[] = [];
  /** Access rights taken away by the control API: `uid:model:operation` (read, create, write, delete). */
  readonly denied = new Set<string>();
  /** Each user's Sales rights (record-rules.ts); a user not listed has "All Documents". */
  readonly salesRights = new Map<number, SalesRights>();

  constructor(name: string) {
    this.name = name;
    this.models = buildModels();
    for (const model of this.models.keys()) this.tables.set(model, new TrackedTable(() => this.undo));
  }

  model(name: string): ModelDef {
    const def = this.models.get(name);
    if (!def) throw new OdooFault('builtins.ValueError', `Object ${name} doesn't exist`);
    return def;
  }

  table(model: string): Map<number, Row> {
    this.model(model);
    return this.tables.get(model) as TrackedTable;
  }

  row(model: string, id: number): Row | undefined {
    return this.table(model).get(id);
  }

  mustRow(model: string, id: number): Row {
    const row = this.row(model, id);
    if (!row) throw missing(model, [id]);
    return row;
  }

  allocateId(model: string): number {
    const id = this.nextIds.get(model) ?? 1;
    this.nextIds.set(model, id + 1);
    return id;
  }

  /** Runs `fn` atomically: on a throw, rows, ids and the mail log are as before (nested calls undo their own part). */
  transaction<T>(fn: () => T): T {
    const outermost = this.undo === null;
    if (outermost) this.undo = [];
    const undo = this.undo as Undo[];
    const mark = undo.length;
    const nextIds = new Map(this.nextIds);
    const mailLog = this.mailLog;
    const mailLength = mailLog.length;
    try {
      return fn();
    } catch (error) {
      while (undo.length > mark) (undo.pop() as Undo)();
      this.nextIds = nextIds;
      mailLog.length = mailLength;
      this.mailLog = mailLog;
      throw error;
    } finally {
      if (outermost) this.undo = null;
    }
  }

  /** Creates an API key for `uid`; returns the secret (Odoo shows it once). */
  addApiKey(uid: number, name: string, key = randomBytes(20).toString('hex')): string {
    this.apiKeys.set(key, { key, uid, name });
    return key;
  }

  /** The user an API key or password belongs to, if it matches `uid` (or any user when uid is undefined). */
  checkCredential(secret: string, uid?: number): number | null {
    const apiKey = this.apiKeys.get(secret);
    if (apiKey && (uid === undefined || apiKey.uid === uid)) return this.activeUser(apiKey.uid);
    for (const [userId, password] of this.passwords) {
      if (password === secret && (uid === undefined || userId === uid)) return this.activeUser(userId);
    }
    return null;
  }

  private activeUser(uid: number): number | null {
    const user = this.row('res.users', uid);
    return user && user.active !== false ? uid : null;
  }
}
