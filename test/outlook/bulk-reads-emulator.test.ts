/**
 * Reading and writing in bulk against the emulator: a full round reads its events with their marks by calendarView
 * pages, not one GET each; our own writes coming back are not read again; a `$batch` costs its sub-requests in the
 * budget, a 429 inside it pauses the mailbox, and a `$batch` lost as a whole is sent again.
 */
import type { RequestLogEntry } from '../../sandbox/microsoft365/platform/request-log';
import type { RequestLimiter, WriteOperation, WriteOutcome } from '../../server/outlook';
import { berlinEvent, startOutlookHarness, type OutlookHarness } from './harness';

const window = { from: new Date('2031-01-01T00:00:00Z'), to: new Date('2031-03-01T00:00:00Z') };

let h: OutlookHarness;
beforeAll(async () => {
  h = await startOutlookHarness();
});
afterAll(() => h.stop());

function ok(outcome: WriteOutcome | undefined): { id: string; changeKey: string | null } {
  if (!outcome?.ok || outcome.kind === 'deleted') throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
  return { id: outcome.id, changeKey: outcome.changeKey };
}

const creates = (n: number, prefix: string): WriteOperation[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'create' as const,
    key: `${prefix}${i}`,
    mappingId: `map-${prefix}-${i}`,
    event: berlinEvent(`${prefix} ${i}`, `2031-01-${String(2 + (i % 27)).padStart(2, '0')}T09:00:00Z`),
  }));

/** Requests Graph counted since `before` (sub-requests apart from envelopes), by route. */
function routes(log: RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of log) out[`${e.method} ${e.route}`] = (out[`${e.method} ${e.route}`] ?? 0) + 1;
  return out;
}

describe('bulk reads and writes against the emulator', () => {
  it('when a full round has many events, then their marks come from calendarView pages, not one GET per event', async () => {
    const calendar = h.make({ deltaPageSize: 1000 });
    const written = await calendar.applyWrites(creates(45, 'Bulk'));
    expect(written.every((o) => o.ok)).toBe(true);
    await h.emulator.control.clearRequests();
    const round = await calendar.readChanges({ window });
    expect(round.items.filter((i) => i.subject.startsWith('Bulk ')).length).toBe(45);
    // Our mapping-id mark came with every event: it was read with the properties expanded.
    expect(round.items.every((i) => i.marks.mappingId?.startsWith('map-Bulk-'))).toBe(true);
    const counts = routes(await h.emulator.control.requests());
    expect(counts['GET /v1.0/users/{id}/calendarView']).toBe(1);
    expect(counts['GET /v1.0/users/{id}/events/{id}']).toBeUndefined();
    expect(counts['POST /v1.0/$batch']).toBeUndefined();
  });

  it('when a full round spans many delta pages, then the calendarView pages are read beside its later pages, not after it', async () => {
    const calendar = h.make({ deltaPageSize: 20 });
    expect((await calendar.applyWrites(creates(60, 'Side'))).every((o) => o.ok)).toBe(true);
    await h.emulator.control.updateSettings({ latencyMs: 40 });
    try {
      await h.emulator.control.clearRequests();
      const round = await calendar.readChanges({ window });
      expect(round.items.filter((i) => i.subject.startsWith('Side ')).length).toBe(60);
      expect(round.items.every((i) => i.marks.mappingId?.startsWith('map-'))).toBe(true);
      const log = (await h.emulator.control.requests()).map((e) => e.route);
      const view = log.indexOf('/v1.0/users/{id}/calendarView');
      const deltas = log.flatMap((r, i) => (r === '/v1.0/users/{id}/calendarView/delta' ? [i] : []));
      expect(deltas.length).toBeGreaterThan(3);
      // Begun once the round had brought more than 40 changed events (the third page), answered before its last.
      expect(view).toBeGreaterThan(-1);
      expect(view).toBeLessThan(deltas.at(-1)!);
      expect(log.filter((r) => r === '/v1.0/users/{id}/calendarView')).toHaveLength(1);
      expect(log).not.toContain('/v1.0/users/{id}/events/{id}');
    } finally {
      await h.emulator.control.updateSettings({ latencyMs: 0 });
    }
  });

  it('when events change while the round pages, then those it reported at another changeKey are read by id, not taken from the view', async () => {
    const side = (await h.make().readChanges({ window })).items.filter((i) => i.subject.startsWith('Side '));
    const editor = h.make();
    const edited = new Map<string, string | null>();
    let requests = 0;
    // Every event is changed after the round's first page: that page reported the changeKeys they had, the view and
    // the later pages the new ones.
    const limiter: RequestLimiter = Object.assign(
      async <T>(fn: () => Promise<T>) => {
        requests += 1;
        if (requests === 2) {
          const outcomes = await editor.applyWrites(
            side.map((e, i) => ({
              kind: 'update' as const,
              key: `e${i}`,
              eventId: e.id,
              event: berlinEvent(`${e.subject} edited`, '2031-01-05T09:00:00Z'),
              fields: ['title' as const],
            })),
          );
          outcomes.forEach((o, i) => edited.set(side[i]!.id, ok(o).changeKey));
        }
        return fn();
      },
      { pause: () => undefined },
    );
    await h.emulator.control.clearRequests();
    const round = await h.make({ deltaPageSize: 20, limiter }).readChanges({ window });
    expect(edited.size).toBe(60);
    for (const [id, changeKey] of edited) {
      expect(round.items.find((i) => i.id === id)).toMatchObject({
        subject: expect.stringMatching(/ edited$/),
        changeKey,
      });
    }
    const log = await h.emulator.control.requests();
    const gets = log.filter((e) => e.method === 'GET' && e.route === '/v1.0/users/{id}/events/{id}');
    // The first page's events (of 20), no more: the others the view answered as the round reported them.
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.length).toBeLessThanOrEqual(20);
  });

  it('when a delta item still carries the changeKey we recorded, then it is not read again and not reported', async () => {
    const calendar = h.make();
    const [mine, theirs] = await calendar.applyWrites(creates(2, 'Echo'));
    const first = await calendar.readChanges({ window });
    const updated = await calendar.applyWrites([
      {
        kind: 'update',
        key: 'u',
        eventId: ok(mine).id,
        event: berlinEvent('Echo mine', '2031-01-02T09:00:00Z'),
        fields: ['title'],
      },
      {
        kind: 'update',
        key: 'v',
        eventId: ok(theirs).id,
        event: berlinEvent('Echo theirs', '2031-01-03T09:00:00Z'),
        fields: ['title'],
      },
    ]);
    await h.emulator.control.clearRequests();
    // We know our write of `mine` (its new changeKey); `theirs` we pretend someone else changed.
    const known = new Map([[ok(updated[0]).id, ok(updated[0]).changeKey!]]);
    const round = await calendar.readChanges({ window, deltaLink: first.deltaLink, known });
    expect(round.items.map((i) => i.subject)).toEqual(['Echo theirs']);
    expect(round.unchanged).toBe(1);
    const gets = (await h.emulator.control.requests()).filter((e) => e.route === '/v1.0/users/{id}/events/{id}');
    expect(gets.length).toBe(1);
  });

  it('when writes go through $batch, then the budget is charged per sub-request and a 429 inside pauses the mailbox', async () => {
    const costs: number[] = [];
    const pauses: number[] = [];
    const limiter: RequestLimiter = Object.assign(
      async <T>(fn: () => Promise<T>, cost = 1) => {
        costs.push(cost);
        return fn();
      },
      { pause: (seconds: number) => void pauses.push(seconds) },
    );
    const calendar = h.make({ limiter });
    await h.emulator.control.addFault({
      kind: 'status',
      status: 429,
      method: 'POST',
      path: '/events$',
      retryAfterSeconds: 3,
    });
    const outcomes = await calendar.applyWrites(creates(5, 'Budget'));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    // Five sub-requests in the first envelope, the throttled one alone in the second.
    expect(costs).toEqual([5, 1]);
    expect(pauses).toEqual([3]);
    expect(h.waits.at(-1)).toBe(3000);
  });

  it('when the answer to a whole $batch is lost, then it is sent again and every write lands once', async () => {
    await h.emulator.control.call('DELETE', '/faults');
    await h.emulator.control.addFault({ kind: 'lose-response', method: 'POST', path: '^/\\$batch$' });
    const waited = h.waits.length;
    const outcomes = await h.make().applyWrites(creates(3, 'Lost'));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(h.waits.length).toBe(waited + 1); // the lost envelope was waited for once, then sent again
    expect((await h.emulator.control.faults()).map((f) => (f as { fired?: number }).fired)).toEqual([1]);
    const events = await h.make().readChanges({ window });
    expect(events.items.filter((i) => i.subject.startsWith('Lost ')).length).toBe(3);
  });
});
