/** POST /admin/sync over HTTP: admin key, bad input as problems, the run's summary, the dry run. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { requireAdmin } from '../../server/http/admin-auth';
import { adminSyncRouter } from '../../server/http/admin-sync';
import { createApp } from '../../server/http/app';
import { createInOutlook, erpTitles, outlookBody, removeSeededSeries, startWorld, type World } from './harness';

const KEY = 'test-admin-key-0123456789';
let w: World;
let server: Server;
let url: string;

beforeAll(async () => {
  w = await startWorld();
  await removeSeededSeries(w);
  const app = createApp({
    logger: pino({ level: 'silent' }),
    readiness: { check: async () => ({}), draining: () => false },
    routes: [
      {
        path: '/admin',
        router: adminSyncRouter({ guard: requireAdmin({ adminApiKey: KEY }), engine: w.engine, store: w.store }),
      },
    ],
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/sync`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await w.stop();
});

async function post(body: unknown, key: string | null = KEY) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('POST /admin/sync', () => {
  it('when the admin key is missing or wrong, then it answers 401 with a problem and runs nothing', async () => {
    for (const key of [null, 'wrong']) {
      const answer = await post({ mailbox: 'adele@contoso.example' }, key);
      expect(answer.status).toBe(401);
      expect(answer.type).toContain('application/problem+json');
    }
    expect(await w.store.syncRuns.listRecent(w.mailbox.id)).toEqual([]);
  });

  it('when the body is bad or the mailbox unknown, then it answers 4xx problems without a stack', async () => {
    const bad = await post({ mailbox: 42 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toContain('at ');
    const unknown = await post({ mailbox: 'nobody@contoso.example' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('nobody@contoso.example');
  });

  it('when asked for a dry run by UPN, then it answers the plan and writes nothing', async () => {
    await createInOutlook(w, outlookBody('Admin triggered', 4));
    const answer = await post({ mailbox: 'adele@contoso.example', dryRun: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, planned: expect.objectContaining({ createInErp: 1 }) });
    expect(await erpTitles(w)).not.toContain('Admin triggered');
  });

  it('when asked to sync, then it runs the sync and answers counts per action and errors', async () => {
    const answer = await post({ mailbox: 'adele@contoso.example' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'succeeded',
      dryRun: false,
      errors: [],
      applied: expect.objectContaining({ erp: { create: 1 } }),
    });
    expect(await erpTitles(w)).toContain('Admin triggered');
    const [run] = await w.store.syncRuns.listRecent(w.mailbox.id);
    expect(run).toMatchObject({ trigger: 'admin', status: 'succeeded' });
  });
});
