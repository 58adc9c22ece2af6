/**
 * The tenant feed's one call (snapshotPeople) against real Odoo 19, on both protocols: per person a digest of the
 * ids and write_dates of the events they own or attend in the window, so an edit changes the owner's and the
 * attendee's digests, an unlink (which stamps nothing) and an archive change them too, and nothing else does. An
 * attendee's answer (do_accept, Odoo's own Accept button) leaves the event's write_date as it was, yet changes both
 * digests (the answer counts).
 */
import type { ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS, type OdooUser } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';

const WINDOW = { from: new Date('2032-01-01T00:00:00Z'), to: new Date('2032-12-31T00:00:00Z') };
const quiet = { quiet: true, needsReview: false };
const timing = { kind: 'timed' as const, start: '2032-03-04T08:00:00Z', end: '2032-03-04T08:30:00Z', timeZone: 'UTC' };
/** write_date has one-second resolution: a write in a later second stamps a new value. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describeRealOdoo('Odoo tenant feed snapshot', ({ protocol, db, adapter: makeAdapter }) => {
  let adapter: ErpPort;
  let adele: ErpUser;
  let bob: ErpUser;
  let adeleInOdoo: OdooUser;
  let bobInOdoo: OdooUser;
  const asAdele = (method: string, body: Record<string, unknown>) =>
    db().call('calendar.event', method, body, adeleInOdoo.apiKey);
  const snapshot = async () => {
    const digests = await adapter.snapshotPeople!([adele, bob], WINDOW);
    return { adele: digests.get(adele.id), bob: digests.get(bob.id) };
  };

  beforeAll(async () => {
    adeleInOdoo = await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', tz: 'Europe/Paris' });
    bobInOdoo = await db().createUser({ login: 'bob@contoso.example', name: 'Bob Kelly', tz: 'Europe/Paris' });
    adapter = makeAdapter();
    adele = (await adapter.findUser(adeleInOdoo.login)) as ErpUser;
    bob = (await adapter.findUser(bobInOdoo.login)) as ErpUser;
  }, HOOK_TIMEOUT_MS);

  test('when events are edited, unlinked or archived in Odoo, then exactly their people digests change', async () => {
    const shared = await adapter.createEvent(
      adele,
      timedEvent({
        title: 'With Bob',
        timing,
        attendees: [{ email: bobInOdoo.email, role: 'required', response: 'none' }],
      }),
      `snap-shared-${protocol}`,
      quiet,
    );
    const alone = await adapter.createEvent(
      adele,
      timedEvent({ title: 'Alone', timing }),
      `snap-alone-${protocol}`,
      quiet,
    );
    const start = await snapshot();
    expect(start.adele).toEqual(expect.any(String));
    expect(start.bob).not.toBe(start.adele);
    expect(await snapshot()).toEqual(start);

    await nextSecond();
    await asAdele('write', { ids: [Number(alone.id)], vals: { name: 'Alone, renamed' } });
    const renamed = await snapshot();
    expect(renamed.adele).not.toBe(start.adele);
    expect(renamed.bob).toBe(start.bob);

    await nextSecond();
    await asAdele('write', { ids: [Number(shared.id)], vals: { location: 'Room 2' } });
    const moved = await snapshot();
    expect(moved.adele).not.toBe(renamed.adele);
    expect(moved.bob).not.toBe(renamed.bob);

    await asAdele('unlink', { ids: [Number(alone.id)] });
    const unlinked = await snapshot();
    expect(unlinked.adele).not.toBe(moved.adele);
    expect(unlinked.bob).toBe(moved.bob);

    await nextSecond();
    await asAdele('write', { ids: [Number(shared.id)], vals: { active: false } });
    const archived = await snapshot();
    expect(archived.adele).not.toBe(unlinked.adele);
    expect(archived.bob).not.toBe(unlinked.bob);
  });

  test("when an attendee answers in Odoo alone, then the event's write_date stays but both people's digests change", async () => {
    const meeting = await adapter.createEvent(
      adele,
      timedEvent({
        title: 'Answer me',
        timing,
        attendees: [{ email: bobInOdoo.email, role: 'required', response: 'none' }],
      }),
      `snap-answer-${protocol}`,
      quiet,
    );
    const id = Number(meeting.id);
    const writeDate = async () => {
      const [row] = (await db().call('calendar.event', 'read', { ids: [id], fields: ['write_date'] })) as Array<{
        write_date: string;
      }>;
      return row?.write_date;
    };
    const [bobsAnswer] = (await db().call('calendar.attendee', 'search', {
      domain: [
        ['event_id', '=', id],
        ['partner_id.email', '=', bobInOdoo.email],
      ],
    })) as number[];
    expect(bobsAnswer).toEqual(expect.any(Number));
    const before = { snapshot: await snapshot(), writeDate: await writeDate() };

    await nextSecond();
    await db().call('calendar.attendee', 'do_accept', { ids: [bobsAnswer] }, bobInOdoo.apiKey);

    // The fact the feed works around: Odoo stamps the answer on calendar.attendee only.
    expect(await writeDate()).toBe(before.writeDate);
    const answered = await snapshot();
    expect(answered.adele).not.toBe(before.snapshot.adele);
    expect(answered.bob).not.toBe(before.snapshot.bob);
    expect(await snapshot()).toEqual(answered);
  });
});
