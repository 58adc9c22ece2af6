import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/http/app';
import { addinConfigFor, addinStaticRouter } from '../../server/http/addin-static';
import { createLogger } from '../../server/logger';

describe('serving the task pane', () => {
  const dir = mkdtempSync(join(tmpdir(), 'addin-'));
  let server: Server;
  let base: string;
  const config = addinConfigFor({
    publicUrl: 'https://sync.example.com',
    clientId: '3f2e1d0c-9b8a-4765-a432-10fedcba9876',
    authorityHost: 'https://login.microsoftonline.com',
  });

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'taskpane.html'), '<!doctype html><title>pane</title>');
    writeFileSync(join(dir, 'taskpane.0123abcd.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50]));
    const app = createApp({
      logger: createLogger({ level: 'silent' }),
      readiness: { check: async () => ({}), draining: () => false },
      routes: [{ path: '/addin', router: addinStaticRouter({ dir, config }) }],
    });
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the pane asks its configuration, then it gets the client id, API origin and scope', async () => {
    const res = await fetch(`${base}/addin/config.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      clientId: '3f2e1d0c-9b8a-4765-a432-10fedcba9876',
      apiOrigin: 'https://sync.example.com',
      apiScope: 'api://sync.example.com/3f2e1d0c-9b8a-4765-a432-10fedcba9876/access_as_user',
      authority: 'https://login.microsoftonline.com/organizations',
    });
  });

  it('when Outlook frames the pane, then no X-Frame-Options blocks it and the CSP names Outlook hosts', async () => {
    const res = await fetch(`${base}/addin/taskpane.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors');
    expect(csp).toContain('https://outlook.office.com');
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).not.toContain('https://localhost:*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('when a hashed bundle is fetched, then it is cacheable for a year; icons are revalidated', async () => {
    const bundle = await fetch(`${base}/addin/taskpane.0123abcd.js`);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await fetch(`${base}/addin/assets/icon-16.png`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('when a file is missing, then a 404 problem answers', async () => {
    const res = await fetch(`${base}/addin/nope.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('when a page of a pane not built yet is asked, then a clear page says it is being built and reloads, never JSON', async () => {
    const res = await fetch(`${base}/addin/auth-dialog.html`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('retry-after')).toBe('5');
    const page = await res.text();
    expect(page).toContain('ERP sync is being built');
    // It opens the pane once built (a script that looks, not a timed refresh) and offers a reload link.
    expect(page).toContain('<script src="not-built.js"></script>');
    expect(page).toContain('reload now');
    const script = await fetch(`${base}/addin/not-built.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('location.reload()');
  });
});
