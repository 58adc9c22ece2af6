import { openAppointment, screenshot, startBrowserWorld, type BrowserWorld } from './harness';

/** One world for the story: mark, edit in the ERP, conflict; each step starts where the previous one ended. */
describe('syncing an appointment from the task pane', () => {
  let world: BrowserWorld;
  const SUBJECT = 'Customer visit: Fabrikam';
  const FROM_ERP = 'Customer visit: Fabrikam (moved in Odoo)';

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  const badge = () => world.pane.getByTestId('state-badge');
  /** Waits for the status badge; on a timeout the pane's screenshot and text say what it showed instead. */
  async function waitForBadge(text: string): Promise<void> {
    try {
      await world.pane.getByTestId('state-badge').filter({ hasText: text }).waitFor({ timeout: 45_000 });
    } catch (error) {
      await screenshot(world, `failed-waiting-for-${text.replace(/\W+/g, '-').toLowerCase()}`);
      const shown = await world.pane.locator('main').innerText();
      throw new Error(`the pane never showed "${text}"; it shows:\n${shown}`, { cause: error });
    }
  }

  async function erpEvents(): Promise<Array<{ id: number; name: string; start: string }>> {
    const response = await fetch(`${world.sandbox.simulator.url}/sim/api/erp/events`);
    return ((await response.json()) as { value: Array<{ id: number; name: string; start: string }> }).value;
  }

  async function erpEventNamed(name: string) {
    const found = (await erpEvents()).find((event) => event.name === name);
    if (!found) throw new Error(`no ERP event named ${name}: ${JSON.stringify(await erpEvents())}`);
    return found;
  }

  async function actInOdoo(id: number, values: Record<string, unknown>): Promise<void> {
    await world.odoo('act', {
      as: 'adele@contoso.example',
      model: 'calendar.event',
      method: 'write',
      args: [[id], values],
    });
  }

  it('when the person connects and turns on "Sync with ERP", then the status becomes Synced and Odoo holds the record', async () => {
    await openAppointment(world, SUBJECT);
    await world.pane.getByRole('button', { name: 'Connect' }).click();
    await world.pane.getByText('Connect ERP sync to your calendar').waitFor({ state: 'detached', timeout: 20_000 });
    await world.pane.getByRole('switch', { name: 'Sync with Odoo' }).click();
    await waitForBadge('Synced');
    await screenshot(world, '20-marked-synced');

    const record = await erpEventNamed(SUBJECT);
    expect(record.start.slice(11, 16)).toBe('09:00');
    await world.page.locator('#erp-rows tr', { hasText: SUBJECT }).waitFor();
  }, 90_000);

  it('when the record is edited in Odoo, then after a sync the appointment and the pane show the ERP change', async () => {
    const record = await erpEventNamed(SUBJECT);
    const day = record.start.slice(0, 10);
    await actInOdoo(record.id, { name: FROM_ERP, start: `${day} 10:00:00`, stop: `${day} 11:00:00` });

    await world.pane.getByRole('button', { name: 'Sync now' }).click();
    await world.page.locator('#event-list button', { hasText: FROM_ERP }).waitFor({ timeout: 45_000 });
    await openAppointment(world, FROM_ERP);
    await world.pane.getByRole('heading', { name: FROM_ERP }).waitFor({ timeout: 20_000 });
    await world.pane.getByText('Changed in Odoo', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(await world.page.locator('#field-start').inputValue()).toMatch(/T10:00$/);
    await screenshot(world, '21-erp-edit-synced');
  }, 90_000);

  it('when the title changes in both places, then the pane asks which to keep and applies the choice', async () => {
    const record = await erpEventNamed(FROM_ERP);
    await world.page.locator('#field-subject').fill('Fabrikam visit (Outlook title)');
    await world.page.locator('#save-item').click();
    await world.page.locator('#item-message', { hasText: 'Saved.' }).waitFor();
    await actInOdoo(record.id, { name: 'Fabrikam visit (Odoo title)' });

    await world.pane.getByRole('button', { name: 'Sync now' }).click();
    await waitForBadge('Needs your choice');
    await world.pane.getByText('Changed in both places: choose what to keep').waitFor();
    await screenshot(world, '22-conflict');

    await world.pane.getByRole('radio', { name: /Fabrikam visit \(Odoo title\)/ }).check();
    await world.pane.getByRole('button', { name: 'Apply choices' }).click();
    await waitForBadge('Synced');
    await screenshot(world, '23-conflict-resolved');
    await world.page
      .locator('#event-list button', { hasText: 'Fabrikam visit (Odoo title)' })
      .waitFor({ timeout: 20_000 });
    expect((await erpEvents()).map((event) => event.name)).toContain('Fabrikam visit (Odoo title)');
    expect(await badge().count()).toBe(1);
  }, 90_000);
});
