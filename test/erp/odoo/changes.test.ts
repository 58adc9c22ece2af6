/** listChanges against the emulator: first read, incremental reads with overlap and dedupe, archives, hard deletes. */
import type { ErpPort, ErpUser } from '../../../server/erp/port';
import type { OdooEmulator } from '../../../sandbox/odoo/server';
import { adapterFor, startEmulator, timedEvent } from './helpers';

const WINDOW = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };

describe.each(['jsonrpc', 'json2'] as const)('Odoo listChanges over %s', (protocol) => {
  let emulator: OdooEmulator;
  let adapter: ErpPort;
  let adele: ErpUser;

  beforeAll(async () => {
    emulator = await startEmulator();
    adapter = adapterFor(emulator, { protocol, overlapSeconds: 120 });
    adele = (await adapter.findUser('adele@contoso.example')) as ErpUser;
  });
  afterAll(() => emulator.stop());

  const titles = (changes: Awaited<ReturnType<ErpPort['listChanges']>>['changes']) =>
    changes.map((c) => (c.kind === 'deleted' ? `deleted:${c.id}` : `${c.kind}:${c.record.event.title}`)).sort();

  test('when read without a cursor, then every event of the user in the window comes once, a series as one', async () => {
    const first = await adapter.listChanges(adele, null, WINDOW, []);
    expect(titles(first.changes)).toEqual(['upsert:Fabrikam kick-off', 'upsert:Team stand-up', 'upsert:Trade fair']);
    const standUp = first.changes.find((c) => c.kind === 'upsert' && c.record.event.title === 'Team stand-up');
    expect(standUp?.kind === 'upsert' && standUp.record.event.recurrence).toEqual({
      rrule: 'FREQ=WEEKLY;COUNT=4',
      timeZone: 'Europe/Paris',
      exDates: [],
      modified: [],
    });
  });

  test('when nothing changed, then the next read reports nothing despite the overlap', async () => {
    const first = await adapter.listChanges(adele, null, WINDOW, []);
    const second = await adapter.listChanges(adele, first.cursor, WINDOW, []);
    expect(second.changes).toEqual([]);
  });

  test('when a person edits, archives and deletes in Odoo, then the next read reports each', async () => {
    const keep = await adapter.createEvent(adele, timedEvent({ title: 'Edited' }), `c1-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const archive = await adapter.createEvent(adele, timedEvent({ title: 'Archived' }), `c2-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const remove = await adapter.createEvent(adele, timedEvent({ title: 'Deleted' }), `c3-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const start = await adapter.listChanges(adele, null, WINDOW, []);
    emulator.control.advanceClock(30);
    const as = 'adele@contoso.example';
    emulator.control.act(as, 'calendar.event', 'write', [[Number(keep.id)], { name: 'Edited in Odoo' }]);
    emulator.control.act(as, 'calendar.event', 'write', [[Number(archive.id)], { active: false }]);
    emulator.control.act(as, 'calendar.event', 'unlink', [[Number(remove.id)]]);
    const next = await adapter.listChanges(adele, start.cursor, WINDOW, [keep.id, archive.id, remove.id]);
    expect(titles(next.changes)).toEqual(['archived:Archived', `deleted:${remove.id}`, 'upsert:Edited in Odoo']);
  });

  test('when Odoo edits within the same second as the read (clock frozen), then the next read reports the edit', async () => {
    const frozenAt = new Date(Date.now() + 1000); // after every earlier write, so the cursor keeps its order
    emulator.control.setClock(frozenAt);
    try {
      const target = await adapter.createEvent(adele, timedEvent({ title: 'Same second' }), `sec-${protocol}`, {
        quiet: true,
        needsReview: false,
      });
      const read = await adapter.listChanges(adele, null, WINDOW, []);
      emulator.control.act('adele@contoso.example', 'calendar.event', 'write', [
        [Number(target.id)],
        { name: 'Same second, edited' },
      ]);
      const next = await adapter.listChanges(adele, read.cursor, WINDOW, []);
      expect(titles(next.changes)).toEqual(['upsert:Same second, edited']);
      expect((await adapter.listChanges(adele, next.cursor, WINDOW, [])).changes).toEqual([]);
    } finally {
      emulator.control.setClock(new Date(frozenAt.getTime() + 1000), false);
    }
  });

  test('when Odoo archives within the same second as the read (clock frozen), then the next read reports the archive', async () => {
    const frozenAt = new Date(Date.now() + 1000);
    emulator.control.setClock(frozenAt);
    try {
      const target = await adapter.createEvent(
        adele,
        timedEvent({ title: 'Archived same second' }),
        `asec-${protocol}`,
        {
          quiet: true,
          needsReview: false,
        },
      );
      const read = await adapter.listChanges(adele, null, WINDOW, [target.id]);
      emulator.control.act('adele@contoso.example', 'calendar.event', 'write', [
        [Number(target.id)],
        { active: false },
      ]);
      const next = await adapter.listChanges(adele, read.cursor, WINDOW, [target.id]);
      expect(titles(next.changes)).toEqual(['archived:Archived same second']);
    } finally {
      emulator.control.setClock(new Date(frozenAt.getTime() + 1000), false);
    }
  });

  test('when a slow transaction commits a row stamped before the cursor, then the overlap still finds it', async () => {
    const start = await adapter.listChanges(adele, null, WINDOW, []);
    const target = await adapter.createEvent(adele, timedEvent({ title: 'Slow' }), `slow-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const afterCreate = await adapter.listChanges(adele, start.cursor, WINDOW, []);
    // A write stamped 60 s earlier than the newest write_date the cursor saw (Odoo stamps the transaction start).
    emulator.control.advanceClock(-60);
    emulator.control.act('admin', 'calendar.event', 'write', [[Number(target.id)], { location: 'Moved' }]);
    emulator.control.advanceClock(120);
    const later = await adapter.listChanges(adele, afterCreate.cursor, WINDOW, []);
    expect(later.changes.map((c) => c.kind !== 'deleted' && c.record.event.location)).toEqual(['Moved']);
  });

  test('when the overlap has passed with nothing written, then recent writes are no longer re-read; a new write is', async () => {
    let now = Date.now();
    const timed = adapterFor(emulator, { protocol, overlapSeconds: 120, clock: { now: () => new Date(now) } });
    const user = (await timed.findUser('adele@contoso.example')) as ErpUser;
    const made = await timed.createEvent(user, timedEvent({ title: 'Recent' }), `recent-${protocol}`, {
      quiet: true,
      needsReview: false,
    });
    const first = await timed.listChanges(user, null, WINDOW, [made.id]);
    // Right after a write, the next read re-reads it (its transaction may have committed after the read).
    const soon = await timed.listChanges(user, first.cursor, WINDOW, [made.id]);
    expect(soon.changes).toEqual([]);
    // Both clocks move past the overlap: the read after that no longer re-reads (the overlap is counted back from
    // Odoo's time at the previous read, not from its newest write_date, which would keep it forever).
    now += 121_000;
    emulator.control.advanceClock(121);
    const idle = await timed.listChanges(user, soon.cursor, WINDOW, [made.id]);
    emulator.control.clearCalls();
    const again = await timed.listChanges(user, idle.cursor, WINDOW, [made.id]);
    expect([idle.changes, again.changes]).toEqual([[], []]);
    // One read of the person's events (none found) and one of recent answers: nothing assembled.
    expect(emulator.control.calls().byMethod['calendar.attendee.search_read']).toBe(1);
    expect(emulator.control.calls().byMethod['calendar.event.type.search_read']).toBeUndefined();
    const as = 'adele@contoso.example';
    emulator.control.act(as, 'calendar.event', 'write', [[Number(made.id)], { name: 'Recent, edited' }]);
    const edited = await timed.listChanges(user, again.cursor, WINDOW, [made.id]);
    expect(titles(edited.changes)).toEqual(['upsert:Recent, edited']);
  });

  test('when an occurrence is edited alone, then the series reports it as modified and a cancelled one as an exception', async () => {
    const [standUp] = emulator.control.act(
      'admin',
      'calendar.event',
      'search_read',
      [[['name', '=', 'Team stand-up']]],
      { fields: ['start'], order: 'start' },
    ) as Array<{ id: number; start: string }>;
    const occurrences = emulator.control.act(
      'admin',
      'calendar.event',
      'search_read',
      [[['name', '=', 'Team stand-up']]],
      { fields: ['start'], order: 'start' },
    ) as Array<{ id: number; start: string }>;
    const [, second, third] = occurrences;
    if (!standUp || !second || !third) throw new Error('seeded series missing');
    const as = 'adele@contoso.example';
    emulator.control.act(as, 'calendar.event', 'write', [
      [second.id],
      {
        start: second.start.replace(' 07:', ' 08:'),
        stop: second.start.replace(' 07:00', ' 08:30'),
        recurrence_update: 'self_only',
      },
    ]);
    emulator.control.act(as, 'calendar.event', 'unlink', [[third.id]]);
    const [member] = emulator.control.act('admin', 'calendar.event', 'read', [
      [standUp.id],
      ['recurrence_id'],
    ]) as Array<{
      recurrence_id: [number, string];
    }>;
    // A series is known by its recurrence, not by an occurrence.
    await expect(adapter.readEvents([String(standUp.id)])).resolves.toEqual([]);
    const [series] = await adapter.readEvents([`recurrence:${member!.recurrence_id[0]}`]);
    const recurrence = series?.event.recurrence;
    expect(recurrence?.exDates).toEqual([`${third.start.replace(' ', 'T')}Z`]);
    expect(recurrence?.modified.map((m) => [m.originalStart, m.event.timing])).toEqual([
      [
        `${second.start.replace(' ', 'T')}Z`,
        {
          kind: 'timed',
          start: `${second.start.slice(0, 10)}T08:00:00Z`,
          end: `${second.start.slice(0, 10)}T08:30:00Z`,
          timeZone: 'Europe/Paris',
        },
      ],
    ]);
  });
});
