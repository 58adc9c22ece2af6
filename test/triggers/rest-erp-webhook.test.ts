/**
 * An ERP that can call out: the reference REST ERP posts its signed `appointments.changed` webhook to the running
 * backend, which queues Adele's sync; her new and edited appointments reach Outlook with the ERP poll a day away.
 */
import { ADELE_ID, m365Control, startTriggerWorld, waitFor, type TriggerWorld } from './world';

interface EmulatedEvent {
  subject: string;
}

describe('the REST ERP webhook through the running backend', () => {
  let world: TriggerWorld;

  beforeAll(async () => {
    world = await startTriggerWorld({
      ERP_KIND: 'rest',
      GRAPH_NOTIFICATIONS: 'off',
      ERP_POLL_SECONDS: '86400',
      SWEEP_HOURS: '1000',
    });
    await waitFor('the first sync', async () => {
      const runs = await world.backend.store.syncRuns.listRecent(world.mailbox.id, 10);
      return runs.length > 0 && runs.every((r) => r.finishedAt !== null) ? true : undefined;
    });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  const outlookSubjects = async () =>
    (await m365Control<{ value: EmulatedEvent[] }>(world, 'GET', `/mailboxes/${ADELE_ID}/events`)).value.map(
      (e) => e.subject,
    );

  async function erpControl(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<Record<string, unknown>> {
    const answer = await fetch(`${world.config.REST_ERP_URL}/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (answer.status >= 300) throw new Error(`REST ERP ${method} ${path}: ${answer.status} ${await answer.text()}`);
    return (await answer.json()) as Record<string, unknown>;
  }

  it('when Adele connected, then her mailbox is linked to her ERP user (the webhook ownerId)', async () => {
    expect((await world.backend.store.mailboxes.get(world.mailbox.id))?.erpUserId).toBe('person-adele');
  });

  it('when Adele adds then renames an appointment in the ERP, then both reach Outlook through the webhook', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(13, 0, 0, 0);
    const created = await erpControl('POST', '/act/appointments', {
      ownerId: 'person-adele',
      title: 'Webhook visit',
      timing: {
        kind: 'timed',
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_600_000).toISOString(),
        timeZone: 'UTC',
      },
    });
    await waitFor('the Outlook copy', async () =>
      (await outlookSubjects()).includes('Webhook visit') ? true : undefined,
    );
    await erpControl('PATCH', `/act/appointments/${String(created['id'])}`, { title: 'Webhook visit, moved' });
    await waitFor('the Outlook rename', async () =>
      (await outlookSubjects()).includes('Webhook visit, moved') ? true : undefined,
    );
    const subjects = await outlookSubjects();
    expect(subjects.filter((s) => s.startsWith('Webhook visit'))).toEqual(['Webhook visit, moved']);
    const metrics = await world.backend.services.metrics.registry.getSingleMetricAsString('sync_enqueued_total');
    expect(metrics).toMatch(/trigger="erp-webhook"\} [1-9]/);
    expect(metrics).not.toMatch(/trigger="erp-poll"/);
    // The ERP's own deliveries were verified and accepted (a forged one would count as rejected).
    const queued = await world.backend.services.metrics.registry.getSingleMetricAsString(
      'sync_notifications_received_total',
    );
    expect(queued).toMatch(/kind="erp"\} [1-9]/);
  });
});
