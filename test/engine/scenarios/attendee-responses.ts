/**
 * Issue 13 Must 6: an attendee's answer in Outlook reaches the ERP. Adele organizes a marked meeting with Megan (a
 * person of the same tenant); Megan answers in her own Outlook (Graph's accept / tentativelyAccept / decline on
 * her copy); Exchange shows the answer on Adele's event, and Adele's next sync carries it to the ERP: the
 * calendar.attendee state under full attendee sync, the attendee block's line in quiet mode.
 */
import { MEGAN_ID } from '../../../sandbox/microsoft365/world/seed';
import { graphCall } from '../../sandbox/microsoft365/helpers';
import { DAILY, numbered } from './acts';
import { expectSettled, standingTrouble, syncClean } from './checks';
import type { Scenario } from './scenario';
import {
  createOutlookSeries,
  dayFromToday,
  erpRows,
  erpSeries,
  graph,
  outlookEvent,
  type ScenarioWorld,
} from './world';

const MEGAN = 'megan@contoso.example';
const WITH_MEGAN = [{ emailAddress: { address: MEGAN, name: 'Megan Bowen' }, type: 'required' }];
type Answer = 'accept' | 'tentativelyAccept' | 'decline';

/** Megan's copy of the meeting whose subject is `subject` (Exchange put it in her calendar on the invitation). */
async function megansCopy(w: ScenarioWorld, token: string, subject: string): Promise<string> {
  const path = `/users/${MEGAN_ID}/events?$filter=subject eq '${subject}'&$select=id,subject`;
  const answer = await graphCall<{ value: Array<{ id: string }> }>(w.m365, token, 'GET', path);
  const found = answer.body.value;
  if (answer.status !== 200 || found.length !== 1)
    throw new Error(`Megan's copy of "${subject}": ${answer.status} ${JSON.stringify(answer.body)}`);
  return found[0]!.id;
}

/**
 * Megan answers on her copy in Outlook, as Outlook itself does (202, no body): the meeting (or series), or with
 * `occurrence` only that occurrence of her series copy.
 */
async function answer(
  w: ScenarioWorld,
  subject: string,
  action: Answer,
  sendResponse = true,
  occurrence?: number,
): Promise<void> {
  const token = await w.m365.control.mintGraphToken({ user: MEGAN_ID, scopes: ['Calendars.ReadWrite'] });
  const copy = await megansCopy(w, token, subject);
  const id = occurrence === undefined ? copy : await megansOccurrence(w, token, copy, occurrence);
  const body = { comment: `${action} from Megan`, sendResponse };
  const made = await graphCall(w.m365, token, 'POST', `/users/${MEGAN_ID}/events/${id}/${action}`, body);
  if (made.status !== 202) throw new Error(`${action}: ${made.status} ${JSON.stringify(made.body)}`);
}

async function megansOccurrence(w: ScenarioWorld, token: string, master: string, index: number): Promise<string> {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 400 * 86_400_000).toISOString();
  const path = `/users/${MEGAN_ID}/events/${master}/instances?startDateTime=${from}&endDateTime=${to}&$select=id`;
  const answer = await graphCall<{ value: Array<{ id: string }> }>(w.m365, token, 'GET', path);
  const found = answer.body.value?.[index];
  if (answer.status !== 200 || !found) throw new Error(`Megan's occurrence ${index}: ${JSON.stringify(answer.body)}`);
  return found.id;
}

/** What Adele's Outlook event shows for Megan (Exchange's propagation of her answer). */
async function organizerSees(w: ScenarioWorld, id: string): Promise<string | undefined> {
  const event = await graph<{ attendees: Array<{ emailAddress: { address: string }; status?: { response: string } }> }>(
    w,
    'GET',
    `/events/${id}?$select=attendees`,
    undefined,
    200,
  );
  return event.attendees.find((a) => a.emailAddress.address.toLowerCase() === MEGAN)?.status?.response;
}

/** Megan's calendar.attendee state on each ERP row of `prefix` (full attendee sync), by start. */
async function erpStates(w: ScenarioWorld, prefix: string): Promise<string[]> {
  const rows = await erpRows(w, prefix);
  const attendees = await w.erp.act<Array<{ email: string | false; state: string; event_id: [number, string] }>>(
    'calendar.attendee',
    'search_read',
    [[['event_id', 'in', rows.map((r) => r.id)]], ['email', 'state', 'event_id']],
  );
  return rows.map(
    (r) => attendees.find((a) => a.event_id[0] === r.id && String(a.email).toLowerCase() === MEGAN)?.state ?? 'missing',
  );
}

/** The attendee block's line for Megan in each ERP row's description (quiet mode), by start. */
async function erpBlockLines(w: ScenarioWorld, prefix: string): Promise<string[]> {
  const rows = await erpRows(w, prefix);
  const read = await w.erp.act<Array<{ id: number; description: string | false }>>('calendar.event', 'read', [
    rows.map((r) => r.id),
    ['description'],
  ]);
  return rows.map((r) => {
    const text = String(read.find((d) => d.id === r.id)?.description ?? '');
    return /megan@contoso\.example&gt;\s*\(([a-z]+), ([a-z]+)\)/.exec(text)?.slice(1).join(', ') ?? 'missing';
  });
}

async function meetingWithMegan(w: ScenarioWorld, subject: string, days: number): Promise<string> {
  const made = await graph(w, 'POST', '/events', outlookEvent(subject, dayFromToday(days), { attendees: WITH_MEGAN }));
  return String(made.id);
}

export const ATTENDEE_RESPONSES: Scenario[] = [
  {
    name: 'full attendees: Megan accepts, goes tentative, declines silently, declines: the ERP attendee state follows what Exchange shows the organizer',
    policy: { attendees: 'full' },
    run: async (w, tag) => {
      const subject = `${tag} answered`;
      const id = await meetingWithMegan(w, subject, 30);
      await syncClean(w);
      expect(await erpStates(w, tag)).toEqual(['needsAction']);
      const steps: Array<[Answer, boolean, string, string]> = [
        ['accept', true, 'accepted', 'accepted'],
        ['tentativelyAccept', true, 'tentativelyAccepted', 'tentative'],
        // sendResponse false: no response is sent to the organizer (Graph event-decline), so nothing changes there.
        ['decline', false, 'tentativelyAccepted', 'tentative'],
        ['decline', true, 'declined', 'declined'],
      ];
      for (const [action, send, outlook, erp] of steps) {
        await answer(w, subject, action, send);
        expect(await organizerSees(w, id)).toBe(outlook);
        await syncClean(w);
        await expectSettled(w, tag, 1);
        expect(await erpStates(w, tag)).toEqual([erp]);
      }
      expect(await standingTrouble(w)).toEqual([]);
    },
  },
  {
    name: 'full attendees: Megan accepts a whole series: every ERP occurrence has her accepted',
    policy: { attendees: 'full' },
    run: async (w, tag) => {
      const subject = `${tag} daily with Megan`;
      await createOutlookSeries(w, subject, dayFromToday(31), DAILY, numbered(4), { attendees: WITH_MEGAN });
      await syncClean(w);
      expect(await erpStates(w, tag)).toEqual(['needsAction', 'needsAction', 'needsAction', 'needsAction']);
      await answer(w, subject, 'accept');
      await syncClean(w);
      await expectSettled(w, tag, 4);
      expect(await erpStates(w, tag)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    },
  },
  {
    name: 'full attendees: Megan declines one occurrence of a series: that ERP occurrence only has her declined',
    policy: { attendees: 'full' },
    run: async (w, tag) => {
      const subject = `${tag} daily, one declined`;
      await createOutlookSeries(w, subject, dayFromToday(36), DAILY, numbered(4), { attendees: WITH_MEGAN });
      await syncClean(w);
      await answer(w, subject, 'accept');
      await syncClean(w);
      await answer(w, subject, 'decline', true, 2);
      await syncClean(w);
      await expectSettled(w, tag, 4);
      expect(await erpStates(w, tag)).toEqual(['accepted', 'accepted', 'declined', 'accepted']);
      expect(await erpSeries(w, tag)).toHaveLength(1);
    },
  },
  {
    name: 'quiet attendees: Megan tentatively accepts: the attendee block in the ERP says so, and no attendee is written',
    run: async (w, tag) => {
      const subject = `${tag} quiet answer`;
      await meetingWithMegan(w, subject, 32);
      await syncClean(w);
      expect(await erpBlockLines(w, tag)).toEqual(['required, none']);
      await answer(w, subject, 'tentativelyAccept');
      await syncClean(w);
      await expectSettled(w, tag, 1);
      expect(await erpBlockLines(w, tag)).toEqual(['required, tentative']);
      expect(await erpStates(w, tag)).toEqual(['missing']);
    },
  },
];
