import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../server/backend';
import { parseConfig } from '../server/config';
import { erpFromConfig } from '../server/erp-from-config';
import { createLogger } from '../server/logger';
import { startSandbox, type Sandbox } from '../sandbox/start-sandbox';
import { ControlClient } from '../sandbox/microsoft365/control/client';
import { ADELE_ID, CONTOSO_TENANT_ID } from '../sandbox/microsoft365/world/seed';

describe('the backend process, configured against the sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backend-'));
  let sandbox: Sandbox;
  let backend: Backend;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir, backendPort: 0, host: '127.0.0.1' });
    const config = parseConfig({
      ...sandbox.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: `file:${dir}/sync.db`,
      LOG_LEVEL: 'silent',
    });
    backend = await startBackend(config, createLogger({ level: 'silent' }));
  });

  afterAll(async () => {
    await backend.shutdown.run('test over');
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when started, then it serves HTTPS with the development certificate and is ready', async () => {
    expect(backend.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${backend.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: true, migrations: true } });
    expect(backend.store.engine).toBe('sqlite');
  });

  it('when the add-in API is called without a token, then 401 problem; with the pane token, then the person', async () => {
    const anonymous = await fetch(`${backend.url}/api/me`);
    expect(anonymous.status).toBe(401);
    const m365 = new ControlClient(sandbox.env.AUTH_AUTHORITY_HOST as string);
    const token = await m365.mintAddinToken({ user: ADELE_ID });
    const me = await fetch(`${backend.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      mailbox: { tenantId: CONTOSO_TENANT_ID, userId: ADELE_ID },
      connection: 'not_connected',
      erp: { kind: 'odoo' },
      policy: { direction: 'two_way', scope: 'marked', conflicts: 'ask', category: 'ERP' },
    });
  });

  it('when ERP_KIND=rest is chosen, then the sandbox reference ERP answers through the REST adapter', async () => {
    const config = parseConfig({ ...sandbox.env, ERP_KIND: 'rest', DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const erp = erpFromConfig(config, createLogger({ level: 'silent' }));
    expect(erp.kind).toBe('rest');
    await expect(erp.checkConnection()).resolves.toMatchObject({ protocol: expect.any(String) });
    expect(await erp.findUser('adele@contoso.example')).toMatchObject({ email: 'adele@contoso.example' });
  });

  it('when the admin API is called, then only the configured key opens it', async () => {
    expect((await fetch(`${backend.url}/admin/mailboxes`)).status).toBe(401);
    const listed = await fetch(`${backend.url}/admin/mailboxes`, {
      headers: { authorization: `Bearer ${sandbox.env.ADMIN_API_KEY}` },
    });
    expect(listed.status).toBe(200);
  });

  it('when shutdown starts, then readiness fails, the listener closes and the store is closed', async () => {
    const done = backend.shutdown.run('SIGTERM');
    expect(backend.shutdown.draining()).toBe(true);
    await done;
    expect(backend.server.listening).toBe(false);
    await expect(fetch(`${backend.url}/healthz`)).rejects.toThrow();
    expect((await backend.store.health()).ok).toBe(false);
  });
});
