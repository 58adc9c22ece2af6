/**
 * Scale-out on PostgreSQL with real worker processes: two, then three `server/worker.ts` processes share the mailboxes of
 * 50 people (the ERP poll triggers every mailbox each second), one is killed with SIGKILL mid-run, and still:
 * every Outlook event reaches Odoo exactly once, a later edit of each arrives, and no mailbox ever had two runs
 * at once (from sync_runs; a dead worker's unfinished run ends, at the latest, when its process died).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadOrCreateDevCertificate } from '../../server/tls/dev-certificate';
import { trustCertificateAuthorities } from '../../server/tls/trust';
import { ControlClient } from '../../sandbox/microsoft365/control/client';
import { CONTOSO_TENANT_ID } from '../../sandbox/microsoft365/world/seed';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { createTestDatabase, type TestDatabase } from '../store/test-databases';
import { seedPeople, startWorker, stopWorker, type Person, type Worker } from './workers';
import { waitFor } from './world';

const PEOPLE = 50;
/** The issue asks for two and three processes sharing the work. */
const WORKER_COUNTS = [2, 3];

interface RunRow {
  mailbox_id: string;
  started_at: string;
  finished_at: string | null;
  worker_id: string | null;
}

describe.each(WORKER_COUNTS)(`%i worker processes on PostgreSQL, ${PEOPLE} mailboxes`, (WORKERS) => {
  const dir = mkdtempSync(join(tmpdir(), 'workers-'));
  let database: TestDatabase;
  let sandbox: Sandbox;
  let people: Person[];
  let workers: Worker[] = [];
  let db: Client;
  let appToken: string;
  const eventIds = new Map<string, string>();
  let killedAt = '';

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    sandbox = await startSandbox({ dataDir: dir, backendPort: 0, host: '127.0.0.1' });
    // The emulators present the sandbox's development certificate, as they do to the backend.
    trustCertificateAuthorities([(await loadOrCreateDevCertificate(join(dir, 'certs'))).ca]);
    people = await seedPeople(sandbox, database.url, PEOPLE);
    db = new Client({ connectionString: database.url });
    await db.connect();
    appToken = await new ControlClient(sandbox.env['GRAPH_BASE_URL'] as string).mintGraphToken({
      tenantId: CONTOSO_TENANT_ID,
      roles: ['Calendars.ReadWrite'],
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
    await db?.end();
    await sandbox?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function graph(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<Record<string, unknown>> {
    const answer = await fetch(`${sandbox.env['GRAPH_BASE_URL']}/v1.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${appToken}`,
        'content-type': 'application/json',
        prefer: 'IdType="ImmutableId"',
      },
      body: JSON.stringify(body),
    });
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as Record<string, unknown>;
  }

  /** Odoo event names containing `fragment`, counted (as the integration user sees them). */
  async function odooNames(fragment: string): Promise<Map<string, number>> {
    const answer = await fetch(`${sandbox.env['ODOO_URL']}/_control/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: sandbox.env['ODOO_LOGIN'],
        model: 'calendar.event',
        method: 'search_read',
        args: [[['name', 'like', fragment]], ['name']],
      }),
    });
    const { result } = (await answer.json()) as { result: Array<{ name: string }> };
    const counts = new Map<string, number>();
    for (const { name } of result) counts.set(name, (counts.get(name) ?? 0) + 1);
    return counts;
  }

  function workerEnv(): Record<string, string> {
    return {
      ...sandbox.env,
      SYNC_MODE: 'production',
      // Production mode refuses to start without the tenants it serves (2f142ab, fail closed).
      AUTH_ALLOWED_TENANTS: CONTOSO_TENANT_ID,
      PUBLIC_URL: 'https://127.0.0.1:9',
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      GRAPH_NOTIFICATIONS: 'off',
      ERP_POLL_SECONDS: '1',
      SWEEP_HOURS: '1000',
      SYNC_CONCURRENCY: '4',
    };
  }

  it('when one worker is killed mid-run, then every event still reaches Odoo exactly once', async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const at = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: 'UTC' });
    for (const [i, person] of people.entries()) {
      const created = await graph('POST', `/users/${person.mailbox.userObjectId}/events`, {
        subject: `Event of person ${i}`,
        start: at(start),
        end: at(new Date(start.getTime() + 3_600_000)),
        categories: ['ERP'],
      });
      eventIds.set(person.mailbox.id, String(created['id']));
    }
    workers = Array.from({ length: WORKERS }, () => startWorker(workerEnv()));
    await Promise.all(workers.map((w) => w.started));
    // Kill the first worker while it holds a run.
    const victim = workers[0]!;
    await waitFor(
      'a run on the first worker',
      async () => {
        const { rows } = await db.query('select 1 from sync_runs where worker_id like $1 and finished_at is null', [
          `%:${victim.process.pid}`,
        ]);
        return rows.length > 0 ? true : undefined;
      },
      60_000,
    );
    await stopWorker(victim, 'SIGKILL');
    killedAt = new Date().toISOString();
    const linkedMailboxes = async () =>
      Number(
        (await db.query<{ n: string }>('select count(distinct mailbox_id) as n from mappings where erp_id is not null'))
          .rows[0]?.n,
      );
    // Odoo may hold all 50 before the killed worker's mailbox is recorded: its next run (elsewhere) links it.
    await waitFor(
      'every event in Odoo and linked',
      async () =>
        (await odooNames('Event of person')).size === PEOPLE && (await linkedMailboxes()) === PEOPLE ? true : undefined,
      90_000,
    );
    const counts = await odooNames('Event of person');
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // One linked mapping per mailbox; at most one recorded ERP create each (a create the killed worker made but
    // never recorded is found again by its external id on the next run, not made twice).
    const linked = await db.query<{ mailbox_id: string; n: string }>(
      'select mailbox_id, count(*) as n from mappings where erp_id is not null group by mailbox_id',
    );
    expect(linked.rows).toHaveLength(PEOPLE);
    expect(linked.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const creates = await db.query<{ mailbox_id: string; n: string }>(
      "select mailbox_id, count(*) as n from audit_log where side = 'erp' and action = 'create' group by mailbox_id",
    );
    expect(creates.rows.every((r) => Number(r.n) === 1)).toBe(true);
  }, 120_000);

  it('when each person edits their event, then each edit reaches Odoo once, by the surviving workers', async () => {
    for (const [i, person] of people.entries()) {
      await graph('PATCH', `/users/${person.mailbox.userObjectId}/events/${eventIds.get(person.mailbox.id)}`, {
        subject: `Edited by person ${i}`,
      });
    }
    await waitFor(
      'every edit in Odoo',
      async () => ((await odooNames('Edited by person')).size === PEOPLE ? true : undefined),
      90_000,
    );
    expect([...(await odooNames('Edited by person')).values()].every((n) => n === 1)).toBe(true);
    expect((await odooNames('Event of person')).size).toBe(0);
  }, 120_000);

  it('when the runs are laid end to end per mailbox, then none overlaps another', async () => {
    await Promise.all(workers.slice(1).map((w) => stopWorker(w)));
    const { rows } = await db.query<RunRow>(
      'select mailbox_id, started_at, finished_at, worker_id from sync_runs order by mailbox_id, started_at',
    );
    const workersSeen = new Set(rows.map((r) => r.worker_id));
    expect(workersSeen.size).toBe(WORKERS);
    let previous: RunRow | undefined;
    let overlaps = 0;
    for (const run of rows) {
      if (previous?.mailbox_id === run.mailbox_id) {
        // A dead worker's run never finished; its lease died with the process, so the next run may start then.
        if (previous.finished_at !== null && run.started_at < previous.finished_at) overlaps += 1;
        if (previous.finished_at === null && run.started_at < killedAt) overlaps += 1;
      }
      previous = run;
    }
    expect(rows.length).toBeGreaterThan(PEOPLE);
    expect(overlaps).toBe(0);
  });
});
