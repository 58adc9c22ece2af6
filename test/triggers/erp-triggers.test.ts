/**
 * ERP-side triggers through the running backend: the ERP poll (a short interval here) carries an ERP edit to
 * Outlook, the signed ERP webhook queues the owner's sync (a bad signature is refused), and the add-in's
 * "sync now" goes through the same queue. Graph notifications are off, so only these triggers move anything.
 */
import { webhookSignature } from '../../server/erp/rest';
import { ADELE_ID, m365Control, startTriggerWorld, waitFor, type TriggerWorld } from './world';

const SECRET = 'erp-webhook-secret-for-tests-0123456789';

interface EmulatedEvent {
  id: string;
  subject: string;
}

describe('ERP triggers through the running backend', () => {
  let world: TriggerWorld;

  beforeAll(async () => {
    world = await startTriggerWorld({
      GRAPH_NOTIFICATIONS: 'off',
      ERP_POLL_SECONDS: '0.5',
      SWEEP_HOURS: '1000',
      ERP_WEBHOOK_SECRET: SECRET,
    });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  const outlookSubjects = async () =>
    (await m365Control<{ value: EmulatedEvent[] }>(world, 'GET', `/mailboxes/${ADELE_ID}/events`)).value.map(
      (e) => e.subject,
    );
  const runs = () => world.backend.store.syncRuns.listRecent(world.mailbox.id, 1000);

  /** Adele creates an appointment in Odoo (the emulator's "act as a person"). */
  async function createInErp(title: string): Promise<void> {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(14, 0, 0, 0);
    const odoo = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
    const answer = await fetch(`${world.config.ODOO_URL}/_control/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        as: 'adele@contoso.example',
        model: 'calendar.event',
        method: 'create',
        args: [{ name: title, start: odoo(start), stop: odoo(new Date(start.getTime() + 3_600_000)) }],
      }),
    });
    if (answer.status !== 200) throw new Error(`Odoo act failed: ${answer.status} ${await answer.text()}`);
  }

  it('when Graph notifications are off, then no subscription is made', async () => {
    expect(await world.backend.store.subscriptions.get(world.mailbox.id)).toBeUndefined();
    expect((await fetch(`${world.backend.url}/webhooks/graph?validationToken=x`, { method: 'POST' })).status).toBe(404);
  });

  it('when Adele adds an appointment in the ERP, then the poll brings it to Outlook', async () => {
    // Let the first sync (queued when Adele connected) finish, so only a poll run can carry the new appointment.
    // A first sync takes seconds, but over a minute on a loaded CI machine (it once took 20 s+ at load 28).
    await waitFor(
      'the first sync to finish',
      async () => {
        const all = await runs();
        return all.length > 0 && all.every((r) => r.finishedAt !== null) ? true : undefined;
      },
      90_000,
    );
    const before = new Set((await runs()).map((r) => r.id));
    await createInErp('From the ERP by poll');
    await waitFor('the Outlook copy', async () =>
      (await outlookSubjects()).includes('From the ERP by poll') ? true : undefined,
    );
    // ERP polls are recorded with the `notification` trigger (the store has no ERP trigger kind yet).
    const since = (await runs()).filter((r) => !before.has(r.id));
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((r) => r.trigger === 'notification')).toBe(true);
  }, 150_000);

  it('when the ERP calls the webhook signed, then 202 and Adele is queued; unsigned or forged, then 401', async () => {
    const body = JSON.stringify({
      type: 'appointments.changed',
      ownerId: 'adele@contoso.example',
      occurredAt: new Date().toISOString(),
    });
    const now = Math.floor(Date.now() / 1000);
    const post = (signature?: string) =>
      fetch(`${world.backend.url}/webhooks/erp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'erp-signature': signature } : {}) },
        body,
      });
    const signed = await post(webhookSignature(SECRET, body, now));
    expect(signed.status).toBe(202);
    expect(await signed.json()).toEqual({ queued: 1 });
    const forged = await post(webhookSignature('someone-elses-secret-0123456789', body, now));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await post()).status).toBe(401);
  });
});
