/**
 * The admin console in Chromium against the whole sandbox, as one admin's session: sign-in through the identity
 * emulator (auth code flow with PKCE; Megan holds the app role Sync.Admin, Adele does not), then policy change,
 * dry run, the mass-delete guard confirmed from its list, reset with preview, audit search and CSV, and every screen
 * filtered runs and admin actions (and the filtered actions CSV), with a screenshot (test-artifacts/browser/console-*.png) and axe-core (no serious or critical violation).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, startBrowserWorld, type BrowserWorld } from './harness';
import { adminGet, adminPost, checkConsole, connectPerson, openConsolePage, signIn } from './console-checks';

/** Polls `read` until `ok` holds (background syncs finish on their own time); throws with the last value read. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const PERSON = 'adele@contoso.example';
const ADMIN = 'megan@contoso.example';
const NEW_IN_ERP = 'Console check: visit planned in Odoo';
/** The app's client secret expires in 20 days: inside the 30 days the console warns before. */
const SECRET_EXPIRES = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
/** ERP events of the person (synced to her Outlook) that disappear from Outlook at once. */
const GONE = ['Fabrikam kick-off', 'Trade fair'];

describe('the admin console in Chromium', () => {
  let world: BrowserWorld;
  let page: Page;

  beforeAll(async () => {
    world = await startBrowserWorld({ env: { AUTH_CLIENT_SECRET_EXPIRES: SECRET_EXPIRES } });
    // The demo person connects as from the pane, then syncs once.
    await connectPerson(world, PERSON);
    await world.adminSync();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  // The last state of the console page, whatever the outcome (a failed step is looked at from here).
  afterEach(async () => {
    await page?.screenshot({ path: join(ARTIFACTS, 'console-last.png'), fullPage: true }).catch(() => undefined);
  });

  async function erpEvents(): Promise<Array<{ id: number; name: string }>> {
    const response = await fetch(`${world.sandbox.simulator.url}/sim/api/erp/events`);
    return ((await response.json()) as { value: Array<{ id: number; name: string }> }).value;
  }

  /** The person's Outlook calendar through Graph, with a delegated token as Outlook holds one. */
  async function outlook(method: string, path: string): Promise<unknown> {
    const token = await world.m365.mintGraphToken({ user: PERSON });
    const response = await fetch(`${world.sandbox.env.GRAPH_BASE_URL}/v1.0/me${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  const mailboxRow = () => page.getByRole('row', { name: new RegExp(PERSON) });
  async function openScreen(name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Console screens' }).getByRole('link', { name }).click();
    await page.locator('nav a[aria-current="page"]', { hasText: name }).waitFor();
  }
  async function openMailbox(): Promise<void> {
    await openScreen('Mailboxes');
    const toggle = page.getByRole('button', { name: new RegExp(`^(Open|Close) ${PERSON}$`) });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await page.getByRole('heading', { name: PERSON, level: 2 }).waitFor();
  }

  it('when a person without the Sync.Admin role signs in, then a plain page says they need the role', async () => {
    const other = await openConsolePage(world);
    await signIn(world, other, PERSON);
    await other.getByRole('heading', { name: 'You need the Sync.Admin role' }).waitFor();
    await checkConsole(other, '00-needs-role');
    await other.close();
  }, 60_000);

  it('when an admin signs in, then the mailboxes screen lists the demo mailbox with its state', async () => {
    page = await openConsolePage(world);
    await signIn(world, page, ADMIN);
    await mailboxRow().waitFor({ timeout: 20_000 });
    await mailboxRow().getByText('Syncing').waitFor();
    await checkConsole(page, '01-mailboxes');
  }, 60_000);

  it("when the app's client secret expires within 30 days, then an alert on top says when and which variables to change, and the ERP screen lists the credentials", async () => {
    const alert = page
      .getByRole('region', { name: 'Alerts' })
      .getByText(/The app's client secret expires in (19|20) days/);
    await alert.waitFor({ timeout: 20_000 });
    await page
      .getByRole('region', { name: 'Alerts' })
      .getByText(/set AUTH_CLIENT_SECRET and AUTH_CLIENT_SECRET_EXPIRES before then/)
      .waitFor();
    const api = await adminGet<{ app: { daysLeft: number; expiresSoon: boolean } }>(world, '/admin/credentials');
    expect(api.app.expiresSoon).toBe(true);
    await expect(alert.textContent()).resolves.toContain(`expires in ${api.app.daysLeft} days`);
    await checkConsole(page, '13-credential-expiry');

    await openScreen('ERP connection');
    const table = page.getByRole('table', { name: 'Credentials' });
    await table.getByRole('row', { name: /App registration \(Microsoft\) Client secret .* renew soon/ }).waitFor();
    await table.getByRole('row', { name: /odoo for .* API key Last worked .* ODOO_API_KEY/ }).waitFor();
    await checkConsole(page, '14-credentials');
    await openScreen('Mailboxes');
  }, 60_000);

  it('when the policy gets a value out of range, then the field says why; once fixed, the policy is saved', async () => {
    await openScreen('Tenant policy');
    const share = page.getByRole('textbox', { name: 'Mass-delete guard: share' });
    await share.fill('2');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').filter({ hasText: 'The policy was not saved' }).waitFor();
    await page
      .getByText(/less than or equal to 1|<=\s*1|at most 1/i)
      .first()
      .waitFor();
    await checkConsole(page, '02-policy-invalid');

    await share.fill('0.1');
    await page.getByRole('textbox', { name: 'Mass-delete guard: at least' }).fill('2');
    await page.getByRole('combobox', { name: 'Direction' }).selectOption('twoWay');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('The policy is saved').waitFor();
    await checkConsole(page, '03-policy-saved');
    const { tenants } = await adminGet<{ tenants: Array<{ id: string }> }>(world, '/admin/tenants');
    const view = await adminGet<{ stored: Record<string, unknown> }>(world, `/admin/tenants/${tenants[0]!.id}/policy`);
    expect(view.stored).toMatchObject({ direction: 'twoWay', massDelete: { maxShare: 0.1, minCount: 2 } });
  }, 60_000);

  /** A new event of the person in Odoo, as she would make it there (tomorrow 15:00-16:00 UTC). */
  async function createInOdoo(name: string): Promise<void> {
    const [me] = (
      (await world.odoo('act', {
        as: PERSON,
        model: 'res.users',
        method: 'search_read',
        args: [[['login', '=', PERSON]]],
        kwargs: { fields: ['partner_id'] },
      })) as { result: Array<{ partner_id: [number, string] }> }
    ).result;
    const day = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
    await world.odoo('act', {
      as: PERSON,
      model: 'calendar.event',
      method: 'create',
      args: [{ name, start: `${day} 15:00:00`, stop: `${day} 16:00:00`, partner_ids: [me!.partner_id[0]] }],
    });
  }

  async function outlookSubjects(): Promise<Array<{ id: string; subject: string }>> {
    return ((await outlook('GET', '/events?$top=100')) as { value: Array<{ id: string; subject: string }> }).value;
  }

  it('when the admin asks for a dry run, then it lists what a sync would do and changes nothing', async () => {
    await createInOdoo(NEW_IN_ERP);
    await openMailbox();
    await page.getByRole('button', { name: 'Dry run' }).click();
    const table = page.getByRole('table', { name: 'What the dry run would do' });
    await table.getByRole('cell', { name: NEW_IN_ERP }).waitFor({ timeout: 30_000 });
    await checkConsole(page, '04-dry-run');
    expect((await outlookSubjects()).map((e) => e.subject)).not.toContain(NEW_IN_ERP);
  }, 60_000);

  it('when most synced events vanish from Outlook, then the guard holds them; confirming from its list deletes them in the ERP', async () => {
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Sync finished').waitFor({ timeout: 30_000 });
    const doomed = (await outlookSubjects()).filter((e) => GONE.includes(e.subject));
    expect(doomed.map((e) => e.subject).sort()).toEqual([...GONE].sort());
    // Both deletions must reach one run (the guard weighs a run's deletions): with notifications on, a run between
    // the two would see one deletion, under the guard's minimum, and pass it. Paused, no run starts until resumed.
    const { mailboxes } = await adminGet<{ mailboxes: Array<{ id: string; email: string }> }>(
      world,
      '/admin/mailboxes',
    );
    const mailbox = mailboxes.find((m) => m.email === PERSON)!;
    await adminPost(world, `/admin/mailboxes/${mailbox.id}/pause`, { reason: 'both deletions in one run' });
    for (const event of doomed) await outlook('DELETE', `/events/${event.id}`);
    await adminPost(world, `/admin/mailboxes/${mailbox.id}/resume`);

    await page.getByRole('button', { name: 'Sync now' }).click();
    const held = page.getByRole('table', { name: 'Held deletions' });
    await held.getByRole('cell', { name: GONE[0] }).waitFor({ timeout: 30_000 });
    await page
      .getByRole('region', { name: 'Alerts' })
      .getByText('The mass-delete guard is holding deletions')
      .waitFor();
    await checkConsole(page, '05-guard-held');

    await page.getByRole('button', { name: /^Confirm 2 deletions$/ }).click();
    await page.getByRole('dialog', { name: 'Confirm the held deletions?' }).waitFor();
    await checkConsole(page, '06-guard-confirm');
    await page.getByRole('button', { name: 'Confirm deletions' }).click();
    await eventually(
      async () => (await erpEvents()).map((e) => e.name),
      (names) => !names.some((name) => GONE.includes(name)),
      30_000,
    );
  }, 90_000);

  it('when the admin resets with "delete in the ERP", then the preview lists the events and the reset deletes them', async () => {
    await openMailbox();
    await page.getByRole('button', { name: 'Reset...' }).click();
    const dialog = page.getByRole('dialog', { name: `Reset ${PERSON}` });
    await dialog.getByRole('combobox', { name: 'Events already synced' }).selectOption('deleteErp');
    await dialog.getByRole('combobox', { name: 'Then' }).selectOption('newOnly');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const list = dialog.getByRole('list', { name: 'Events the reset deletes' });
    await list.getByText(new RegExp(`${NEW_IN_ERP}.*deleted in the ERP`)).waitFor({ timeout: 20_000 });
    await checkConsole(page, '07-reset-preview');
    const reset = dialog.getByRole('button', { name: 'Reset now' });
    expect(await reset.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox').check();
    await reset.click();
    await page.getByText(new RegExp(`${PERSON} was reset`)).waitFor({ timeout: 30_000 });
    await dialog.waitFor({ state: 'hidden' });
    await checkConsole(page, '08-reset-done');
    await eventually(
      async () => (await erpEvents()).map((e) => e.name),
      (names) => !names.includes(NEW_IN_ERP),
      30_000,
    );
  }, 90_000);

  it('when the admin searches the audit log by action, then the entries page and the CSV holds the same search', async () => {
    await openScreen('Audit log');
    await page.getByRole('textbox', { name: 'Action' }).fill('reset');
    await page.getByRole('textbox', { name: 'Person' }).fill(PERSON);
    await page.getByRole('button', { name: 'Search' }).click();
    const table = page.getByRole('table', { name: 'Audit log entries' });
    await table
      .getByRole('cell', { name: /^reset$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await checkConsole(page, '09-audit-search');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('audit.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/action/);
    expect(csv).toMatch(/,reset,/);
    expect(csv).not.toMatch(/,(create|update|delete),/);
  }, 60_000);

  it('when the admin opens runs, the ERP test and admin actions with the keyboard, then each screen answers', async () => {
    // Keyboard only: Shift+Tab walks back along the screens' links, Enter opens one.
    const current = (name: string) => page.locator('nav a[aria-current="page"]', { hasText: name });
    await current('Audit log').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await current('Runs').waitFor();
    await page.getByRole('table', { name: 'Sync runs' }).getByText('succeeded').first().waitFor({ timeout: 20_000 });
    await checkConsole(page, '10-runs');

    await current('Runs').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await current('ERP connection').waitFor();
    await page.getByRole('button', { name: 'Test the ERP connection' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The ERP connection works').waitFor({ timeout: 20_000 });
    await checkConsole(page, '11-erp-test');

    await openScreen('Admin actions');
    await page.getByRole('table', { name: 'Admin actions' }).getByText('mailbox.reset').first().waitFor();
    await checkConsole(page, '12-admin-actions');
    expect(world.problems.filter((p) => p.includes('page error'))).toEqual([]);
  }, 60_000);

  /** The texts of one column of a console table (1-based), rows of the body only. */
  const column = (table: string, n: number) =>
    page.getByRole('table', { name: table }).locator(`tbody tr td:nth-child(${n})`).allTextContents();

  it('when the admin filters runs by trigger and admin actions by action, then only matching rows show and the CSV holds the same filter', async () => {
    type Runs = { runs: Array<{ trigger: string | null }> };
    const all = (await adminGet<Runs>(world, '/admin/runs?limit=500')).runs.map((r) => r.trigger ?? '-');
    // The rarest trigger: filtering by it must hide runs the unfiltered list shows.
    const counts = new Map<string, number>();
    for (const t of all) counts.set(t, (counts.get(t) ?? 0) + 1);
    const [trigger] = [...counts.entries()].sort((a, b) => a[1] - b[1])[0]!;
    expect(counts.size).toBeGreaterThan(1);

    await openScreen('Runs');
    await eventually(
      () => column('Sync runs', 3),
      (t) => new Set(t).size > 1,
      20_000,
    );
    await page.getByRole('combobox', { name: 'Trigger' }).selectOption(trigger);
    // A select does not submit on Enter: the keyboard reaches Search.
    await page.getByRole('button', { name: 'Search' }).press('Enter');
    const shown = await eventually(
      () => column('Sync runs', 3),
      (t) => t.length > 0 && t.every((x) => x === trigger),
      20_000,
    );
    expect(shown.length).toBe(Math.min(25, counts.get(trigger)!));
    await checkConsole(page, '13-runs-filtered');

    await page.getByRole('textbox', { name: 'To (UTC)' }).fill('2001-01-01T00:00');
    await page.getByRole('textbox', { name: 'To (UTC)' }).press('Enter');
    await page.getByRole('table', { name: 'Sync runs' }).getByText('No run matches.').waitFor({ timeout: 20_000 });

    await openScreen('Admin actions');
    const before = await eventually(
      () => column('Admin actions', 3),
      (a) => a.length > 0,
      20_000,
    );
    expect(before.some((a) => a !== 'mailbox.reset')).toBe(true);
    await page.getByRole('textbox', { name: 'Action' }).fill('mailbox.reset');
    await page.getByRole('textbox', { name: 'Action' }).press('Enter');
    await eventually(
      () => column('Admin actions', 3),
      (a) => a.length > 0 && a.every((x) => x === 'mailbox.reset'),
      20_000,
    );
    await checkConsole(page, '14-admin-actions-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('admin-actions.csv');
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('mailbox.reset'))).toBe(true);
    expect(lines.slice(1).some((l) => /tenant\.policy|mailbox\.(pause|resume|sync|dry)/.test(l))).toBe(false);
  }, 90_000);
});
