import { manifestId } from '../../sandbox/simulator/server';
import { screenshot, startBrowserWorld, type BrowserWorld } from './harness';

interface RawEvent {
  subject: string;
  singleValueExtendedProperties?: Array<{ id: string; value: string }>;
}

describe('a new appointment in compose mode', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function erpNames(): Promise<string[]> {
    const response = await fetch(`${world.sandbox.simulator.url}/sim/api/erp/events`);
    return ((await response.json()) as { value: Array<{ name: string }> }).value.map((event) => event.name);
  }

  it('when it is marked in the pane before its first save, then Outlook saves the mark as the add-in custom property', async () => {
    const { page, pane } = world;
    await page.locator('#new-event').click();
    await page.locator('#field-subject').fill('Planning with Alex');
    await pane.getByRole('button', { name: 'Connect' }).click();
    await pane.getByText('Connect ERP sync to your calendar').waitFor({ state: 'detached', timeout: 20_000 });
    await pane.getByText('This event is not saved yet.', { exact: false }).waitFor();

    await pane.getByRole('switch', { name: 'Sync with Odoo' }).click();
    await pane.getByText('This new event is marked for sync.', { exact: false }).waitFor();
    await screenshot(world, '30-compose-marked');
    await page.locator('#save-item').click();
    await page.locator('#item-message', { hasText: 'Saved.' }).waitFor();

    const { value } = await world.m365.call<{ value: RawEvent[] }>('GET', '/mailboxes/adele@contoso.example/events');
    const saved = value.find((event) => event.subject === 'Planning with Alex');
    const property = saved?.singleValueExtendedProperties?.find((p) =>
      p.id.toLowerCase().endsWith(`name cecp-${manifestId()}`.toLowerCase()),
    );
    expect(property).toBeDefined();
    const stored = JSON.parse(property!.value) as Record<string, string>;
    expect(JSON.parse(stored.erpSync!)).toEqual({ track: true, link: null });
    await page.locator('#event-list button', { hasText: 'Planning with Alex' }).waitFor();

    // The running backend reads the saved mark: its next sync copies the appointment to the ERP.
    await world.adminSync();
    expect(await erpNames()).toContain('Planning with Alex');
  }, 90_000);

  it('when the switch is turned on and off again before the first save, then the saved {"track":false} is no mark', async () => {
    const { page, pane } = world;
    await page.locator('#new-event').click();
    await page.locator('#field-subject').fill('Private dentist');
    const toggle = pane.getByRole('switch', { name: 'Sync with Odoo' });
    await toggle.click();
    await pane.getByText('This new event is marked for sync.', { exact: false }).waitFor();
    await toggle.click();
    await pane.getByText('This event is not saved yet.', { exact: false }).waitFor();
    await page.locator('#save-item').click();
    await page.locator('#item-message', { hasText: 'Saved.' }).waitFor();

    await world.adminSync();
    expect(await erpNames()).not.toContain('Private dentist');
  }, 90_000);
});
