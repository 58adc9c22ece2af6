/**
 * Attendee responses: accept / tentativelyAccept / decline on the attendee's copy and what Microsoft documents about
 * them: 202 with no body (https://learn.microsoft.com/en-us/graph/api/event-accept, .../event-decline,
 * .../event-tentativelyaccept), the 400s for proposedNewTime, the attendee's own responseStatus
 * (https://learn.microsoft.com/en-us/graph/api/resources/responsestatus), and, when sendResponse is true, the
 * organizer's event showing the attendee's status (https://learn.microsoft.com/en-us/graph/api/resources/attendee;
 * https://learn.microsoft.com/en-us/graph/outlook-calendar-meeting-proposals).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MailRecord } from '../../../../sandbox/microsoft365/contracts';
import { ADELE, CalendarHarness, eventBody, MEGAN, MEGAN_ID } from './harness';

let h: CalendarHarness;
let megan: Client;
beforeAll(async () => {
  h = await CalendarHarness.start();
  megan = await h.client({ user: MEGAN_ID, scopes: ['Calendars.ReadWrite'] });
});
afterAll(() => h.stop());
beforeEach(() => h.control('DELETE', '/mail-log'));

type Ev = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const attendee = (address: string) => ({ emailAddress: { address, name: address }, type: 'required' });

async function meeting(subject: string, extra: Record<string, unknown> = {}): Promise<{ organizer: Ev; copy: Ev }> {
  const organizer = await h.adele.api('/me/events').post({
    ...eventBody(subject, '2036-03-02T09:00:00', '2036-03-02T10:00:00'),
    attendees: [attendee(MEGAN)],
    ...extra,
  });
  const copies = await megan.api('/me/events').filter(`iCalUId eq '${organizer.iCalUId}'`).get();
  return { organizer, copy: copies.value[0] as Ev };
}

const responsesMailed = async () =>
  (await h.control<{ value: MailRecord[] }>('GET', '/mail-log')).value.filter((m) => m.kind === 'response');

const meganStatus = (event: Ev) =>
  (event.attendees as Ev[]).find((a) => a.emailAddress.address.toLowerCase() === MEGAN)?.status;

describe('attendee responses', () => {
  it.each([
    ['accept', 'accepted'],
    ['tentativelyAccept', 'tentativelyAccepted'],
    ['decline', 'declined'],
  ])(
    "when Megan calls %s, then 202, her copy says %s and so does Adele's event, with a response mailed",
    async (action, response) => {
      const { organizer, copy } = await meeting(`Answer ${action}`);
      const res = await h.raw(megan, 'POST', `/me/events/${copy.id}/${action}`, {
        comment: 'See you',
        sendResponse: true,
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({});

      const mine = await megan.api(`/me/events/${copy.id}`).get();
      expect(mine.responseStatus.response).toBe(response);
      expect(Date.parse(mine.responseStatus.time)).toBeGreaterThan(Date.parse('2001-01-01T00:00:00Z'));
      expect(mine.changeKey).not.toBe(copy.changeKey);

      const theirs = await h.adele.api(`/me/events/${organizer.id}`).get();
      expect(meganStatus(theirs)).toEqual({ response, time: mine.responseStatus.time });
      expect(theirs.changeKey).not.toBe(organizer.changeKey);
      expect(await responsesMailed()).toEqual([
        expect.objectContaining({ kind: 'response', fromUserId: MEGAN_ID, to: [ADELE] }),
      ]);
    },
  );

  it('when Megan accepts with sendResponse false, then only her copy changes and nothing reaches Adele', async () => {
    const { organizer, copy } = await meeting('Silent accept');
    expect((await h.raw(megan, 'POST', `/me/events/${copy.id}/accept`, { sendResponse: false })).status).toBe(202);
    expect((await megan.api(`/me/events/${copy.id}`).get()).responseStatus.response).toBe('accepted');
    const theirs = await h.adele.api(`/me/events/${organizer.id}`).get();
    expect(meganStatus(theirs)).toEqual({ response: 'none', time: '0001-01-01T00:00:00Z' });
    expect(theirs.changeKey).toBe(organizer.changeKey);
    expect(await responsesMailed()).toEqual([]);
  });

  it('when proposedNewTime is sent without sendResponse, or to a meeting that allows no proposals, then 400', async () => {
    const slot = {
      start: { dateTime: '2036-03-03T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2036-03-03T10:00:00', timeZone: 'UTC' },
    };
    const open = await meeting('Open to proposals');
    const silent = await h.raw(megan, 'POST', `/me/events/${open.copy.id}/decline`, {
      sendResponse: false,
      proposedNewTime: slot,
    });
    expect(silent.status).toBe(400);
    const closed = await meeting('Closed to proposals', { allowNewTimeProposals: false });
    const refused = await h.raw(megan, 'POST', `/me/events/${closed.copy.id}/tentativelyAccept`, {
      proposedNewTime: slot,
    });
    expect(refused.status).toBe(400);
    const proposing = await h.raw(megan, 'POST', `/me/events/${open.copy.id}/tentativelyAccept`, {
      proposedNewTime: slot,
    });
    expect(proposing.status).toBe(202);
  });

  it('when the organizer tries to answer her own meeting, then 400 and nothing changes', async () => {
    const { organizer } = await meeting('Own meeting');
    const res = await h.raw(h.adele, 'POST', `/me/events/${organizer.id}/accept`, {});
    expect(res.status).toBe(400);
    expect((await h.adele.api(`/me/events/${organizer.id}`).get()).changeKey).toBe(organizer.changeKey);
  });

  it('when Megan declines one occurrence of a weekly meeting, then that occurrence alone is declined on both sides', async () => {
    const { organizer, copy } = await meeting('Weekly sync', {
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['sunday'] },
        range: { type: 'numbered', startDate: '2036-03-02', numberOfOccurrences: 3 },
      },
    });
    const window = { startDateTime: '2036-03-01T00:00:00Z', endDateTime: '2036-03-31T00:00:00Z' };
    const mine = (await megan.api(`/me/events/${copy.id}/instances`).query(window).get()).value as Ev[];
    expect((await h.raw(megan, 'POST', `/me/events/${mine[1]!.id}/decline`, {})).status).toBe(202);

    const after = (await megan.api(`/me/events/${copy.id}/instances`).query(window).get()).value as Ev[];
    expect(after.map((e) => [e.type, e.responseStatus.response])).toEqual([
      ['occurrence', 'notResponded'],
      ['exception', 'declined'],
      ['occurrence', 'notResponded'],
    ]);
    const theirs = (await h.adele.api(`/me/events/${organizer.id}/instances`).query(window).get()).value as Ev[];
    expect(theirs.map((e) => [e.type, meganStatus(e)?.response])).toEqual([
      ['occurrence', 'none'],
      ['exception', 'declined'],
      ['occurrence', 'none'],
    ]);
  });

  it('when Megan accepts, then a delta round on both mailboxes reports the changed copies', async () => {
    const window = '/me/calendarView/delta?startDateTime=2036-03-01T00:00:00Z&endDateTime=2036-03-10T00:00:00Z';
    const drain = async (client: Client, url: string): Promise<{ items: Ev[]; deltaLink: string }> => {
      const items: Ev[] = [];
      for (;;) {
        const page = await client.api(url).get();
        items.push(...(page.value as Ev[]));
        if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] as string };
        url = page['@odata.nextLink'] as string;
      }
    };
    const { organizer, copy } = await meeting('Delta after answer');
    const before = { adele: await drain(h.adele, window), megan: await drain(megan, window) };
    await megan.api(`/me/events/${copy.id}/accept`).post({});
    const adeleRound = await drain(h.adele, before.adele.deltaLink);
    const meganRound = await drain(megan, before.megan.deltaLink);
    expect(adeleRound.items.map((e) => e.id)).toEqual([organizer.id]);
    expect(meganStatus(adeleRound.items[0]!)?.response).toBe('accepted');
    expect(meganRound.items.map((e) => [e.id, e.responseStatus.response])).toEqual([[copy.id, 'accepted']]);
  });
});
