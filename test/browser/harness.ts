/**
 * The browser suites' world: the whole sandbox (both emulators and the Outlook simulator) and the backend in
 * process on free ports, and Debian's Chromium driven by playwright-core on the simulator page. Screenshots of
 * the task pane (320 px, as Outlook shows it) and of the whole page go to test-artifacts/browser/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { reservePort } from '../support/ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { startBackend, type Backend } from '../../server/backend';
import { parseConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { ControlClient } from '../../sandbox/microsoft365/control/client';
import { DEMO_PERSON, startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { ensureAddinBuilt } from './addin-build';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserWorld {
  sandbox: Sandbox;
  backend: Backend;
  /** The backend's public origin (PUBLIC_URL, https://localhost:PORT): what people open, e.g. the admin console. */
  publicUrl: string;
  browser: Browser;
  page: Page;
  /** The task pane inside the simulator page. */
  pane: FrameLocator;
  /** The Microsoft 365 emulator's control API (the backend's start made its CA trusted in this process). */
  m365: ControlClient;
  /** Calls the Odoo emulator's control API (`/_control/<path>`) and returns its JSON. */
  odoo(path: string, body?: unknown): Promise<unknown>;
  /** Runs one sync of the demo person's mailbox through the backend's admin API and returns its summary. */
  adminSync(): Promise<unknown>;
  /** Console errors and failed requests of the page and the pane, for failure messages. */
  problems: string[];
  stop(): Promise<void>;
}

async function jsonOrThrow(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export interface BrowserWorldOptions {
  /** Office's display language in the simulator (`?lang=`), e.g. es-ES. */
  lang?: string;
  /**
   * Playwright's clock in the page and the pane (installed before they load, flowing in real time), so a suite can
   * move the pane's time forward with `page.clock.fastForward`.
   */
  clock?: boolean;
  /** Backend variables over the sandbox's (e.g. AUTH_CLIENT_SECRET_EXPIRES for the console's expiry alert). */
  env?: Record<string, string>;
}

export async function startBrowserWorld(options: BrowserWorldOptions = {}): Promise<BrowserWorld> {
  ensureAddinBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'browser-world-'));
  const reserved = await reservePort();
  const port = reserved.port;
  const backendUrl = `https://localhost:${port}`;
  const sandbox = await startSandbox({ dataDir: dir, backendPort: 0, host: '127.0.0.1', backendUrl });
  const config = parseConfig({
    ...sandbox.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: backendUrl,
    DATA_DIR: dir,
    DATABASE_URL: `file:${dir}/sync.db`,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  await reserved.release();
  const backend = await startBackend(config, createLogger({ level: 'silent' }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 900 } });
  if (options.clock) await context.clock.install();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  await page.goto(`${sandbox.simulator.url}${options.lang ? `/?lang=${encodeURIComponent(options.lang)}` : ''}`);
  const odooUrl = sandbox.env.ODOO_URL;
  return {
    sandbox,
    backend,
    publicUrl: backendUrl,
    browser,
    page,
    pane: page.frameLocator('#pane-frame'),
    m365: new ControlClient(sandbox.env.GRAPH_BASE_URL!),
    odoo: async (path, body) =>
      jsonOrThrow(
        await fetch(`${odooUrl}/_control/${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        `Odoo control ${path}`,
      ),
    adminSync: async () =>
      jsonOrThrow(
        await fetch(`${backend.url}/admin/sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${sandbox.env.ADMIN_API_KEY}` },
          body: JSON.stringify({ mailbox: DEMO_PERSON.emailAddress }),
        }),
        'POST /admin/sync',
      ),
    problems,
    stop: async () => {
      await browser.close();
      await backend.shutdown.run('browser suite over');
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens an appointment of the calendar list by its title. */
export async function openAppointment(world: BrowserWorld, subject: string | RegExp): Promise<void> {
  await world.page.locator('#event-list button', { hasText: subject }).first().click();
}

/** Keeps the pane (320 px) and the whole page as `<name>-pane.png` and `<name>-page.png`. */
export async function screenshot(world: BrowserWorld, name: string): Promise<void> {
  await world.page.locator('#pane-frame').screenshot({ path: join(ARTIFACTS, `${name}-pane.png`) });
  await world.page.screenshot({ path: join(ARTIFACTS, `${name}-page.png`) });
}
