/**
 * listChanges and series identity against real Odoo 19, on both protocols, with people acting in Odoo with their
 * own keys: edits, archives, deletes, an attendee's answer, a moved series, the first occurrence deleted (in Odoo
 * and through our own write), "this and following" split off, a single event made recurring.
 */
import type { CanonicalEvent } from '../../../../server/core/model';
import type { ErpChanges, ErpEvent, ErpPort, ErpUser } from '../../../../server/erp/port';
import { describeRealOdoo, HOOK_TIMEOUT_MS, type OdooUser } from '../../../support/real-odoo';
import { timedEvent } from '../helpers';

const WINDOW = { from: new Date('2031-01-01T00:00:00Z'), to: new Date('2031-12-31T00:00:00Z') };
const quiet = { quiet: true, needsReview: false };

const weekly = (title: string, overrides: Partial<CanonicalEvent> = {}): CanonicalEvent =>
  timedEvent({
    title,
    categories: [],
    attendees: [],
    timing: { kind: 'timed', start: '2031-03-04T08:00:00Z', end: '2031-03-04T08:30:00Z', timeZone: 'Europe/Paris' },
    recurrence: { rrule: 'FREQ=WEEKLY;COUNT=5', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    ...overrides,
  });

const describe = (changes: ErpChanges['changes']) =>
  changes.map((c) => (c.kind === 'deleted' ? `deleted:${c.id}` : `${c.kind}:${c.record.event.title}`)).sort();

describeRealOdoo('Odoo changes and series identity', ({ protocol, db, adapter: makeAdapter }) => {
  let adapter: ErpPort;
  let adele: ErpUser;
  let adeleInOdoo: OdooUser;
  let bob: OdooUser;
  /** Adele acting in Odoo's UI, with her own key. */
  const asAdele = <T>(model: string, method: string, body: Record<string, unknown>) =>
    db().call<T>(model, method, body, adeleInOdoo.apiKey);
  const occurrences = (seriesId: string) =>
    asAdele<Array<{ id: number; start: string; active: boolean }>>('calendar.event', 'search_read', {
      domain: [['recurrence_id', '=', Number(seriesId.split(':')[1])]],
      fields: ['start', 'active'],
      order: 'start',
    });
  const read = async (id: string): Promise<ErpEvent> => {
    const [record] = await adapter.readEvents([id]);
    if (!record) throw new Error(`no record ${id}`);
    return record;
  };

  beforeAll(async () => {
    adeleInOdoo = await db().createUser({ login: 'adele@contoso.example', name: 'Adele Vance', tz: 'Europe/Paris' });
    bob = await db().createUser({ login: 'bob@contoso.example', name: 'Bob Kelly', tz: 'Europe/Paris' });
    adapter = makeAdapter({ overlapSeconds: 120 });
    adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
  }, HOOK_TIMEOUT_MS);

  test('when read without a cursor, then each event comes once and a series as one record under its recurrence', async () => {
    const single = await adapter.createEvent(
      adele,
      timedEvent({ title: 'Kick-off', timing: { ...weekly('x').timing } }),
      `c0-${protocol}`,
      quiet,
    );
    const series = await adapter.createEvent(adele, weekly('Stand-up'), `c1-${protocol}`, quiet);
    expect(single.id).toMatch(/^\d+$/);
    expect(series.id).toMatch(/^recurrence:\d+$/);
    const first = await adapter.listChanges(adele, null, WINDOW, []);
    expect(describe(first.changes)).toEqual(['upsert:Kick-off', 'upsert:Stand-up']);
    expect((await adapter.listChanges(adele, first.cursor, WINDOW, [])).changes).toEqual([]);
  });

  test('when a person edits, archives and deletes in Odoo, then the next read reports each', async () => {
    const keep = await adapter.createEvent(adele, weekly('Edited', { recurrence: null }), `e1-${protocol}`, quiet);
    const archive = await adapter.createEvent(adele, weekly('Archived', { recurrence: null }), `e2-${protocol}`, quiet);
    const remove = await adapter.createEvent(adele, weekly('Deleted', { recurrence: null }), `e3-${protocol}`, quiet);
    const start = await adapter.listChanges(adele, null, WINDOW, []);
    await asAdele('calendar.event', 'write', { ids: [Number(keep.id)], vals: { name: 'Edited in Odoo' } });
    await asAdele('calendar.event', 'write', { ids: [Number(archive.id)], vals: { active: false } });
    await asAdele('calendar.event', 'unlink', { ids: [Number(remove.id)] });
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [keep.id, archive.id, remove.id]);
    expect(describe(next.changes)).toEqual(['archived:Archived', `deleted:${remove.id}`, 'upsert:Edited in Odoo']);
  });

  test("when an attendee answers in Odoo, then the next read reports the answer (it moves only the attendee's stamp)", async () => {
    const created = await adapter.createEvent(
      adele,
      weekly('Invitation', { recurrence: null, attendees: [{ email: bob.email, role: 'required', response: 'none' }] }),
      `a1-${protocol}`,
      quiet,
    );
    const start = await adapter.listChanges(adele, null, WINDOW, [created.id]);
    const [attendee] = await db().call<Array<{ id: number }>>('calendar.attendee', 'search_read', {
      domain: [
        ['event_id', '=', Number(created.id)],
        ['partner_id', '=', bob.partnerId],
      ],
      fields: ['id'],
    });
    await db().call('calendar.attendee', 'do_accept', { ids: [attendee!.id] }, bob.apiKey);
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [created.id]);
    const change = next.changes.find((c) => c.kind === 'upsert' && c.record.id === created.id);
    expect(change?.kind === 'upsert' && change.record.event.attendees).toEqual([
      expect.objectContaining({ email: bob.email, response: 'accepted' }),
    ]);
    expect(change?.kind === 'upsert' && change.record.version).not.toBe(created.version);
  });

  test('when a series is moved in Odoo, then the new series replaces the known one and nothing archived comes', async () => {
    const series = await adapter.createEvent(adele, weekly('Moved series'), `m1-${protocol}`, quiet);
    const start = await adapter.listChanges(adele, null, WINDOW, [series.id]);
    const [first] = await occurrences(series.id);
    await asAdele('calendar.event', 'write', {
      ids: [first!.id],
      vals: { start: '2031-03-04 10:00:00', stop: '2031-03-04 10:30:00', recurrence_update: 'all_events' },
    });
    // Odoo makes a new calendar.recurrence around the same base event and archives the old occurrences.
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [series.id]);
    expect(describe(next.changes)).toEqual([`deleted:${series.id}`, 'upsert:Moved series']);
    const moved = next.changes.find((c) => c.kind === 'upsert');
    expect(moved?.kind === 'upsert' && moved.replaces).toBe(series.id);
    expect(moved?.kind === 'upsert' && moved.record.id).toMatch(/^recurrence:\d+$/);
    expect(moved?.kind === 'upsert' && moved.record.event.timing).toMatchObject({ start: '2031-03-04T10:00:00Z' });
    expect(moved?.kind === 'upsert' && moved.record.event.recurrence?.exDates).toEqual([]);
  });

  test('when an occurrence other than the first is deleted in Odoo, then the next read reports the series with it cancelled', async () => {
    const series = await adapter.createEvent(adele, weekly('Middle deleted'), `d3-${protocol}`, quiet);
    const start = await adapter.listChanges(adele, null, WINDOW, [series.id]);
    const [, second] = await occurrences(series.id);
    await asAdele('calendar.event', 'unlink', { ids: [second!.id] });
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [series.id]);
    const change = next.changes.find((c) => c.kind === 'upsert' && c.record.id === series.id);
    expect(change?.kind === 'upsert' && change.record.event.recurrence?.exDates).toEqual(['2031-03-11T08:00:00Z']);
  });

  test('when the first occurrence is deleted in Odoo, then the series keeps its id and reports an exception', async () => {
    const series = await adapter.createEvent(adele, weekly('First deleted in Odoo'), `d1-${protocol}`, quiet);
    const [first] = await occurrences(series.id);
    await asAdele('calendar.event', 'unlink', { ids: [first!.id] });
    const after = await read(series.id);
    expect(after.event.recurrence?.exDates).toEqual(['2031-03-04T08:00:00Z']);
    const changes = await adapter.listChanges(adele, null, WINDOW, [series.id]);
    expect(changes.changes.filter((c) => c.kind === 'deleted')).toEqual([]);
    expect(changes.changes.map((c) => c.kind !== 'deleted' && c.record.id)).toContain(series.id);
  });

  test('when our own write cancels the first occurrence, then the series keeps its id', async () => {
    const series = await adapter.createEvent(adele, weekly('First cancelled by us'), `d2-${protocol}`, quiet);
    const cancelled = {
      ...series.event,
      recurrence: { ...series.event.recurrence!, exDates: ['2031-03-04T08:00:00Z'] },
    };
    const updated = await adapter.updateEvent(series.id, cancelled, ['recurrence'], { quiet: true });
    expect(updated.id).toBe(series.id);
    expect(updated.event.recurrence?.exDates).toEqual(['2031-03-04T08:00:00Z']);
    expect((await occurrences(series.id)).map((o) => o.start)).not.toContain('2031-03-04 08:00:00');
    const renamed = await adapter.updateEvent(series.id, { ...cancelled, title: 'Renamed after' }, ['title'], {
      quiet: true,
    });
    expect(renamed.id).toBe(series.id);
    expect(renamed.event.title).toBe('Renamed after');
  });

  test('when our own write moves a whole series, then it answers under the new series id and the old one is gone', async () => {
    const series = await adapter.createEvent(adele, weekly('Moved by us'), `m2-${protocol}`, quiet);
    const timing = {
      kind: 'timed' as const,
      start: '2031-03-04T11:00:00Z',
      end: '2031-03-04T11:30:00Z',
      timeZone: 'Europe/Paris',
    };
    const moved = await adapter.updateEvent(series.id, { ...series.event, timing }, ['timing'], { quiet: true });
    expect(moved.event.timing).toEqual(timing);
    expect(moved.event.recurrence?.exDates).toEqual([]);
    expect((await occurrences(moved.id)).filter((o) => o.active)).toHaveLength(5);
    if (moved.id !== series.id) await expect(adapter.readEvents([series.id])).resolves.toEqual([]);
  });

  test('when "this and following" is moved in Odoo, then the series keeps its id and the tail is a new series', async () => {
    const series = await adapter.createEvent(adele, weekly('Split'), `s1-${protocol}`, quiet);
    const start = await adapter.listChanges(adele, null, WINDOW, [series.id]);
    const [, , third] = await occurrences(series.id);
    await asAdele('calendar.event', 'write', {
      ids: [third!.id],
      vals: { start: '2031-03-18 12:00:00', stop: '2031-03-18 12:30:00', recurrence_update: 'future_events' },
    });
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [series.id]);
    const ids = next.changes.map((c) => (c.kind === 'deleted' ? `deleted:${c.id}` : c.record.id));
    expect(ids).toContain(series.id);
    expect(ids.filter((id) => id !== series.id)).toEqual([expect.stringMatching(/^recurrence:\d+$/)]);
    const head = await read(series.id);
    expect(head.event.timing).toMatchObject({ start: '2031-03-04T08:00:00Z' });
  });

  test('when a single event is made recurring in Odoo, then its old id is reported deleted with its new series', async () => {
    const single = await adapter.createEvent(
      adele,
      weekly('Becomes weekly', { recurrence: null }),
      `r1-${protocol}`,
      quiet,
    );
    const start = await adapter.listChanges(adele, null, WINDOW, [single.id]);
    await asAdele('calendar.event', 'write', {
      ids: [Number(single.id)],
      vals: { recurrency: true, rrule_type: 'weekly', interval: 1, end_type: 'count', count: 3, tue: true },
    });
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [single.id]);
    expect(describe(next.changes)).toEqual([`deleted:${single.id}`, 'upsert:Becomes weekly']);
  });
});
