/**
 * The emulated Odoo server's state: its version, databases, clock and fault plan, and `perform`, the one path
 * every model call takes (fault check, transaction start time, latency, transaction, commit-then-drop, then the
 * in-process `afterCall` hooks: a person acting between two calls of a client, for race tests).
 */
import { ControllableClock, odooDatetime } from './clock';
import { OdooFault } from './errors';
import { FaultPlan, type CallTarget } from './faults';
import { sleep } from './http-util';
import { Database } from './store';

export type PerformResult =
  | { kind: 'ok'; value: unknown }
  | { kind: 'fault'; fault: OdooFault }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'drop' };

/**
 * Methods run without the per-call snapshot (store.ts `transaction` copies every table, which a read does not need
 * and which would make every call's cost grow with the database).
 */
const UNSNAPSHOTTED = new Set([
  'search',
  'search_count',
  'search_read',
  'read',
  'fields_get',
  'name_search',
  'default_get',
  'has_group',
  'get_external_id',
  'check_access_rights',
  'context_get',
  'load',
]);

/** Runs `act` once, right after the next model call matching `model` and `method` committed (control.ts afterCall). */
export interface AfterCallHook {
  model?: string;
  method?: string;
  act: () => void;
}

export class OdooWorld {
  readonly databases = new Map<string, Database>();
  readonly clock = new ControllableClock();
  readonly faults = new FaultPlan();
  /** `major.minor`, e.g. "19.0". JSON-2 exists from 19.0 on. */
  version: string;
  /** Model calls answered since start (or the last reset of the counts), keyed `model.method`: what a sync cost. */
  readonly calls = new Map<string, number>();
  /** In process only (a function cannot cross the HTTP control API); each runs once, then is gone. */
  afterCall: AfterCallHook[] = [];

  constructor(version: string) {
    this.version = version;
  }

  get major(): number {
    return Number.parseInt(this.version, 10);
  }

  database(name: string | null | undefined): Database {
    const db = name ? this.databases.get(name) : this.databases.values().next().value;
    if (!db) throw new OdooFault('werkzeug.exceptions.NotFound', `Database ${String(name)} not found`);
    return db;
  }

  async perform(target: CallTarget, db: Database | null, run: (now: string) => unknown): Promise<PerformResult> {
    const key = `${target.model ?? target.protocol}.${target.method ?? 'call'}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const rule = this.faults.take(target);
    if (rule?.kind === 'status') {
      return {
        kind: 'status',
        status: rule.status ?? 500,
        ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}),
      };
    }
    // Odoo stamps write_date with the transaction's start: a slow call commits rows dated in the past.
    const now = odooDatetime(this.clock.now());
    const delay = this.faults.baseLatencyMs + (rule?.kind === 'latency' ? (rule.latencyMs ?? 0) : 0);
    if (delay > 0) await sleep(delay);
    let value: unknown;
    try {
      // A method that writes nothing needs no snapshot to roll back to; `load` is its own transaction (load.ts).
      const atomic = db && !(target.method && UNSNAPSHOTTED.has(target.method));
      value = atomic ? db.transaction(() => run(now)) : run(now);
    } catch (error) {
      if (error instanceof OdooFault) return { kind: 'fault', fault: error };
      throw error;
    }
    this.runHooks(target);
    return rule?.kind === 'commit_then_drop' ? { kind: 'drop' } : { kind: 'ok', value };
  }

  private runHooks(target: CallTarget): void {
    const hook = this.afterCall.find(
      (h) =>
        (h.model === undefined || h.model === target.model) && (h.method === undefined || h.method === target.method),
    );
    if (!hook) return;
    this.afterCall = this.afterCall.filter((h) => h !== hook);
    hook.act();
  }
}
