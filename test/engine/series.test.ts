/** Recurring series both ways: an Outlook series with a cancelled and a modified occurrence reaches Odoo whole. */
import { graphCall } from '../sandbox/microsoft365/helpers';
import {
  ADELE_ID,
  createInOutlook,
  erpEvent,
  mailLogs,
  outlookBody,
  outlookEvents,
  startCleanWorld,
  type World,
} from './harness';

let w: World;
beforeAll(async () => {
  w = await startCleanWorld();
});
afterAll(() => w.stop());

const PREFER = { Prefer: 'IdType="ImmutableId"' };

async function instances(masterId: string): Promise<Array<{ id: string; start: { dateTime: string } }>> {
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const path = `/users/${ADELE_ID}/events/${masterId}/instances?startDateTime=${from}&endDateTime=${to}`;
  const answer = await graphCall<{ value: Array<{ id: string; start: { dateTime: string } }> }>(
    w.m365,
    w.token,
    'GET',
    path,
    undefined,
    PREFER,
  );
  return answer.body.value;
}

describe('recurring series', () => {
  it('when an Outlook weekly series has one cancelled and one moved occurrence, then Odoo gets the series with both exceptions, and a second run writes nothing', async () => {
    const first = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const master = await createInOutlook(
      w,
      outlookBody('Weekly sync', 2, {
        recurrence: {
          pattern: {
            type: 'weekly',
            interval: 1,
            daysOfWeek: [
              new Date(`${first}T12:00:00Z`)
                .toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })
                .toLowerCase(),
            ],
          },
          range: { type: 'numbered', startDate: first, numberOfOccurrences: 6 },
        },
      }),
    );
    const occurrences = await instances(String(master.id));
    expect(occurrences).toHaveLength(6);
    await graphCall(w.m365, w.token, 'DELETE', `/users/${ADELE_ID}/events/${occurrences[2]!.id}`, undefined, PREFER);
    await graphCall(
      w.m365,
      w.token,
      'PATCH',
      `/users/${ADELE_ID}/events/${occurrences[4]!.id}`,
      { subject: 'Weekly sync (moved)', location: { displayName: 'Room 9' } },
      PREFER,
    );

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.applied.erp).toEqual({ create: 1 });
    const row = await w.store.mappings.getByOutlookId(w.mailbox.id, String(master.id));
    const [record] = await w.erp.readEvents([row!.erpId!]);
    expect(record?.event.recurrence).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(record?.event.recurrence?.exDates).toHaveLength(1);
    expect(record?.event.recurrence?.modified).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ title: 'Weekly sync (moved)', location: 'Room 9' }) }),
    ]);
    const again = await w.engine.syncMailbox(w.mailbox.id);
    expect(again.applied).toEqual({ outlook: {}, erp: {} });
  });

  it('when Odoo has a daily series, then Outlook gets one series master (not one event per occurrence) and no one is mailed', async () => {
    const event = erpEvent('Daily check', 3, {
      recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    });
    await w.erp.createEvent(w.adele, event, 'person-series', { quiet: true, needsReview: false });

    const summary = await w.engine.syncMailbox(w.mailbox.id);

    expect(summary.errors).toEqual([]);
    expect(summary.applied.outlook).toEqual({ create: 1 });
    const masters = (await outlookEvents(w)).filter((e) => e.subject === 'Daily check');
    expect(masters).toEqual([expect.objectContaining({ type: 'seriesMaster' })]);
    expect(await mailLogs(w)).toEqual({ outlook: [], erp: [] });
  });
});
