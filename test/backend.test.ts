import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../server/backend';
import { parseConfig } from '../server/config';
import { createLogger } from '../server/logger';

describe('the backend process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backend-'));
  let backend: Backend;

  beforeAll(async () => {
    const config = parseConfig({
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('when started without configuration, then it serves HTTPS with the development certificate and is ready', async () => {
    expect(backend.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${backend.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: true, migrations: true } });
    expect(backend.store.engine).toBe('sqlite');
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
