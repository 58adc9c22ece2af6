/** snapshot/restore/reset of the calendar half, driven through the emulator's service object and read back over HTTPS. */
import { CalendarHarness, eventBody } from './harness';

let h: CalendarHarness;
beforeAll(async () => {
  h = await CalendarHarness.start();
});
afterAll(() => h.stop());

describe('calendar state', () => {
  it('when state is snapshotted, reset and restored through JSON, then events and delta tokens come back', async () => {
    const calendar = h.emulator.context.calendar!;
    const created = await h.adele
      .api('/me/events')
      .post(eventBody('Keep', '2037-01-01T09:00:00', '2037-01-01T10:00:00'));
    const first = await h.adele
      .api('/me/calendarView/delta')
      .query({ startDateTime: '2037-01-01T00:00:00Z', endDateTime: '2037-02-01T00:00:00Z' })
      .get();
    const saved = JSON.parse(JSON.stringify(calendar.snapshot())) as unknown;

    calendar.reset();
    expect((await h.raw(h.adele, 'GET', `/me/events/${created.id}`)).status).toBe(404);
    expect((await h.raw(h.adele, 'GET', first['@odata.deltaLink'])).status).toBe(410);

    calendar.restore(saved);
    expect((await h.adele.api(`/me/events/${created.id}`).get()).subject).toBe('Keep');
    const next = await h.raw(h.adele, 'GET', first['@odata.deltaLink']);
    expect(next.status).toBe(200);
    expect(next.body.value).toEqual([]);
  });
});
