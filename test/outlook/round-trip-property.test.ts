/** Property: any canonical event (core's arbitraries) written to Graph and read back means the same thing. */
import fc from 'fast-check';
import { normalizeEvent, type CanonicalEvent, type EventTiming } from '../../server/core';
import { toGraphEventWrite } from '../../server/outlook/from-canonical';
import { expandOccurrences, shapeOf } from '../../server/outlook/series';
import { utcToWall } from '../../server/outlook/time-zones';
import { toCanonicalEvent } from '../../server/outlook/to-canonical';
import type { GraphEvent } from '../../server/outlook/wire-types';
import { eventArb } from '../core/arbitraries';
import { asGraphReturns } from './graph-echo';

const ORGANIZER = { email: 'adele@contoso.example', name: 'Adele Vance' };

/** Wall readings of a timing in its zone: a fall-back hour read back as its first pass still shows the same clock. */
function clock(timing: EventTiming): unknown {
  if (timing.kind === 'allDay') return timing;
  const wall = (t: string) => utcToWall(Date.parse(t), timing.timeZone);
  return { zone: timing.timeZone, start: wall(timing.start), end: wall(timing.end) };
}

/** The occurrences' wall readings over two years: rules are equal when they yield the same meetings. */
function occurrences(event: CanonicalEvent): string[] {
  const shape = shapeOf(event);
  if (!shape.ok) throw new Error(shape.error.message);
  const from = shape.value.startWall - 86_400_000;
  const window = { from: new Date(from - 14 * 3600_000), to: new Date(from + 2 * 365 * 86_400_000) };
  return expandOccurrences(shape.value, window).map((k) =>
    k.length === 10 ? k : new Date(utcToWall(Date.parse(k), shape.value.zone)).toISOString(),
  );
}

/** What Graph keeps of an event: its organizer is the mailbox owner, attendees start unanswered, no exceptions. */
function expectedAfterGraph(event: CanonicalEvent): CanonicalEvent {
  return {
    ...event,
    organizer: ORGANIZER,
    attendees: event.attendees.map((a) => ({ ...a, response: 'none' })),
    recurrence: event.recurrence && { ...event.recurrence, exDates: [], modified: [] },
  };
}

describe('canonical -> Graph -> canonical (property)', () => {
  it('when any generated event is written and read back, then it is the same event', () => {
    const seen = { series: 0, refused: 0, allDay: 0 };
    fc.assert(
      fc.property(eventArb, (event) => {
        const write = toGraphEventWrite(event);
        if (!write.ok) {
          // The one rule the arbitraries make that Graph refuses: an UNTIL before a start late in 2026.
          expect(write.error.kind).toBe('invalid_recurrence');
          seen.refused++;
          return;
        }
        const read = toCanonicalEvent(asGraphReturns(write.value) as GraphEvent);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const want = normalizeEvent(expectedAfterGraph(event));
        const got = normalizeEvent(read.value);
        expect(clock(got.timing)).toEqual(clock(want.timing));
        if (want.timing.kind === 'allDay') seen.allDay++;
        if (want.recurrence) {
          seen.series++;
          expect(got.recurrence?.timeZone).toBe(want.recurrence.timeZone);
          expect(occurrences(read.value)).toEqual(occurrences(expectedAfterGraph(event)));
        }
        const rest = (e: CanonicalEvent) => ({ ...e, timing: null, recurrence: e.recurrence ? 'series' : null });
        expect(rest(got)).toEqual(rest(want));
      }),
      { numRuns: 150 },
    );
    // The property saw series and all-day events, and Graph refused few of them.
    expect(seen.series).toBeGreaterThan(10);
    expect(seen.allDay).toBeGreaterThan(10);
    expect(seen.refused).toBeLessThan(20);
  });
});
