/**
 * The Odoo adapter's bulk create (issue 19 Must 2): many events in a number of calls that does not grow with their
 * count, each reading back as createEvent would make it; a refused row fails alone; the same keys again return the
 * same records. Counted on the emulator.
 */
import type { ErpPort, ErpUser } from '../../../server/erp/port';
import type { OdooEmulator } from '../../../sandbox/odoo/server';
import { adapterFor, startEmulator, timedEvent } from './helpers';

let emulator: OdooEmulator;
let adapter: ErpPort;
let adele: ErpUser;
beforeAll(async () => {
  emulator = await startEmulator();
  adapter = adapterFor(emulator);
  adele = (await adapter.findUser('adele@contoso.example'))!;
});
afterAll(() => emulator.stop());

const ADELE = { email: 'adele@contoso.example', name: 'Adele Vance' };
const quiet = { quiet: true };

function events(n: number, prefix: string) {
  return Array.from({ length: n }, (_, i) => ({
    event: timedEvent({
      title: `${prefix} ${i}`,
      timing: {
        kind: 'timed' as const,
        start: `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`,
        end: `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
        timeZone: 'Europe/Paris',
      },
      attendees: [
        {
          email: `guest${i % 3}@${prefix.toLowerCase()}.example`,
          name: `Guest ${i % 3}`,
          role: 'required' as const,
          response: i % 2 ? ('accepted' as const) : ('none' as const),
        },
      ],
      categories: i % 2 ? ['Customer Meeting', `${prefix} tag`] : ['Customer Meeting'],
      reminderMinutes: i % 2 ? 15 : 45,
    }),
    idempotencyKey: `${prefix}-${i}`,
    needsReview: i === 0,
  }));
}

describe('Odoo bulk create', () => {
  it('when 10 and then 60 events are created in bulk, then the calls do not grow with the count and each reads back as written', async () => {
    const calls: number[] = [];
    for (const [n, prefix] of [
      [10, 'Small'],
      [60, 'Large'],
    ] as const) {
      const items = events(n, prefix);
      emulator.control.clearCalls();
      const results = await adapter.createEvents!(adele, items, quiet);
      calls.push(emulator.control.calls().total);
      expect(results.every((r) => r.ok)).toBe(true);
      const records = results.map((r) => (r.ok ? r.record : null));
      expect(new Set(records.map((r) => r!.id)).size).toBe(n);
      const [read] = await adapter.readEvents([records[1]!.id]);
      expect(read!.event).toEqual({ ...items[1]!.event, organizer: ADELE });
      expect(records[0]!.needsReview).toBe(true);
      expect(records[1]!.needsReview).toBe(false);
    }
    // The first round also made the 45-minute alarm; the second found it.
    expect(calls[1]).toBeLessThanOrEqual(calls[0]!);
    expect(calls[0]).toBeLessThanOrEqual(15);
    expect(emulator.control.calls().byMethod['calendar.event.load']).toBe(1);
  });

  it('when 500 events are created in bulk, then the read-back asks for each page of ids once and reads no tag or alarm the look-up found', async () => {
    const items = events(500, 'Paged');
    emulator.control.clearCalls();
    const results = await adapter.createEvents!(adele, items, quiet);
    expect(results.every((r) => r.ok)).toBe(true);
    const byMethod = emulator.control.calls().byMethod;
    // The recurrences of what was made, then the 500 ids in one page (no empty page after a full one).
    expect(byMethod['calendar.event.search_read']).toBe(2);
    // Looked up (and made) once; the read-back knows their names and minutes.
    expect(byMethod['calendar.event.type.search_read']).toBe(1);
    expect(byMethod['calendar.alarm.search_read']).toBe(1);
    // What the bulk create answered is what a plain read finds, tags and reminders included.
    for (const i of [0, 1, 7]) {
      const made = results[i]!;
      const [read] = await adapter.readEvents([made.ok ? made.record.id : '']);
      expect(made.ok && made.record).toEqual(read);
    }
  });

  it('when the same keys are created again (an answer was lost), then the same records come back, none added', async () => {
    const items = events(5, 'Again');
    const first = await adapter.createEvents!(adele, items, quiet);
    const second = await adapter.createEvents!(adele, items, quiet);
    expect(second.map((r) => (r.ok ? r.record.id : null))).toEqual(first.map((r) => (r.ok ? r.record.id : null)));
  });

  it('when Odoo refuses one row of a batch, then only that item fails, with Odoo’s message; the others are made', async () => {
    const items = events(4, 'Mixed');
    const bad = items[2]!;
    bad.event = {
      ...bad.event,
      timing: { ...bad.event.timing, end: '2026-04-03T08:00:00Z' } as typeof bad.event.timing,
    };
    const results = await adapter.createEvents!(adele, items, quiet);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    const failed = results[2]!;
    expect(failed.ok ? null : String(failed.error)).toMatch(/ending date and time cannot be earlier/);
  });

  it('when a series is among the creates, then it comes back as one series record with its rule', async () => {
    const items = events(2, 'Serial');
    items[1]!.event = {
      ...items[1]!.event,
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    };
    const results = await adapter.createEvents!(adele, items, quiet);
    const series = results[1]!;
    expect(series.ok && series.record.id).toMatch(/^recurrence:/);
    expect(series.ok && series.record.event.recurrence?.rrule).toContain('FREQ=WEEKLY');
  });
});
