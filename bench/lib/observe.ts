/**
 * Watching the product from outside while it works: its sync runs and mailboxes, read straight from its database
 * (SQLite read-only, or PostgreSQL), and waits for "everything finished" and "nothing happens any more".
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';

export interface RunCounts {
  started: number;
  running: number;
  failed: number;
}

export interface WorkerRuns {
  workerId: string;
  runs: number;
  /** Mean wall time of a run, seconds. */
  meanSeconds: number;
}

export interface Observer {
  runs(): Promise<RunCounts>;
  /**
   * Sync jobs waiting or running in pg-boss (PostgreSQL). Always 0 on SQLite: the in-process queue lives in the
   * backend's memory, where only its runs show.
   */
  queued(): Promise<number>;
  /** When the first run started at or after `since` (ISO), in ms since the epoch; undefined if none has. */
  firstStartSince(since: string): Promise<number | undefined>;
  /** Runs started at or after `since` (ISO), per worker (sync_runs.worker_id). */
  runsByWorkerSince(since: string): Promise<WorkerRuns[]>;
  mailboxIdByEmail(email: string): Promise<string | undefined>;
  /** The first run of all (the first sync), once it finished. */
  firstRun(): Promise<{ startedAt: string; finishedAt: string; status: string; error: string | null } | undefined>;
  /** Run summaries (JSON) finished since `since` (ISO), newest last. */
  finishedSince(since: string): Promise<Array<{ mailboxId: string; status: string; trigger: string }>>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

export async function observe(databaseUrl: string): Promise<Observer> {
  let query: (sql: string, params?: unknown[]) => Promise<Row[]>;
  let close: () => Promise<void>;
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(databaseUrl.slice('file:'.length), { readonly: true, fileMustExist: true });
    query = async (sql, params = []) => db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Row[];
    close = async () => void db.close();
  } else {
    const client = new Client({ connectionString: databaseUrl, application_name: 'bench-observer' });
    await client.connect();
    query = async (sql, params = []) => (await client.query(sql, params)).rows as Row[];
    close = () => client.end();
  }
  const postgres = !databaseUrl.startsWith('file:');
  return {
    async queued() {
      if (!postgres) return 0;
      const [row] = await query(`select count(*) as n from pgboss.job where state in ('created', 'retry', 'active')`);
      return Number(row?.n ?? 0);
    },
    async firstStartSince(since) {
      const [row] = await query('select min(started_at) as first from sync_runs where started_at >= $1', [since]);
      return row?.first ? Date.parse(String(row.first)) : undefined;
    },
    async runsByWorkerSince(since) {
      const rows = await query(
        'select worker_id, started_at, finished_at from sync_runs where started_at >= $1 and finished_at is not null',
        [since],
      );
      const by = new Map<string, number[]>();
      for (const r of rows) {
        const id = String(r.worker_id ?? 'unknown');
        by.set(id, [
          ...(by.get(id) ?? []),
          (Date.parse(String(r.finished_at)) - Date.parse(String(r.started_at))) / 1000,
        ]);
      }
      return [...by].map(([workerId, seconds]) => ({
        workerId,
        runs: seconds.length,
        meanSeconds: seconds.reduce((a, b) => a + b, 0) / seconds.length,
      }));
    },
    async runs() {
      const [row] = await query(
        `select count(*) as started,
                sum(case when status = 'running' then 1 else 0 end) as running,
                sum(case when status = 'failed' then 1 else 0 end) as failed
           from sync_runs`,
      );
      return {
        started: Number(row?.started ?? 0),
        running: Number(row?.running ?? 0),
        failed: Number(row?.failed ?? 0),
      };
    },
    async firstRun() {
      const [row] = await query(
        'select started_at, finished_at, status, error from sync_runs order by started_at limit 1',
      );
      if (!row?.finished_at) return undefined;
      return {
        startedAt: String(row.started_at),
        finishedAt: String(row.finished_at),
        status: String(row.status),
        error: (row.error as string) ?? null,
      };
    },
    async mailboxIdByEmail(email) {
      const [row] = await query('select id from mailboxes where email = $1', [email]);
      return row ? String(row.id) : undefined;
    },
    async finishedSince(since) {
      const rows = await query(
        `select mailbox_id, status, trigger from sync_runs where finished_at >= $1 order by finished_at`,
        [since],
      );
      return rows.map((r) => ({
        mailboxId: String(r.mailbox_id),
        status: String(r.status),
        trigger: String(r.trigger),
      }));
    },
    close,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it answers true; throws after `giveUpMs`. Answers the elapsed seconds. */
export async function until(what: string, probe: () => Promise<boolean>, giveUpMs: number, everyMs = 50) {
  const started = performance.now();
  while (!(await probe())) {
    if (performance.now() - started > giveUpMs)
      throw new Error(`gave up after ${giveUpMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
  return (performance.now() - started) / 1000;
}

/**
 * Waits until no run is running, none started for `quietMs` and no job is queued (echo runs of our own writes, late
 * notifications included); answers when the last activity was seen (performance.now()). The queue counts: workers
 * just restarted run nothing for a while, with a backlog waiting.
 */
export async function quiet(observer: Observer, quietMs: number, giveUpMs: number): Promise<number> {
  const started = performance.now();
  let last = await observer.runs();
  let lastChange = performance.now();
  for (;;) {
    await sleep(100);
    const now = await observer.runs();
    const queued = await observer.queued();
    if (now.started !== last.started || now.running !== last.running || now.running > 0 || queued > 0) {
      last = now;
      lastChange = performance.now();
    } else if (performance.now() - lastChange >= quietMs) {
      return lastChange;
    }
    if (performance.now() - started > giveUpMs) throw new Error(`runs did not settle within ${giveUpMs / 1000} s`);
  }
}

/** `quiet`, but gives up silently after `maxMs` (a busy world may never be quiet: ERP polls keep starting runs). */
export async function settle(observer: Observer, quietMs: number, maxMs: number): Promise<boolean> {
  try {
    await quiet(observer, quietMs, maxMs);
    return true;
  } catch {
    return false;
  }
}
