/**
 * The in-memory Odoo database: model definitions, rows, API keys and the mail log. Each call runs in a
 * transaction: `transaction()` snapshots the rows and restores them when the call fails, as Odoo rolls back.
 */
import { randomBytes } from 'node:crypto';
import { missing, OdooFault } from './errors';
import { buildModels } from './models/registry';
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

export class Database {
  readonly name: string;
  readonly models: Map<string, ModelDef>;
  private tables = new Map<string, Map<number, Row>>();
  private nextIds = new Map<string, number>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly passwords = new Map<number, string>();
  mailLog: MailEntry[] = [];
  /** Access rights taken away by the control API: `uid:model:operation` (read, create, write, delete). */
  readonly denied = new Set<string>();

  constructor(name: string) {
    this.name = name;
    this.models = buildModels();
    for (const model of this.models.keys()) this.tables.set(model, new Map());
  }

  model(name: string): ModelDef {
    const def = this.models.get(name);
    if (!def) throw new OdooFault('builtins.ValueError', `Object ${name} doesn't exist`);
    return def;
  }

  table(model: string): Map<number, Row> {
    this.model(model);
    return this.tables.get(model) as Map<number, Row>;
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

  /** Runs `fn` atomically: on a throw, rows, ids and the mail log are as before. */
  transaction<T>(fn: () => T): T {
    const saved = {
      tables: structuredClone(this.tables),
      nextIds: new Map(this.nextIds),
      mailLog: [...this.mailLog],
    };
    try {
      return fn();
    } catch (error) {
      this.tables = saved.tables;
      this.nextIds = saved.nextIds;
      this.mailLog = saved.mailLog;
      throw error;
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
