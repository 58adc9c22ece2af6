/**
 * A real backend configured as production is (SYNC_MODE=production, every secret set, one allowed tenant), whose
 * upstreams (identity, Graph, the ERP) are addresses nobody answers: for suites about what the HTTP edge accepts
 * before any upstream is asked. A web-only process (SYNC_CONCURRENCY=0): syncs are queued and counted, never run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type Backend } from '../../server/backend';
import { parseConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/logger';

export interface ProductionBackend {
  backend: Backend;
  config: Config;
  /** `sync_enqueued_total` for one trigger kind. */
  enqueued(trigger: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startProductionBackend(env: Record<string, string> = {}): Promise<ProductionBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'prod-backend-'));
  const config = parseConfig({
    SYNC_MODE: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://sync.example.test',
    DATA_DIR: dir,
    DATABASE_URL: `file:${dir}/sync.db`,
    LOG_LEVEL: 'silent',
    AUTH_AUTHORITY_HOST: 'https://127.0.0.1:9',
    GRAPH_BASE_URL: 'https://127.0.0.1:9',
    AUTH_CLIENT_ID: randomUUID(),
    AUTH_CLIENT_SECRET: 'not-used-here',
    AUTH_ALLOWED_TENANTS: randomUUID(),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    ERP_KIND: 'rest',
    REST_ERP_URL: 'http://127.0.0.1:9/api',
    REST_ERP_TOKEN: 'not-used-here',
    GRAPH_NOTIFICATIONS: 'off',
    SYNC_CONCURRENCY: '0',
    ERP_POLL_SECONDS: '86400',
    SWEEP_HOURS: '1000',
    ...env,
  });
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  return {
    backend,
    config,
    async enqueued(trigger) {
      const text = await backend.services.metrics.registry.getSingleMetricAsString('sync_enqueued_total');
      return Number(new RegExp(`trigger="${trigger}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    },
    async stop() {
      await backend.shutdown.run('test over');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A problem body: JSON, RFC 9457 members, nothing from the inside (HTML, stack frames, file paths). */
export async function expectProblem(answer: Response, status: number): Promise<Record<string, unknown>> {
  const text = await answer.text();
  expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(text).not.toMatch(/<html|<pre|\bat \w+ \(|node_modules|\/work\/|\/home\/|\.ts:\d|\.js:\d/i);
  return body;
}
