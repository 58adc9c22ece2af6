/** The Outlook adapter against the Microsoft 365 emulator over HTTPS: delta, series, $batch writes, find, errors. */
import { isOutlookError, PROPERTY_IDS, type OutlookCalendar, type WriteOutcome } from '../../server/outlook';
import { ADELE_ID, berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

const window = { from: new Date('2030-03-01T00:00:00Z'), to: new Date('2030-05-01T00:00:00Z') };

let h: OutlookHarness;
let calendar: OutlookCalendar;
beforeAll(async () => {
  h = await startOutlookHarness();
  calendar = h.calendar;
});
afterAll(() => h.stop());

function created(outcome: WriteOutcome | undefined): { id: string; changeKey: string | null; iCalUId: string | null } {
  if (!outcome?.ok || outcome.kind === 'deleted')
    throw new Error(`expected a created/updated outcome, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('OutlookCalendar against the emulator', () => {
  let firstLink: string;
  let ids: string[];

  it('when three events are created through $batch, then each has an id, changeKey and iCalUId, and the mapping id finds it', async () => {
    const outcomes = await calendar.applyWrites([
      {
        kind: 'create',
        key: 'a',
        mappingId: 'map-a',
        event: berlinEvent('Alpha', '2030-03-04T09:00:00Z'),
        marks: { erpSync: true },
      },
      { kind: 'create', key: 'b', mappingId: 'map-b', event: berlinEvent('Beta', '2030-03-05T09:00:00Z') },
      { kind: 'create', key: 'c', mappingId: 'map-c', event: berlinEvent('Gamma', '2030-03-06T09:00:00Z') },
      { kind: 'create', key: 'out', mappingId: 'map-out', event: berlinEvent('Outside', '2031-01-06T09:00:00Z') },
    ]);
    expect(outcomes.map((o) => o.key)).toEqual(['a', 'b', 'c', 'out']);
    ids = outcomes.slice(0, 3).map((o) => created(o).id);
    expect(created(outcomes[0]).iCalUId).toEqual(expect.any(String));
    const found = await calendar.findByMappingId('map-a');
    expect(found.map((r) => r.id)).toEqual([ids[0]]);
    expect(found[0]?.marks).toEqual(expect.objectContaining({ erpSync: true, mappingId: 'map-a' }));
    expect(found[0]?.event).toEqual({
      ok: true,
      value: expect.objectContaining({ title: 'Alpha', timing: berlinEvent('', '2030-03-04T09:00:00Z').timing }),
    });
  });

  it('when the same create is retried with its mapping id, then Graph returns the first event (transactionId)', async () => {
    const [again] = await calendar.applyWrites([
      { kind: 'create', key: 'a2', mappingId: 'map-a', event: berlinEvent('Alpha', '2030-03-04T09:00:00Z') },
    ]);
    expect(created(again).id).toBe(ids[0]);
    expect(await calendar.findByMappingId('map-a')).toHaveLength(1);
  });

  it('when the first delta round is read in small pages, then it lists the window events with marks and ends with a delta link', async () => {
    const round = await calendar.readChanges({ window });
    expect(round.items.map((i) => i.subject).sort()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(round.items.find((i) => i.subject === 'Beta')?.marks.mappingId).toBe('map-b');
    expect(round.removedIds).toEqual([]);
    expect(round.deltaLink).toContain('/calendarView/delta');
    firstLink = round.deltaLink;
  });

  it('when one event is updated and one deleted, then the next round has the update and the removal', async () => {
    const [beta] = (await calendar.getEvents([ids[1]!])).values();
    const outcomes = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'u',
        eventId: ids[1]!,
        event: berlinEvent('Beta v2', '2030-03-05T09:00:00Z'),
        fields: ['title'],
        expectedChangeKey: beta!.changeKey!,
      },
      { kind: 'delete', key: 'd', eventId: ids[2]! },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(created(outcomes[0]).changeKey).not.toBe(beta!.changeKey);
    const round = await calendar.readChanges({ window, deltaLink: firstLink });
    expect(round.items.map((i) => [i.id, i.subject])).toEqual([[ids[1], 'Beta v2']]);
    expect(round.removedIds).toEqual([ids[2]]);
    const again = await calendar.readChanges({ window, deltaLink: round.deltaLink });
    expect(again.items).toEqual([]);
  });

  it('when an update carries a stale changeKey, then that item fails with conflict and the others succeed', async () => {
    const [alpha] = (await calendar.getEvents([ids[0]!])).values();
    await calendar.applyWrites([
      {
        kind: 'update',
        key: 'x',
        eventId: ids[0]!,
        event: berlinEvent('Alpha 2', '2030-03-04T09:00:00Z'),
        fields: ['title'],
      },
    ]);
    const outcomes = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'stale',
        eventId: ids[0]!,
        event: berlinEvent('Alpha 3', '2030-03-04T09:00:00Z'),
        fields: ['title'],
        expectedChangeKey: alpha!.changeKey!,
      },
      {
        kind: 'update',
        key: 'fine',
        eventId: ids[1]!,
        event: berlinEvent('Beta v3', '2030-03-05T09:00:00Z'),
        fields: ['title'],
      },
      { kind: 'delete', key: 'gone', eventId: ids[2]! },
    ]);
    expect(outcomes[0]).toEqual(expect.objectContaining({ key: 'stale', ok: false, failure: 'conflict', status: 412 }));
    expect(outcomes[1]).toEqual(expect.objectContaining({ key: 'fine', ok: true, kind: 'updated' }));
    // Deleting what is already gone is success.
    expect(outcomes[2]).toEqual({ key: 'gone', ok: true, kind: 'deleted' });
  });

  it('when a write cannot be mapped or Graph rejects it, then only that item fails', async () => {
    const outcomes = await calendar.applyWrites([
      {
        kind: 'create',
        key: 'hourly',
        mappingId: 'map-h',
        event: berlinEvent('H', '2030-03-07T09:00:00Z', {
          recurrence: { rrule: 'FREQ=HOURLY', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
        }),
      },
      {
        kind: 'update',
        key: 'missing',
        eventId: 'AAMkAGI2TG93AAA=',
        event: berlinEvent('M', '2030-03-07T09:00:00Z'),
        fields: ['title'],
      },
      { kind: 'create', key: 'ok', mappingId: 'map-ok', event: berlinEvent('Fine', '2030-03-08T09:00:00Z') },
    ]);
    expect(outcomes[0]).toEqual(expect.objectContaining({ key: 'hourly', ok: false, failure: 'mapping' }));
    expect(outcomes[1]).toEqual(expect.objectContaining({ key: 'missing', ok: false, failure: 'not_found' }));
    expect(outcomes[2]).toEqual(expect.objectContaining({ key: 'ok', ok: true, kind: 'created' }));
  });

  it('when a sub-request of a batch is throttled, then only it is re-sent after its Retry-After', async () => {
    await h.emulator.control.addFault({
      kind: 'status',
      status: 429,
      method: 'POST',
      path: '/events$',
      retryAfterSeconds: 2,
      count: 1,
    });
    h.waits.length = 0;
    const outcomes = await calendar.applyWrites([
      { kind: 'create', key: 't1', mappingId: 'map-t1', event: berlinEvent('T1', '2030-03-10T09:00:00Z') },
      { kind: 'create', key: 't2', mappingId: 'map-t2', event: berlinEvent('T2', '2030-03-11T09:00:00Z') },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(h.waits).toEqual([2000]);
    expect((await calendar.findByMappingId('map-t1')).length + (await calendar.findByMappingId('map-t2')).length).toBe(
      2,
    );
  });

  it('when throttling outlasts the retries, then the item fails as throttled with its Retry-After', async () => {
    await h.emulator.control.addFault({
      kind: 'status',
      status: 429,
      method: 'POST',
      path: '/events$',
      retryAfterSeconds: 1,
      count: 3,
    });
    const [outcome] = await calendar.applyWrites([
      { kind: 'create', key: 'z', mappingId: 'map-z', event: berlinEvent('Z', '2030-03-12T09:00:00Z') },
    ]);
    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, failure: 'throttled', status: 429, retryAfterSeconds: 1 }),
    );
    await h.emulator.control.clearFaults();
  });

  it('when the delta link has expired, then reading it throws sync_state_not_found', async () => {
    const round = await calendar.readChanges({ window });
    await h.emulator.control.expireDeltaTokens();
    const error = await calendar.readChanges({ window, deltaLink: round.deltaLink }).catch((e: unknown) => e);
    expect(isOutlookError(error) && error.kind).toBe('sync_state_not_found');
    expect(isOutlookError(error) && error.cause.status).toBe(410);
  });

  it('when events are looked up by iCalUId or by subject and time, then the created event is found', async () => {
    const [record] = await calendar.findByMappingId('map-b');
    expect((await calendar.findByICalUId(record!.iCalUId!)).map((r) => r.id)).toEqual([record!.id]);
    const bySubject = await calendar.findBySubjectAndTime('Beta v3', '2030-03-05T09:00:00Z', '2030-03-05T10:00:00Z');
    expect(bySubject.map((r) => r.id)).toEqual([record!.id]);
    expect(await calendar.findBySubjectAndTime('Beta v3', '2030-03-05T09:30:00Z', '2030-03-05T10:00:00Z')).toEqual([]);
  });

  it('when an event moves folders, then the id we hold still reads it (every request, batched or not, asks for immutable ids)', async () => {
    const [record] = await calendar.findByMappingId('map-b');
    await h.emulator.control.call('POST', `/mailboxes/${ADELE_ID}/events/${encodeURIComponent(record!.id)}/move`);
    const [read] = (await calendar.getEvents([record!.id])).values();
    expect(read?.id).toBe(record!.id);
    const round = await calendar.readChanges({ window });
    expect(round.items.map((i) => i.id)).toContain(record!.id);
  });

  it('when the add-in wrote custom properties, then the record carries them and its link', async () => {
    const manifestId = '0b7c1f6e-1d2a-4c3b-9e8f-112233445566';
    const withAddin = h.make({ addinManifestId: manifestId });
    const [record] = await calendar.findByMappingId('map-b');
    await h.emulator.control.call(
      'PUT',
      `/mailboxes/${ADELE_ID}/events/${encodeURIComponent(record!.id)}/custom-properties/${manifestId}`,
      {
        properties: { erpSync: '1', erpLink: { model: 'res.partner', id: '12', name: 'Deco Addict' } },
      },
    );
    const [read] = (await withAddin.getEvents([record!.id])).values();
    expect(read?.marks.addin).toEqual({
      erpSync: true,
      erpLink: { model: 'res.partner', id: '12', name: 'Deco Addict' },
    });
    expect(read?.event.ok && read.event.value.erpLink).toEqual({ model: 'res.partner', id: '12', name: 'Deco Addict' });
    expect(PROPERTY_IDS.erpSync).toMatch(/^String \{[0-9a-f-]{36}\} Name erpSync$/);
  });
});
