/** Meetings: the mail Exchange would send, attendee copies in directory mailboxes, and the change feed. */
import type { CalendarChange, MailRecord } from '../../../../sandbox/microsoft365/contracts';
import { ADELE, ADELE_ID, CalendarHarness, eventBody, MEGAN, MEGAN_ID } from './harness';

let h: CalendarHarness;
const changes: CalendarChange[] = [];
beforeAll(async () => {
  h = await CalendarHarness.start();
  h.emulator.context.calendar!.onChange((c) => changes.push(c));
});
afterAll(() => h.stop());
beforeEach(async () => {
  await h.control('DELETE', '/mail-log');
  changes.length = 0;
});

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const EXTERNAL = 'someone@partner.example';
const attendee = (address: string) => ({ emailAddress: { address, name: address }, type: 'Required' });

async function mailLog(): Promise<MailRecord[]> {
  return (await h.control<{ value: MailRecord[] }>('GET', '/mail-log')).value;
}

async function meganCopy(iCalUId: string): Promise<Ev | undefined> {
  const list = await h.control<{ value: Ev[] }>('GET', `/mailboxes/${MEGAN}/events`);
  return list.value.find((e) => e.iCalUId === iCalUId);
}

describe('meetings', () => {
  it('when a meeting is created with responseRequested false, then invitations are still logged and Megan gets a copy', async () => {
    const created = await h.adele.api('/me/events').post({
      ...eventBody('Kickoff', '2036-01-01T09:00:00', '2036-01-01T10:00:00'),
      attendees: [attendee(MEGAN), attendee(EXTERNAL)],
      responseRequested: false,
    });
    expect(created.attendees[0]).toEqual({
      type: 'required',
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { address: MEGAN, name: MEGAN },
    });
    const log = await mailLog();
    expect(log).toEqual([
      expect.objectContaining({ kind: 'invitation', fromUserId: ADELE_ID, to: [MEGAN, EXTERNAL], subject: 'Kickoff' }),
    ]);
    const copy = await meganCopy(created.iCalUId);
    expect(copy).toMatchObject({
      subject: 'Kickoff',
      isOrganizer: false,
      responseStatus: { response: 'notResponded' },
    });
    expect(copy!.organizer.emailAddress.address).toBe(ADELE);
    expect(changes.map((c) => [c.userId, c.changeType])).toEqual([
      [ADELE_ID, 'created'],
      [MEGAN_ID, 'created'],
    ]);
    expect(changes[0]!.etag).toBe(`W/"${created.changeKey}"`);
  });

  it('when the time changes and an attendee is added, then an update goes to the others and an invitation to the new one', async () => {
    const created = await h.adele.api('/me/events').post({
      ...eventBody('Review', '2036-01-02T09:00:00', '2036-01-02T10:00:00'),
      attendees: [attendee(MEGAN)],
    });
    await h.control('DELETE', '/mail-log');
    await h.adele.api(`/me/events/${created.id}`).patch({
      start: { dateTime: '2036-01-02T11:00:00', timeZone: 'UTC' },
      end: { dateTime: '2036-01-02T12:00:00', timeZone: 'UTC' },
      attendees: [attendee(MEGAN), attendee(EXTERNAL)],
    });
    const log = await mailLog();
    expect(log.map((m) => [m.kind, m.to])).toEqual([
      ['invitation', [EXTERNAL]],
      ['update', [MEGAN]],
    ]);
    const copy = await meganCopy(created.iCalUId);
    expect(copy!.start.dateTime).toBe('2036-01-02T11:00:00.0000000');
  });

  it('when the organizer deletes the meeting, then a cancellation is logged and the copy shows as cancelled', async () => {
    const created = await h.adele.api('/me/events').post({
      ...eventBody('Doomed', '2036-01-03T09:00:00', '2036-01-03T10:00:00'),
      attendees: [attendee(MEGAN)],
    });
    await h.adele.api(`/me/events/${created.id}`).delete();
    const log = await mailLog();
    expect(log.at(-1)).toMatchObject({ kind: 'cancellation', to: [MEGAN], subject: 'Canceled: Doomed' });
    const copy = await meganCopy(created.iCalUId);
    expect(copy).toMatchObject({ isCancelled: true, subject: 'Canceled: Doomed' });
    expect(changes.some((c) => c.userId === ADELE_ID && c.changeType === 'deleted')).toBe(true);
  });

  it('when one occurrence of a meeting series is cancelled, then a cancellation is logged and the copy loses it', async () => {
    const master = await h.adele.api('/me/events').post({
      ...eventBody('Standup', '2036-02-02T09:00:00', '2036-02-02T09:15:00'),
      attendees: [attendee(MEGAN)],
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', startDate: '2036-02-02', numberOfOccurrences: 3 },
      },
    });
    const window = { startDateTime: '2036-02-01T00:00:00Z', endDateTime: '2036-02-10T00:00:00Z' };
    const [, second] = (await h.adele.api(`/me/events/${master.id}/instances`).query(window).get()).value as Ev[];
    await h.adele.api(`/me/events/${second!.id}/cancel`).post({});
    expect((await mailLog()).at(-1)).toMatchObject({ kind: 'cancellation', to: [MEGAN] });
    const megan = await h.client({ user: MEGAN_ID, scopes: ['Calendars.Read'] });
    const view = await megan.api('/me/calendarView').query(window).get();
    expect(view.value.map((e: Ev) => e.start.dateTime.slice(0, 10))).toEqual(['2036-02-02', '2036-02-04']);
  });

  it('when a person saves a meeting in Outlook without sending, then no mail is logged', async () => {
    await h.control('POST', `/mailboxes/${ADELE}/events?send=false`, {
      ...eventBody('Draft-ish', '2036-01-04T09:00:00', '2036-01-04T10:00:00'),
      attendees: [attendee(MEGAN)],
    });
    expect(await mailLog()).toEqual([]);
    expect(h.emulator.context.calendar!.mailLog()).toEqual([]);
  });

  it('when more than 500 attendees are sent, then 400', async () => {
    const many = Array.from({ length: 501 }, (_, i) => attendee(`p${i}@partner.example`));
    const res = await h.raw(h.adele, 'POST', '/me/events', {
      ...eventBody('Big', '2036-01-05T09:00:00', '2036-01-05T10:00:00'),
      attendees: many,
    });
    expect(res.status).toBe(400);
  });
});
