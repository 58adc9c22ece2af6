/**
 * The console's tenants screen in Chromium against the whole sandbox (issue 14 Must 3: the console covers the admin
 * API): the tenant list with sign-in mode, mailbox count and policy in effect; the sign-in mode switch, refused in
 * plain words while Microsoft's sign-in service fails, then done with the keyboard both ways; "Edit policy" opens the
 * policy of that tenant; then the mailboxes filtered on the server (listMailboxes' state and tenant), the count and
 * the rows narrowed, a filter nothing matches said in words, and Clear. Screens kept as
 * test-artifacts/browser/console-15..21-*.png, each checked with axe-core.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startBrowserWorld, type BrowserWorld } from './harness';
import { adminGet, adminPost, checkConsole, connectPerson, openConsolePage, signIn } from './console-checks';

const PERSON = 'adele@contoso.example';
const ADMIN = 'megan@contoso.example';
/** A second person of the tenant, connected for the mailbox filters: her mailbox stays unpaused. */
const OTHER = 'alex@contoso.example';

interface TenantView {
  id: string;
  name: string;
  authMode: string;
  mailboxes: number;
  policy: { effective: Record<string, unknown> };
}

describe('the admin console: tenants and their sign-in mode', () => {
  let world: BrowserWorld;
  let page: Page;
  let tenant: TenantView;

  beforeAll(async () => {
    world = await startBrowserWorld();
    await connectPerson(world, PERSON);
    page = await openConsolePage(world);
    await signIn(world, page, ADMIN);
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  afterEach(async () => {
    await page?.screenshot({ path: join(ARTIFACTS, 'console-last.png'), fullPage: true }).catch(() => undefined);
  });

  const tenantRow = () =>
    page.getByRole('table', { name: 'Tenants' }).getByRole('row', { name: new RegExp(tenant.id) });
  const dialog = () => page.getByRole('dialog', { name: `Sign-in mode of ${tenant.name}` });

  /** Keyboard only: focus walks (Tab) to the row's "Change sign-in mode" button, Enter opens the dialog. */
  async function openSwitchWithKeyboard(): Promise<void> {
    const button = page.getByRole('button', { name: `Change sign-in mode of ${tenant.name}` });
    await tabTo(async () => button.evaluate((el) => el === el.ownerDocument.activeElement), 40);
    await page.keyboard.press('Enter');
    await dialog().waitFor();
  }
  async function tabTo(focused: () => Promise<boolean>, limit: number): Promise<void> {
    for (let i = 0; i < limit; i++) {
      if (await focused()) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`not reached with ${limit} Tab presses`);
  }
  /** In the open dialog: walk to "Switch" with Tab and press Enter. */
  async function switchWithKeyboard(): Promise<void> {
    const button = dialog().getByRole('button', { name: 'Switch' });
    await tabTo(async () => button.evaluate((el) => el === el.ownerDocument.activeElement), 10);
    await page.keyboard.press('Enter');
  }

  it('when the admin opens Tenants, then the tenant shows its sign-in mode, mailbox count and policy in effect', async () => {
    [tenant] = (await adminGet<{ tenants: TenantView[] }>(world, '/admin/tenants')).tenants as [TenantView];
    expect(tenant).toMatchObject({ authMode: 'delegated', mailboxes: 1 });
    await page.getByRole('navigation', { name: 'Console screens' }).getByRole('link', { name: 'Tenants' }).click();
    await tenantRow().waitFor({ timeout: 20_000 });
    const cells = tenantRow().getByRole('cell');
    await expect(cells.nth(1).textContent()).resolves.toBe("Each person's consent (delegated)");
    await expect(cells.nth(2).textContent()).resolves.toBe('1');
    // The policy column reads the effective policy in words (the product default direction is both ways).
    expect(tenant.policy.effective.direction).toBe('twoWay');
    await expect(cells.nth(3).textContent()).resolves.toContain('Direction: Both ways');
    await expect(cells.nth(3).textContent()).resolves.toContain('Product defaults throughout.');
    await checkConsole(page, '15-tenants');
  }, 60_000);

  it("when Microsoft's sign-in service fails, then switching to app-only is refused in plain words and nothing changes", async () => {
    // One 503 (AADSTS90033) with Retry-After 1: msal then replays that failure for 1 s (its throttling), no longer.
    await world.m365.call('POST', '/token-faults', { status: 503, count: 1, retryAfterSeconds: 1 });
    await openSwitchWithKeyboard();
    await expect(
      dialog()
        .getByRole('radio', { name: /App-only/ })
        .isChecked(),
    ).resolves.toBe(true);
    await checkConsole(page, '16-auth-mode-dialog');
    await switchWithKeyboard();
    const alert = dialog().getByRole('alert');
    await alert.getByText('The sign-in mode was not changed').waitFor({ timeout: 20_000 });
    await expect(alert.textContent()).resolves.toMatch(/did not answer; nothing changed\. Try again in a minute\./);
    await checkConsole(page, '17-auth-mode-refused');
    expect((await adminGet<TenantView>(world, `/admin/tenants/${tenant.id}`)).authMode).toBe('delegated');
    const { actions } = await adminGet<{ actions: Array<{ action: string; outcome: string }> }>(
      world,
      '/admin/actions?action=tenant.auth_mode.update',
    );
    expect(actions.map((a) => a.outcome)).toEqual(['failed']);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
  }, 60_000);

  it('when the admin switches to app-only with the keyboard, then the list and the API say app-only; switching back restores delegated', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past msal's 1 s throttle after the 503
    await openSwitchWithKeyboard();
    await switchWithKeyboard();
    await page.getByText(`${tenant.name} now signs in with: App-only (application permission).`).waitFor();
    await dialog().waitFor({ state: 'hidden' });
    await tenantRow().getByText('App-only (application permission)').waitFor();
    await checkConsole(page, '18-auth-mode-app-only');
    expect((await adminGet<TenantView>(world, `/admin/tenants/${tenant.id}`)).authMode).toBe('app_only');

    await page.getByRole('button', { name: `Change sign-in mode of ${tenant.name}` }).click();
    await dialog()
      .getByRole('radio', { name: /delegated/ })
      .check();
    await dialog().getByRole('button', { name: 'Switch' }).click();
    await tenantRow().getByText("Each person's consent (delegated)").waitFor();
    expect((await adminGet<TenantView>(world, `/admin/tenants/${tenant.id}`)).authMode).toBe('delegated');
    const { actions } = await adminGet<{ actions: Array<{ outcome: string; details: unknown }> }>(
      world,
      '/admin/actions?action=tenant.auth_mode.update',
    );
    expect(actions.map((a) => a.outcome)).toEqual(['ok', 'ok', 'failed']);
  }, 60_000);

  it("when the admin follows a tenant's Edit policy, then the policy editor opens on that tenant", async () => {
    await tenantRow()
      .getByRole('link', { name: `Edit policy of ${tenant.name}` })
      .click();
    await page.locator('nav a[aria-current="page"]', { hasText: 'Tenant policy' }).waitFor();
    await page.getByRole('form', { name: 'Tenant policy' }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Direction' }).inputValue()).resolves.toBe('twoWay');
    await checkConsole(page, '19-tenant-policy-from-list');
    expect(world.problems.filter((p) => p.includes('page error'))).toEqual([]);
  }, 60_000);

  /** The people of the Mailboxes table, in order (body rows only: the first cell of each). */
  const mailboxPeople = () =>
    page.getByRole('table', { name: 'Mailboxes' }).locator('tbody tr td:nth-child(1)').allTextContents();
  const mailboxCount = () => page.getByRole('region', { name: 'Mailboxes' }).getByRole('status');

  it("when the admin filters the mailboxes by state and tenant, then the server's answer narrows the rows and the count, a filter nothing matches says so, and Clear shows all again", async () => {
    await connectPerson(world, OTHER);
    type Listed = { mailboxes: Array<{ id: string; upn: string; state: string }> };
    const adele = (await adminGet<Listed>(world, '/admin/mailboxes')).mailboxes.find((m) => m.upn === PERSON)!;
    await adminPost(world, `/admin/mailboxes/${adele.id}/pause`, { reason: 'console filter check' });
    const paused = (await adminGet<Listed>(world, '/admin/mailboxes?state=paused')).mailboxes.map((m) => m.upn);
    expect(paused).toEqual([PERSON]);

    await page.getByRole('navigation', { name: 'Console screens' }).getByRole('link', { name: 'Mailboxes' }).click();
    // The whole list: both people (the console refreshes every 10 s; the second person may need one refresh).
    await mailboxCount().getByText('2 mailboxes', { exact: true }).waitFor({ timeout: 20_000 });
    expect((await mailboxPeople()).sort()).toEqual([PERSON, OTHER].sort());

    const filter = page.getByRole('search', { name: 'Filter the mailboxes' });
    await filter.getByRole('combobox', { name: 'State' }).selectOption({ label: 'Paused' });
    await filter.getByRole('combobox', { name: 'Tenant' }).selectOption({ label: tenant.name });
    const asked = page.waitForRequest((r) => r.url().includes('/admin/mailboxes?'));
    await filter.getByRole('button', { name: 'Search' }).click();
    // Filtered on the server: the query carries both filters.
    const url = new URL((await asked).url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ state: 'paused', tenantId: tenant.id });
    await mailboxCount().getByText('1 of 2 mailboxes', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await mailboxPeople()).toEqual(paused);
    await page
      .getByRole('table', { name: 'Mailboxes' })
      .getByRole('row', { name: /Paused/ })
      .waitFor();
    await checkConsole(page, '20-mailboxes-filtered');

    await filter.getByRole('combobox', { name: 'State' }).selectOption({ label: 'Any' });
    await filter.getByRole('combobox', { name: 'Condition' }).selectOption({ label: 'Deletions held by the guard' });
    await filter.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('table', { name: 'Mailboxes' })
      .getByText('No mailbox matches these filters. Clear them to see all 2 mailboxes.')
      .waitFor({ timeout: 20_000 });
    await expect(mailboxCount().textContent()).resolves.toBe('0 of 2 mailboxes');
    await checkConsole(page, '21-mailboxes-no-match');

    await filter.getByRole('button', { name: 'Clear' }).click();
    await mailboxCount().getByText('2 mailboxes', { exact: true }).waitFor({ timeout: 20_000 });
    expect((await mailboxPeople()).sort()).toEqual([PERSON, OTHER].sort());
    await expect(filter.getByRole('combobox', { name: 'Condition' }).inputValue()).resolves.toBe('');
    await adminPost(world, `/admin/mailboxes/${adele.id}/resume`);
    expect(world.problems.filter((p) => p.includes('page error'))).toEqual([]);
  }, 90_000);
});
