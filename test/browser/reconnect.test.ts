import { openAppointment, screenshot, startBrowserWorld, type BrowserWorld } from './harness';

const SUBJECT = 'Quarterly review with Northwind';

describe('reconnecting from the task pane', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
    // Access tokens shorter than msal's refresh margin: every background use of the mailbox redeems its refresh token.
    await world.m365.updateSettings({ accessTokenLifetimeSeconds: 120 });
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  const banner = () => world.pane.getByText('ERP sync lost access to your calendar');
  const reconnectButton = () => world.pane.getByRole('button', { name: 'Reconnect' });
  const connectBanner = () => world.pane.getByText('Connect ERP sync to your calendar');

  it('when the person has never connected, then the pane asks to connect and Reconnect connects the mailbox', async () => {
    await openAppointment(world, SUBJECT);
    await connectBanner().waitFor({ timeout: 20_000 });
    expect(await banner().count()).toBe(0);
    await screenshot(world, '10-not-connected');
    await world.pane.getByRole('button', { name: 'Connect' }).click();
    await connectBanner().waitFor({ state: 'detached', timeout: 20_000 });
    await world.pane.getByRole('switch', { name: 'Sync with Odoo' }).waitFor();
    expect(await world.pane.getByRole('switch', { name: 'Sync with Odoo' }).isDisabled()).toBe(false);
    await screenshot(world, '11-connected');
  }, 60_000);

  it('when the refresh tokens are revoked, then after a background sync the pane shows the reconnect banner, and Reconnect clears it', async () => {
    const { revoked } = await world.m365.revokeRefreshTokens('adele@contoso.example');
    expect(revoked).toBeGreaterThan(0);
    // The background sync finds the revoked grant and marks the mailbox: the pane learns it from /api/me.
    await world.adminSync().catch((error: unknown) => error);
    await openAppointment(world, SUBJECT);
    await banner().waitFor({ timeout: 20_000 });
    await screenshot(world, '12-revoked-banner');

    await reconnectButton().click();
    await banner().waitFor({ state: 'detached', timeout: 20_000 });
    const summary = (await world.adminSync()) as Record<string, unknown>;
    expect(JSON.stringify(summary)).not.toMatch(/needs_reconnect/);
    await screenshot(world, '13-reconnected');
  }, 60_000);
});
