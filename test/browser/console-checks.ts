/**
 * The admin console in the browser world: a page of its own at the backend's /admin/console/, signed in through the
 * identity emulator's account picker (msal-browser's real redirect flow), and the checks every console screen gets:
 * a full-page screenshot (test-artifacts/browser/console-<name>.png) and axe-core (serious/critical returned).
 */
import { source as axeSource } from 'axe-core';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, type BrowserWorld } from './harness';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Every axe line printed, for the final report (state -> violations summary). */
export const AXE_LOG: string[] = [];

/** GET from the admin API with the admin key; the answer's JSON. */
export async function adminGet<T>(world: BrowserWorld, path: string): Promise<T> {
  const response = await fetch(`${world.publicUrl}${path}`, {
    headers: { authorization: `Bearer ${world.sandbox.env.ADMIN_API_KEY}` },
  });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** POST to the admin API with the admin key (JSON body). */
export async function adminPost(world: BrowserWorld, path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(`${world.publicUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${world.sandbox.env.ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
}

/** Connects a person's mailbox as the pane does (POST /api/connect with the token Office would hand the pane). */
export async function connectPerson(world: BrowserWorld, upn: string): Promise<void> {
  const token = await world.m365.mintAddinToken({ user: upn });
  const response = await fetch(`${world.publicUrl}/api/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok)
    throw new Error(`POST /api/connect for ${upn} answered ${response.status}: ${await response.text()}`);
}

/** A new page of the world's browser context (the simulator page stays as it is). */
export async function openConsolePage(world: BrowserWorld): Promise<Page> {
  const page = await world.page.context().newPage();
  page.on('pageerror', (error) => world.problems.push(`console page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') world.problems.push(`console: ${message.text()}`);
  });
  return page;
}

/** Opens the console and signs in as `upn` on the emulator's account picker; waits for the console or the gate. */
export async function signIn(world: BrowserWorld, page: Page, upn: string): Promise<void> {
  await page.goto(`${world.publicUrl}/admin/console/`);
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.getByRole('heading', { name: 'Pick an account' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: new RegExp(upn.replace('.', '\\.')) }).click();
  await page.waitForURL(`${world.publicUrl}/admin/console/**`, { timeout: 20_000 });
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 20_000 });
}

/** axe-core over the console page; prints one line per state and returns the serious and critical violations. */
export async function consoleAxe(page: Page, state: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>('axe.run(document).then((result) => result.violations)');
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(' ') || 'none';
  const line = `axe [console ${state}]: ${violations.length} violation(s): ${summary}`;
  AXE_LOG.push(line);
  process.stdout.write(`${line}\n`);
  return blocking;
}

/** Screenshot (console-<name>.png, whole page) and axe for one console state; fails on serious/critical. */
export async function checkConsole(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });
  const blocking = await consoleAxe(page, name);
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
