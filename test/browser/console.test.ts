/**
 * The admin console in Chromium against the whole sandbox: sign-in through the identity emulator (auth code flow
 * with PKCE, the Sync.Admin app role), the gate for a person without the role, and every screen with a screenshot
 * and axe-core (no serious or critical violation).
 */
import type { Page } from 'playwright-core';
import { startBrowserWorld, type BrowserWorld } from './harness';
import { checkConsole, connectPerson, openConsolePage, signIn } from './console-checks';

describe('the admin console in Chromium', () => {
  let world: BrowserWorld;
  let page: Page;

  beforeAll(async () => {
    world = await startBrowserWorld();
    // The demo person connects as from the pane, then syncs once: her calendar and the ERP are paired.
    await connectPerson(world, 'adele@contoso.example');
    await world.adminSync();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('when a person without the Sync.Admin role signs in, then a plain page says they need the role', async () => {
    const other = await openConsolePage(world);
    await signIn(world, other, 'megan@contoso.example');
    await other.getByRole('heading', { name: 'You need the Sync.Admin role' }).waitFor();
    await checkConsole(other, '00-needs-role');
    await other.close();
  }, 60_000);

  it('when an admin signs in, then the mailboxes screen lists the demo mailbox', async () => {
    page = await openConsolePage(world);
    await signIn(world, page, 'adele@contoso.example');
    await page.getByRole('heading', { name: 'ERP Sync admin console' }).waitFor();
    await page.getByRole('cell', { name: 'adele@contoso.example' }).waitFor({ timeout: 20_000 });
    await checkConsole(page, '01-mailboxes');
  }, 60_000);
});
