/**
 * The emulator's control API, in process (`OdooControl`) and over HTTP under `/_control/...` (JSON): clock,
 * faults, latency, mail log, users, seeded records, acting as a person in the ERP, reset. Not part of Odoo.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { odooDatetime } from './clock';
import { callMethod, positionalToNamed } from './dispatch';
import { OdooFault } from './errors';
import { validateFault, type FaultRule } from './faults';
import { parseJsonObject, readBody, sendJson, sendProblem } from './http-util';
import { addUser, DEMO_DATABASE, seedDemo, systemEnv, type NewUser } from './seed';
import type { SalesRights } from './models/record-rules';
import type { MailEntry } from './store';
import type { OdooWorld } from './world';

export class OdooControl {
  constructor(private readonly world: OdooWorld) {}

  state() {
    return {
      version: this.world.version,
      databases: [...this.world.databases.keys()],
      clock: this.world.clock.state(),
      faults: this.world.faults.list(),
      latencyMs: this.world.faults.baseLatencyMs,
    };
  }

  /** Model calls answered per `model.method` since start or the last `clearCalls`, and their total. */
  calls(): { total: number; byMethod: Record<string, number> } {
    const byMethod = Object.fromEntries(this.world.calls);
    return { total: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod };
  }

  clearCalls(): void {
    this.world.calls.clear();
  }

  reset(): void {
    this.world.faults.clear();
    this.world.afterCall = [];
    this.world.databases.clear();
    this.world.databases.set(DEMO_DATABASE, seedDemo(this.world.clock.now()));
  }

  setClock(now: Date, frozen = true): void {
    this.world.clock.set(now, frozen);
  }

  advanceClock(seconds: number): void {
    this.world.clock.advance(seconds * 1000);
  }

  addFault(rule: Omit<FaultRule, 'id' | 'remaining'> & { times?: number }): FaultRule {
    return this.world.faults.add(rule);
  }

  clearFaults(): void {
    this.world.faults.clear();
  }

  /**
   * Runs `act` (a person's edit, say) once, right after the next call of `method` on `model` committed and before
   * it is answered: what a person does between two calls of a client that Odoo cannot make atomic. In process only.
   */
  afterCall(model: string, method: string, act: () => void): void {
    this.world.afterCall.push({ model, method, act });
  }

  setLatency(ms: number): void {
    this.world.faults.baseLatencyMs = ms;
  }

  mailLog(database = DEMO_DATABASE): MailEntry[] {
    return [...this.world.database(database).mailLog];
  }

  clearMailLog(database = DEMO_DATABASE): void {
    this.world.database(database).mailLog = [];
  }

  createUser(user: NewUser, database = DEMO_DATABASE) {
    const db = this.world.database(database);
    return db.transaction(() => addUser(db, odooDatetime(this.world.clock.now()), user));
  }

  /** Creates records as the administrator, without mails (seed data). */
  createRecords(model: string, values: Record<string, unknown>[], database = DEMO_DATABASE): number[] {
    const db = this.world.database(database);
    return db.transaction(
      () =>
        callMethod(systemEnv(db, odooDatetime(this.world.clock.now())), model, 'create', {
          vals_list: values,
        }) as number[],
    );
  }

  /** Takes `operations` on `model` away from the user with `login` (AccessError), until `allow` or reset. */
  deny(
    login: string,
    model: string,
    operations: Array<'read' | 'create' | 'write' | 'delete'>,
    database = DEMO_DATABASE,
  ): void {
    const db = this.world.database(database);
    const uid = this.uidOf(login, database);
    for (const operation of operations) db.denied.add(`${uid}:${model}:${operation}`);
  }

  /** Sets the Sales rights of the user with `login` (models/record-rules.ts), as Settings > Users would. */
  setSalesRights(login: string, rights: SalesRights, database = DEMO_DATABASE): void {
    this.world.database(database).salesRights.set(this.uidOf(login, database), rights);
  }

  /** Deletes every API key of the user with `login`, as they would in My Preferences > Account Security. */
  revokeApiKeys(login: string, database = DEMO_DATABASE): void {
    const db = this.world.database(database);
    const uid = this.uidOf(login, database);
    for (const [key, entry] of db.apiKeys) if (entry.uid === uid) db.apiKeys.delete(key);
  }

  allowAll(database = DEMO_DATABASE): void {
    this.world.database(database).denied.clear();
  }

  private uidOf(login: string, database: string): number {
    const user = [...this.world.database(database).table('res.users').values()].find((u) => u.login === login);
    if (!user) throw new OdooFault('odoo.exceptions.UserError', `No user with login ${login}`);
    return user.id;
  }

  /** Calls a model method as the person with `login`, as the Odoo web client would (mails are sent). */
  act(
    login: string,
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    database = DEMO_DATABASE,
  ): unknown {
    const db = this.world.database(database);
    const user = [...db.table('res.users').values()].find((u) => u.login === login);
    if (!user) throw new OdooFault('odoo.exceptions.UserError', `No user with login ${login}`);
    const { context, ...rest } = kwargs;
    const env = {
      db,
      uid: user.id,
      now: odooDatetime(this.world.clock.now()),
      context: (context ?? {}) as Record<string, unknown>,
    };
    return db.transaction(() => callMethod(env, model, method, positionalToNamed(method, args, rest)));
  }
}

type Body = Record<string, unknown>;
type Route = (control: OdooControl, body: Body, query: URLSearchParams) => unknown;

const routes: Record<string, Route> = {
  'GET state': (c) => c.state(),
  'POST reset': (c) => (c.reset(), c.state()),
  'POST clock': (c, b) => {
    if (b.now !== undefined) {
      const now = new Date(String(b.now));
      if (Number.isNaN(now.getTime())) throw new BadInput('now must be an ISO 8601 instant');
      c.setClock(now, b.frozen !== false);
    }
    if (b.advanceSeconds !== undefined) {
      if (typeof b.advanceSeconds !== 'number') throw new BadInput('advanceSeconds must be a number');
      c.advanceClock(b.advanceSeconds);
    }
    return c.state().clock;
  },
  'GET faults': (c) => c.state().faults,
  'POST faults': (c, b) => {
    const problem = validateFault(b);
    if (problem) throw new BadInput(problem);
    return c.addFault(b as unknown as Parameters<OdooControl['addFault']>[0]);
  },
  'DELETE faults': (c) => (c.clearFaults(), []),
  'GET calls': (c) => c.calls(),
  'DELETE calls': (c) => (c.clearCalls(), c.calls()),
  'POST latency': (c, b) => {
    if (typeof b.ms !== 'number' || b.ms < 0) throw new BadInput('ms must be a non-negative number');
    c.setLatency(b.ms);
    return { latencyMs: b.ms };
  },
  'GET mail': (c, _b, q) => c.mailLog(q.get('database') ?? undefined),
  'DELETE mail': (c, _b, q) => (c.clearMailLog(q.get('database') ?? undefined), []),
  'POST users': (c, b) => {
    if (typeof b.login !== 'string' || typeof b.name !== 'string')
      throw new BadInput('login and name are required strings');
    return c.createUser(b as unknown as NewUser, optionalString(b.database));
  },
  'POST records': (c, b) => {
    if (typeof b.model !== 'string' || !Array.isArray(b.values))
      throw new BadInput('model (string) and values (array of objects) are required');
    return { ids: c.createRecords(b.model, b.values as Body[], optionalString(b.database)) };
  },
  'POST access': (c, b) => {
    const operations = Array.isArray(b.deny) ? b.deny : [];
    if (
      typeof b.as !== 'string' ||
      typeof b.model !== 'string' ||
      !operations.every((o) => ['read', 'create', 'write', 'delete'].includes(String(o)))
    ) {
      throw new BadInput("as and model are required strings; deny is a list of 'read', 'create', 'write', 'delete'");
    }
    c.deny(b.as, b.model, operations as Array<'read' | 'create' | 'write' | 'delete'>, optionalString(b.database));
    return { denied: operations };
  },
  'DELETE access': (c, _b, q) => (c.allowAll(q.get('database') ?? undefined), { denied: [] }),
  'POST act': (c, b) => {
    if (typeof b.as !== 'string' || typeof b.model !== 'string' || typeof b.method !== 'string')
      throw new BadInput('as, model and method are required strings');
    const args = Array.isArray(b.args) ? b.args : [];
    return { result: c.act(b.as, b.model, b.method, args, (b.kwargs ?? {}) as Body, optionalString(b.database)) };
  },
};

class BadInput extends Error {}

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function handleControl(
  control: OdooControl,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const name = url.pathname.replace(/^\/_control\/?/, '').replace(/\/$/, '');
  const route = routes[`${req.method ?? 'GET'} ${name}`];
  if (!route) return sendProblem(res, 404, 'Not Found', `No control route ${req.method ?? ''} /_control/${name}`);
  const text = await readBody(req);
  const body = text.trim() === '' ? {} : parseJsonObject(text);
  if (!body) return sendProblem(res, 400, 'Bad Request', 'The body must be a JSON object');
  try {
    sendJson(res, 200, route(control, body, url.searchParams) ?? null);
  } catch (error) {
    if (error instanceof BadInput) return sendProblem(res, 400, 'Bad Request', error.message);
    if (error instanceof OdooFault) return sendProblem(res, error.status, error.exception, error.message);
    throw error;
  }
}
