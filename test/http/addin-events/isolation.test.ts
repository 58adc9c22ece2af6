/**
 * Isolation of the event routes: Adele, holding Megan's event ids (immutable or REST), finds nothing of
 * Megan's: her status is "not tracked", tracking is refused as not in her calendar, and nothing is written to
 * Megan's event or mapping; neither a conflict choice nor a sync reaches Megan's row.
 */
import type { EventStatus, HistoryResponse } from '../../../contract/addin-api';
import { call, createEvent, eventPath, propertyNamed, readEvent, send, startWorld, type World } from './helpers';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.stop();
});

describe("Adele with Megan's event ids", () => {
  it("when Adele reads, tracks, syncs, resolves or asks the history of Megan's event, then she reaches nothing of Megan's", async () => {
    const megansEvent = await createEvent(world, 'megan', "Megan's 1:1");
    const megan = await world.token('megan');
    expect((await send(world, 'PUT', eventPath(megansEvent.id, '/tracking'), megan, { track: true })).status).toBe(200);
    const meganMailbox = await world.mailbox('megan');
    const meganRow = await world.store.mappings.getByOutlookId(meganMailbox.id, megansEvent.id);
    // Megan has no ERP user, so her pane cannot link; her row gets a link the way the engine would record one.
    await world.store.mappings.update(meganMailbox.id, meganRow!.id, {
      linkModel: 'res.partner',
      linkId: '7',
      linkName: 'Fabrikam, Inc.',
      status: 'conflict',
      conflict: { kind: 'fields', fields: ['title'], outlook: { title: 'a' }, erp: { title: 'b' }, suggested: null },
    });
    await world.store.audit.append([
      {
        mailboxId: meganMailbox.id,
        mappingId: meganRow!.id,
        side: 'erp',
        action: 'create',
        fields: [],
        before: null,
        after: null,
      },
    ]);
    const rowBefore = await world.store.mappings.getById(meganMailbox.id, meganRow!.id);
    const eventBefore = await readEvent(world, 'megan', megansEvent.id);
    const adele = await world.token('adele');
    const adeleMailbox = await world.mailbox('adele');
    const syncsBefore = world.syncRequests.length;

    for (const id of [megansEvent.id, megansEvent.folderId]) {
      const status = await call<EventStatus>(world.api, 'GET', eventPath(id), adele);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        outlookId: id,
        // Adele's calendar has no such event: to her it is simply not there.
        state: 'gone',
        marked: false,
        link: null,
        conflicts: [],
      });

      const track = await send(world, 'PUT', eventPath(id, '/tracking'), adele, { track: false, link: null });
      expect(track.status).toBe(404);
      expect(track.body.type).toBe('https://outlook-erp-sync.dev/problems/not-found');

      expect((await call(world.api, 'POST', eventPath(id, '/sync'), adele)).status).toBe(404);
      const resolve = await send(world, 'POST', eventPath(id, '/conflicts'), adele, { choices: { title: 'outlook' } });
      expect(resolve.status).toBe(409);
      const history = await call<HistoryResponse>(world.api, 'GET', eventPath(id, '/history'), adele);
      expect(history.body).toEqual({ entries: [] });
    }

    expect(world.syncRequests.length).toBe(syncsBefore);
    expect(await world.store.mappings.getById(meganMailbox.id, meganRow!.id)).toEqual(rowBefore);
    expect(await world.store.mappings.listByMailbox(adeleMailbox.id)).toEqual([]);
    const eventAfter = await readEvent(world, 'megan', megansEvent.id);
    expect(propertyNamed(eventAfter, 'erpSync')).toBe('1');
    expect(propertyNamed(eventAfter, 'erpLink') ?? '').toBe('');
    expect(eventAfter.singleValueExtendedProperties).toEqual(eventBefore.singleValueExtendedProperties);
  });

  it('when Megan asks about her own event, then she sees it tracked', async () => {
    const event = await createEvent(world, 'megan', 'Her own');
    const megan = await world.token('megan');
    await send(world, 'PUT', eventPath(event.id, '/tracking'), megan, { track: true });
    const status = await call<EventStatus>(world.api, 'GET', eventPath(event.id), megan);
    expect(status.body).toMatchObject({ state: 'pending', marked: true });
  });
});
