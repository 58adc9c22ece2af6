import { openAppointment, screenshot, startBrowserWorld, type BrowserWorld } from './harness';

describe('the Outlook simulator in Chromium', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('when the page opens, then it lists the demo calendar and the ERP records', async () => {
    const { page } = world;
    await page.locator('#event-list button', { hasText: 'Customer visit: Fabrikam' }).waitFor();
    expect(await page.locator('#event-list button').count()).toBeGreaterThanOrEqual(4);
    await page.locator('#erp-rows tr').first().waitFor();
    expect(await page.locator('#person').textContent()).toContain('adele@contoso.example');
  });

  it('when an appointment is chosen, then the real task pane renders inside the stand-in Office host', async () => {
    await openAppointment(world, 'Customer visit: Fabrikam');
    const { pane } = world;
    await pane.getByRole('heading', { name: 'Customer visit: Fabrikam' }).waitFor({ timeout: 20_000 });
    await pane.getByRole('switch', { name: 'Sync with Odoo' }).waitFor();
    await screenshot(world, '01-pane-opened');
    expect(world.problems.filter((p) => p.startsWith('page error'))).toEqual([]);
  }, 60_000);
});
