/** The Outlook adapter against the emulator: series loading, delta edge cases, the request budget, subscriptions. */
import type { CanonicalEvent } from '../../server/core/model';
import type { OutlookCalendar, WriteOutcome } from '../../server/outlook';
import { berlinEvent, startOutlookHarness, startWebhookEndpoint, type OutlookHarness } from './harness';

// DST starts in Berlin on 31 March 2030: 09:00 is 08:00Z before, 07:00Z from then on.
const window = { from: new Date('2030-03-20T00:00:00Z'), to: new Date('2030-04-20T00:00:00Z') };

let h: OutlookHarness;
let calendar: OutlookCalendar;
beforeAll(async () => {
  h = await startOutlookHarness();
  calendar = h.calendar;
});
afterAll(() => h.stop());

function idOf(outcome: WriteOutcome | undefined): string {
  if (!outcome?.ok || outcome.kind === 'deleted') throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
  return outcome.id;
}

describe('series, delta edge cases and subscriptions against the emulator', () => {
  it('when an occurrence is changed and another cancelled, then the series has them as modified and exDate across DST', async () => {
    const series: CanonicalEvent = berlinEvent('Stand-up', '2030-03-29T08:00:00Z', {
      recurrence: { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    });
    const masterId = idOf(
      (await calendar.applyWrites([{ kind: 'create', key: 's', mappingId: 'map-s', event: series }]))[0],
    );
    const first = await calendar.readChanges({ window });
    const occurrences = first.items.filter((i) => i.seriesMasterId === masterId);
    expect(occurrences.map((o) => o.originalStart?.slice(0, 16))).toEqual([
      '2030-03-29T08:00',
      '2030-03-30T08:00',
      '2030-03-31T07:00',
      '2030-04-01T07:00',
      '2030-04-02T07:00',
    ]);
    const byDay = (day: string) => occurrences.find((o) => o.originalStart?.startsWith(day))!;
    const outcomes = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'late',
        eventId: byDay('2030-03-30').id,
        event: berlinEvent('Stand-up (late)', '2030-03-30T09:00:00Z'),
        fields: ['title', 'timing'],
      },
      { kind: 'delete', key: 'off', eventId: byDay('2030-04-01').id },
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);

    const loaded = await calendar.loadSeries([masterId, masterId], window);
    expect([...loaded.keys()]).toEqual([masterId]);
    const event = loaded.get(masterId)!.event;
    expect(event.ok).toBe(true);
    if (!event.ok) return;
    expect(event.value.title).toBe('Stand-up');
    expect(event.value.timing).toEqual(series.timing);
    expect(event.value.recurrence).toEqual({
      rrule: 'FREQ=DAILY;COUNT=5',
      timeZone: 'Europe/Berlin',
      exDates: ['2030-04-01T07:00:00Z'],
      modified: [
        {
          originalStart: '2030-03-30T08:00:00Z',
          event: expect.objectContaining({
            title: 'Stand-up (late)',
            timing: {
              kind: 'timed',
              start: '2030-03-30T09:00:00Z',
              end: '2030-03-30T10:00:00Z',
              timeZone: 'Europe/Berlin',
            },
          }),
        },
      ],
    });
    expect(loaded.get(masterId)!.master.marks.mappingId).toBe('map-s');
  });

  it('when an event moves out of the window, then the next round neither lists nor removes it', async () => {
    const id = idOf(
      (
        await calendar.applyWrites([
          { kind: 'create', key: 'm', mappingId: 'map-m', event: berlinEvent('Mover', '2030-04-10T08:00:00Z') },
        ])
      )[0],
    );
    const round = await calendar.readChanges({ window });
    expect(round.items.map((i) => i.id)).toContain(id);
    await calendar.applyWrites([
      {
        kind: 'update',
        key: 'm',
        eventId: id,
        event: berlinEvent('Mover', '2031-04-10T08:00:00Z'),
        fields: ['timing'],
      },
    ]);
    const next = await calendar.readChanges({ window, deltaLink: round.deltaLink });
    expect(next.items.map((i) => i.id)).not.toContain(id);
    expect(next.removedIds).not.toContain(id);
  });

  it('when Graph repeats an item within a round, then the reader keeps it once', async () => {
    await h.emulator.control.call('PATCH', '/calendar-options', { deltaRepeatItem: true });
    try {
      const round = await calendar.readChanges({ window });
      const ids = round.items.map((i) => i.id);
      expect(ids.length).toBeGreaterThan(2);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await h.emulator.control.call('PATCH', '/calendar-options', { deltaRepeatItem: false });
    }
  });

  it('when a limiter is given, then every Graph call goes through it', async () => {
    let calls = 0;
    const counted = h.make({ limiter: async (fn) => (calls++, fn()) });
    await counted.readChanges({ window });
    expect(calls).toBeGreaterThan(1);
    const refusing = h.make({
      limiter: async () => {
        throw new Error('budget spent');
      },
    });
    await h.emulator.control.clearRequests();
    await expect(refusing.readChanges({ window })).rejects.toThrow('budget spent');
    await expect(refusing.applyWrites([{ kind: 'delete', key: 'x', eventId: 'AAkAL' }])).rejects.toThrow(
      'budget spent',
    );
    expect(await h.emulator.control.requests()).toEqual([]);
  });

  it('when a single request gets 503 with Retry-After, then the Graph client retries it and the read succeeds', async () => {
    await h.emulator.control.addFault({
      kind: 'status',
      status: 503,
      method: 'GET',
      path: '/calendarView/delta',
      retryAfterSeconds: 1,
    });
    const round = await calendar.readChanges({ window });
    expect(round.items.length).toBeGreaterThan(0);
    expect((await h.emulator.control.faults())[0]).toMatchObject({ fired: 1, remaining: 0 });
    await h.emulator.control.clearFaults();
  });

  it('when Graph cannot be reached, then the call fails as transient', async () => {
    const closed = await startWebhookEndpoint();
    await closed.stop();
    const unreachable = h.make({ graphBaseUrl: closed.url });
    await expect(unreachable.readChanges({ window })).rejects.toMatchObject({ kind: 'transient' });
  });

  it('when the access token is refused, then the call fails with kind auth', async () => {
    const anonymous = h.make({ getAccessToken: async () => 'not-a-token' });
    const error = await anonymous.readChanges({ window }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', cause: { status: 401, graphCode: 'InvalidAuthenticationToken' } });
  });

  it('when a subscription is created, renewed and deleted, then Graph reflects each step and a second delete is fine', async () => {
    const endpoint = await startWebhookEndpoint();
    try {
      const expiry = new Date(Date.now() + 60 * 60_000);
      const subscription = await calendar.subscribe({
        notificationUrl: `${endpoint.url}/notifications`,
        lifecycleNotificationUrl: `${endpoint.url}/lifecycle`,
        clientState: 'state-123',
        expirationDateTime: expiry,
      });
      expect(subscription.resource).toMatch(/\/events$/);
      expect(subscription.clientState).toBe('state-123');
      const renewed = await calendar.renewSubscription(subscription.id, 120);
      expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(expiry.getTime());
      await calendar.unsubscribe(subscription.id);
      await expect(calendar.unsubscribe(subscription.id)).resolves.toBeUndefined();
      const error = await calendar.renewSubscription(subscription.id, 60).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'not_found' });
    } finally {
      await endpoint.stop();
    }
  });
});
