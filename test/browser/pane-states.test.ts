/**
 * Every pane state a person meets, in the Outlook simulator with the real backend and emulators: each one is
 * screenshotted (test-artifacts/browser/), checked by axe-core (no serious or critical violation; results printed)
 * and at 320 px without horizontal scroll. Along the way: connect on first run, the switch followed to Synced with
 * focus kept, Set Regarding by a customer's name, attendees with their contacts (add one, create a lead), an ERP
 * refusal that names who acts, a mailbox condition, access lost, an event deleted in Outlook, a pinned pane.
 */
import { checkState } from './pane-checks';
import { openAppointment, startBrowserWorld, type BrowserWorld } from './harness';

const SUBJECT = 'Customer visit: Fabrikam';

describe('every pane state, in English', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
    // Access tokens shorter than msal's refresh margin: a revoked grant shows at the next background use.
    await world.m365.updateSettings({ accessTokenLifetimeSeconds: 120 });
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  afterEach(async () => {
    await fetch(`${world.sandbox.env.ODOO_URL}/_control/faults`, { method: 'DELETE' });
  });

  const badge = (text: string) => world.pane.getByTestId('state-badge').filter({ hasText: text });

  it('when the person never connected, then the pane asks to connect (not "lost access"), and Connect connects', async () => {
    await openAppointment(world, SUBJECT);
    await world.pane.getByText('Connect ERP sync to your calendar').waitFor({ timeout: 30_000 });
    expect(await world.pane.getByText(/lost access/).count()).toBe(0);
    await checkState(world, '40-first-run-connect');

    await world.pane.getByRole('button', { name: 'Connect' }).click();
    await world.pane.getByText('Keep this event in sync with Odoo').waitFor({ timeout: 30_000 });
    await badge('Sync off').waitFor();
    await checkState(world, '41-connected-sync-off');
    await world.pane.getByRole('button', { name: 'Got it' }).click();
  }, 120_000);

  it('when Space turns the switch on, then focus stays on it and the pane follows the run to Synced', async () => {
    const toggle = world.pane.getByRole('switch', { name: 'Sync with Odoo' });
    await toggle.focus();
    await world.page.keyboard.press('Space');
    await badge('Syncing…').or(badge('Synced')).waitFor({ timeout: 30_000 });
    expect(await toggle.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await badge('Synced').waitFor({ timeout: 60_000 });
    await world.pane.getByText(/^Sync finished/).waitFor();
    await checkState(world, '42-synced');
  }, 120_000);

  it('when the person searches "Fabrikam", then customers, contacts and documents come with types and customers; Enter links and keeps focus', async () => {
    const box = world.pane.getByRole('combobox', { name: /Regarding/ });
    await box.click();
    await box.pressSequentially('F');
    await world.pane.getByText('Type at least 2 letters to search.').waitFor();
    await box.pressSequentially('abrikam');
    await world.pane
      .getByRole('option', { name: /Quotation|Sales order/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await world.pane.getByRole('option', { name: /Contact: Alex Wilber.*of Fabrikam, Inc\./ }).waitFor();
    await world.pane.getByRole('option', { name: /Opportunity: Fabrikam: 40 standing desks/ }).waitFor();
    await checkState(world, '43-regarding-search');
    await box.press('ArrowDown');
    await box.press('Enter');
    await world.pane.getByText(/^Regarding:/).waitFor({ timeout: 20_000 });
    expect(await box.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await world.pane.getByRole('link', { name: 'Open in Odoo' }).first().waitFor();
    await badge('Synced').waitFor({ timeout: 60_000 });
    await checkState(world, '44-linked');
  }, 120_000);

  it('when attendees are shown, then Alex has his Odoo contact, and Nestor can be added as a contact or a lead', async () => {
    await world.pane
      .getByRole('link', { name: /Open Alex Wilber \(Fabrikam, Inc\.\) in Odoo/ })
      .waitFor({ timeout: 20_000 });
    await world.pane.getByText('Not in Odoo').waitFor();
    await checkState(world, '45-attendees');
    await world.pane.getByRole('button', { name: 'Create lead' }).click();
    await world.pane.getByText(/^Lead “Meeting with Nestor Wilke” created/).waitFor({ timeout: 20_000 });
    await world.pane.getByRole('button', { name: 'Add as contact' }).click();
    await world.pane.getByRole('link', { name: /Open Nestor Wilke in Odoo/ }).waitFor({ timeout: 20_000 });
    await checkState(world, '46-attendee-added');
  }, 120_000);

  it('when Odoo refuses the integration rights, then the error says an administrator must fix it', async () => {
    // Writes to calendar records refused (reads still work): a per-event error, not a stopped mailbox.
    await world.odoo('faults', { kind: 'status', status: 403, model: 'calendar.event', method: 'write', times: 50 });
    await world.page.locator('#field-location').fill('Room 42');
    await world.page.locator('#save-item').click();
    await world.page.locator('#item-message', { hasText: 'Saved.' }).waitFor();
    await world.pane.getByRole('button', { name: 'Sync now' }).click();
    await badge('Not synced').waitFor({ timeout: 60_000 });
    await world.pane.getByText(/Your administrator must fix this/).waitFor();
    await checkState(world, '47-error-admin-acts');
  }, 120_000);

  it('when the mailbox has a condition, then the pane says what, since when and who acts', async () => {
    const mailboxes = await world.backend.store.mailboxes.list();
    const adele = mailboxes.find((m) => m.email === 'adele@contoso.example')!;
    await world.backend.store.conditions.raise(adele.id, {
      kind: 'subscription_failed',
      reason: 'Graph cannot reach the webhook.',
    });
    await openAppointment(world, 'Quarterly review with Northwind');
    await world.pane.getByText(/Outlook changes arrive late/).waitFor({ timeout: 30_000 });
    await checkState(world, '48-condition');
    await world.backend.store.conditions.clear(adele.id, 'subscription_failed');
  }, 120_000);

  it('when the pane is pinned and another appointment is selected, then the pane follows it without reloading', async () => {
    await world.page.locator('#pin-pane').check();
    const loads = await world.page.locator('#pane-frame').getAttribute('src');
    await openAppointment(world, 'Site survey at Tailspin');
    await world.pane.getByRole('heading', { name: 'Site survey at Tailspin' }).waitFor({ timeout: 30_000 });
    expect(await world.page.locator('#pane-frame').getAttribute('src')).toBe(loads);
    await checkState(world, '49-pinned-follows');
    await world.page.locator('#pin-pane').uncheck();
  }, 120_000);

  it('when the event is deleted in Outlook while the pane is open, then the pane says it is gone, not "turn sync on"', async () => {
    await openAppointment(world, 'Team lunch');
    await world.pane.getByRole('switch', { name: 'Sync with Odoo' }).click();
    await badge('Synced').waitFor({ timeout: 60_000 });
    const { value } = await world.m365.call<{ value: Array<{ id: string; subject: string }> }>(
      'GET',
      '/mailboxes/adele@contoso.example/events',
    );
    const lunch = value.find((e) => e.subject === 'Team lunch')!;
    await world.m365.call('DELETE', `/mailboxes/adele@contoso.example/events/${encodeURIComponent(lunch.id)}`);
    await world.adminSync();
    await world.pane.getByRole('button', { name: 'Sync now' }).click();
    await world.pane
      .getByText(/no longer in your Outlook calendar|Not in your calendar/)
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await world.pane.getByText(/turn sync on for it first/).count()).toBe(0);
    await checkState(world, '50-gone');
  }, 120_000);

  it('when a new appointment is composed, then the notice and the button say what saving does', async () => {
    await world.page.locator('#new-event').click();
    await world.pane.getByText(/This event is not saved yet/).waitFor({ timeout: 30_000 });
    await world.pane.getByRole('button', { name: 'Save now' }).waitFor();
    await checkState(world, '51-compose-unmarked');
    await world.pane.getByRole('switch', { name: 'Sync with Odoo' }).click();
    await world.pane.getByRole('button', { name: 'Save now and sync' }).waitFor();
    await checkState(world, '52-compose-marked');
  }, 120_000);

  it('when the grant is revoked, then the pane says access was lost, since when, and only the person can fix it', async () => {
    await world.m365.revokeRefreshTokens('adele@contoso.example');
    await world.adminSync().catch((error: unknown) => error);
    await openAppointment(world, SUBJECT);
    await world.pane.getByText('ERP sync lost access to your calendar').waitFor({ timeout: 30_000 });
    await world.pane.getByText(/Only you can fix this/).waitFor();
    await checkState(world, '53-lost-access');
  }, 120_000);
});

describe('every pane state, in Spanish (Office display language es-ES)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld({ lang: 'es-ES' });
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  const badge = (text: string) => world.pane.getByTestId('state-badge').filter({ hasText: text });

  it('when a Spanish-speaking person connects, syncs and links, then every word is Spanish and dates use es-ES', async () => {
    await openAppointment(world, SUBJECT);
    await world.pane.getByText('Conecte ERP sync con su calendario').waitFor({ timeout: 30_000 });
    await checkState(world, '60-es-first-run-connect');
    await world.pane.getByRole('button', { name: 'Conectar' }).click();
    await badge('Sincronización desactivada').waitFor({ timeout: 30_000 });
    await checkState(world, '61-es-sync-off');
    await world.pane.getByRole('button', { name: 'Entendido' }).click();
    await world.pane.getByRole('switch', { name: 'Sincronizar con Odoo' }).click();
    await badge('Sincronizado').waitFor({ timeout: 60_000 });
    const synced = await world.pane.getByText(/^Última sincronización/).innerText();
    // es-ES medium date: "3 dic 2026, 12:05" (month abbreviations are Spanish).
    expect(synced).toMatch(/\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}/);
    await checkState(world, '62-es-synced');
    const box = world.pane.getByRole('combobox', { name: /Relacionado con/ });
    await box.click();
    await box.pressSequentially('Fabrikam');
    await world.pane
      .getByRole('option', { name: /Contacto: Alex Wilber.*de Fabrikam, Inc\./ })
      .waitFor({ timeout: 20_000 });
    await checkState(world, '63-es-regarding-search');
    await world.pane.getByRole('option', { name: /Oportunidad: Fabrikam/ }).click();
    await world.pane.getByText(/^Relacionado con:/).waitFor({ timeout: 20_000 });
    await world.pane.getByText('No está en Odoo').waitFor({ timeout: 20_000 });
    await checkState(world, '64-es-linked-attendees');
    await world.pane.getByRole('heading', { name: 'Historial' }).waitFor();
    expect(await world.pane.locator('main').innerText()).not.toMatch(/\b(Synced|Sync now|History|Not in Odoo)\b/);
  }, 240_000);
});
