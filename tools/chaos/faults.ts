/**
 * The chaos monkey: at random moments it injects one fault into the emulators (Graph 429/503, a held request,
 * a write that commits and loses its answer, on every retry too; Odoo 5xx, commit-then-drop, slow calls; slow
 * Graph; dropped and duplicated notifications) or kills the backend (and on PostgreSQL a worker) with SIGKILL
 * and starts it again. Counts what it did. The faults target the backend's traffic; people's own clients retry.
 */
import type { ControlClient } from '../../sandbox/microsoft365/control/client';
import type { OdooEmulator } from '../../sandbox/odoo/server';
import type { BackendProcess } from '../harness/backend-process';
import type { Random } from './random';

export const FAULT_KINDS = {
  'graph 429': 4,
  'graph 503': 3,
  'graph held request': 1,
  'graph lost answer': 4,
  'graph slow': 1,
  'odoo 5xx': 4,
  'odoo lost answer': 4,
  'odoo slow': 2,
  'notifications dropped': 2,
  'notifications duplicated': 2,
} as const;
export type FaultKind = keyof typeof FAULT_KINDS;

/** Graph paths the backend uses (delegated: `/me/...`, app-only: `/users/...`), as the emulator matches them. */
const GRAPH_READS = ['/calendarView/delta', '/events/[^/]+$', '/instances', '/events\\?'];
const GRAPH_WRITES = ['/events$', '/events/[^/]+$', '^/\\$batch'];

export interface ChaosDeps {
  control: ControlClient;
  odoo: OdooEmulator;
  backend: BackendProcess;
  workers: BackendProcess[];
  random: Random;
  /** Longest a held Graph request waits before its 504 (default 60 s). */
  maxHoldMs?: number;
}

export class ChaosMonkey {
  readonly faults = new Map<FaultKind, number>();
  kills = 0;
  /** Time the backend was down, in ms, over all kills. */
  downMs = 0;
  private slowUntil = 0;

  constructor(private readonly deps: ChaosDeps) {}

  async inject(): Promise<FaultKind> {
    const { control, odoo, random } = this.deps;
    const kind = random.weighted(FAULT_KINDS);
    switch (kind) {
      case 'graph 429':
      case 'graph 503': {
        const status = kind === 'graph 429' ? 429 : 503;
        await control.addFault({
          kind: 'status',
          status,
          retryAfterSeconds: random.int(1, 3),
          path: random.pick([...GRAPH_READS, ...GRAPH_WRITES]),
          count: random.int(1, 5),
        });
        break;
      }
      case 'graph held request':
        // Held until Graph's gateway gives up (504), as Graph does; the backend's own timeout may end it first.
        await control.addFault({
          kind: 'timeout',
          path: random.pick([...GRAPH_READS, ...GRAPH_WRITES]),
          count: 1,
          holdMs: random.int(5_000, this.deps.maxHoldMs ?? 60_000),
        });
        break;
      case 'graph lost answer':
        // Commit, then drop the connection: on the first try and on each retry (the count covers the retries).
        await control.addFault({
          kind: 'lose-response',
          method: random.pick(['POST', 'PATCH', 'DELETE']),
          path: random.pick(GRAPH_WRITES),
          count: random.int(1, 5),
        });
        break;
      case 'graph slow':
        await control.updateSettings({ latencyMs: random.int(500, 2_500) });
        this.slowUntil = Date.now() + random.int(5_000, 15_000);
        break;
      case 'odoo 5xx':
        odoo.control.addFault({
          kind: 'status',
          status: random.pick([500, 502, 503]),
          model: 'calendar.event',
          method: random.pick(['create', 'write', 'unlink', 'search_read', 'read', 'load']),
          times: random.int(1, 5),
        });
        break;
      case 'odoo lost answer':
        odoo.control.addFault({
          kind: 'commit_then_drop',
          model: 'calendar.event',
          method: random.pick(['create', 'write', 'unlink', 'load']),
          times: random.int(1, 5),
        });
        break;
      case 'odoo slow':
        odoo.control.addFault({ kind: 'latency', latencyMs: random.int(1_000, 3_000), times: random.int(1, 5) });
        break;
      case 'notifications dropped':
        await control.call('POST', '/subscriptions/drop', { count: random.int(1, 5) });
        break;
      case 'notifications duplicated':
        await control.call('POST', '/subscriptions/duplicate', { count: random.int(1, 5) });
        break;
    }
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
    return kind;
  }

  /** Ends a slow spell when its time is up. */
  async tick(): Promise<void> {
    if (this.slowUntil !== 0 && Date.now() > this.slowUntil) {
      this.slowUntil = 0;
      await this.deps.control.updateSettings({ latencyMs: 0 });
    }
  }

  /** SIGKILL of the backend or a worker, then a fresh start after a moment. */
  async kill(): Promise<string> {
    const { backend, workers, random } = this.deps;
    const target = workers.length > 0 && random.chance(0.5) ? random.pick(workers) : backend;
    const name = target === backend ? 'backend' : 'worker';
    const down = Date.now();
    await target.kill('SIGKILL');
    this.kills += 1;
    await new Promise((resolve) => setTimeout(resolve, random.int(200, 3_000)));
    await target.start(120_000);
    this.downMs += Date.now() - down;
    return name;
  }

  /** Quiet: no fault left anywhere. */
  async clear(): Promise<void> {
    await this.deps.control.clearFaults();
    await this.deps.control.updateSettings({ latencyMs: 0 });
    await this.deps.control.call('POST', '/subscriptions/drop', { count: 0 });
    await this.deps.control.call('POST', '/subscriptions/duplicate', { count: 0 });
    this.deps.odoo.control.clearFaults();
    this.slowUntil = 0;
  }

  total(): number {
    return [...this.faults.values()].reduce((a, b) => a + b, 0);
  }
}
