/**
 * One side moves a whole series while the other changes its occurrences (issue 13, scenario S41): the occurrence
 * changes are carried over to the moved series in the series' zone; both re-timing one occurrence is a conflict.
 */
import {
  DEFAULT_POLICY,
  reconcile,
  resolveChoices,
  resolveConflict,
  type CanonicalEvent,
  type EventTiming,
  type Recurrence,
} from '../../server/core';
import { base, event, present } from './builders';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const timed = (start: string, minutes = 60): EventTiming => ({
  kind: 'timed',
  start,
  end: iso(Date.parse(start) + minutes * 60_000),
  timeZone: 'Europe/Berlin',
});

/** A daily Berlin series of 7 from `start` (UTC), one hour long. */
function series(start: string, recurrence: Partial<Recurrence> = {}, title = 'Stand-up'): CanonicalEvent {
  return event({
    title,
    timing: timed(start),
    recurrence: { rrule: 'FREQ=DAILY;COUNT=7', timeZone: 'Europe/Berlin', exDates: [], modified: [], ...recurrence },
  });
}

/** Occurrence `originalStart` with its own title and times (its plain times when `at` is not given). */
function occurrence(originalStart: string, title: string, at = originalStart) {
  return { originalStart, event: { ...event(), title, timing: timed(at) } };
}

function plan(b: CanonicalEvent, outlook: CanonicalEvent, erp: CanonicalEvent) {
  return reconcile(
    {
      key: 'k',
      base: base(b),
      outlook: present(outlook, 'o2', { id: 'id-o1' }),
      erp: present(erp, 'e2', { id: 'id-e1' }),
    },
    DEFAULT_POLICY,
  );
}

const START = '2025-04-07T07:00:00Z'; // Monday 09:00 in Berlin (summer time)
const after = (days: number, hours = 0) => iso(Date.parse(START) + days * DAY + hours * HOUR);

describe('a series moved on one side while the other changed its occurrences', () => {
  test('an occurrence renamed in Outlook while the ERP moves the series: the rename moves with it (S41)', () => {
    const p = plan(series(START), series(START, { modified: [occurrence(after(2), 'Renamed')] }), series(after(0, 1)));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.timing).toEqual(timed(after(0, 1)));
    // Before: the renamed occurrence stayed at 09:00 under a series at 10:00, where Outlook has no occurrence.
    expect(p.result?.recurrence?.modified).toEqual([occurrence(after(2, 1), 'Renamed')]);
    expect(p.reason).toContain('carried over to the series moved in the ERP');
  });

  test('an occurrence cancelled in the ERP while Outlook moves the series: the cancel moves with it', () => {
    const p = plan(series(START), series(after(1)), series(START, { exDates: [after(3)] }));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.timing).toEqual(timed(after(1)));
    expect(p.result?.recurrence?.exDates).toEqual([after(4)]);
  });

  test('the move is carried in the series zone: a move across the change to summer time keeps the wall clock', () => {
    // Thursday 27 March 2025 09:00 CET (08:00Z) moved three days on, to Sunday 30 March 09:00 CEST (07:00Z).
    const first = '2025-03-27T08:00:00Z';
    const moved = '2025-03-30T07:00:00Z';
    const p = plan(
      series(first),
      series(first, { modified: [occurrence('2025-03-28T08:00:00Z', 'Friday renamed')] }),
      series(moved),
    );
    // Friday 09:00 CET + three days is Monday 31 March 09:00 CEST (07:00Z), not 06:00Z (the UTC offset).
    expect(p.result?.recurrence?.modified).toEqual([occurrence('2025-03-31T07:00:00Z', 'Friday renamed')]);
  });

  test('an occurrence re-timed in Outlook while the ERP moves the series: a conflict on the series times', () => {
    const p = plan(
      series(START),
      series(START, { modified: [occurrence(after(2), 'Later', after(2, 5))] }),
      series(after(0, 1)),
    );
    expect(p.action).toMatchObject({
      kind: 'conflict',
      conflict: { kind: 'fields', fields: ['timing', 'recurrence'] },
    });
  });

  test('keeping Outlook in that conflict keeps its series times with its occurrences, not the ERP move', () => {
    const outlook = series(START, { modified: [occurrence(after(2), 'Later', after(2, 5))] });
    const p = resolveConflict(plan(series(START), outlook, series(after(0, 1))), 'outlook', 'kept Outlook');
    expect(p.result?.timing).toEqual(timed(START));
    expect(p.result?.recurrence?.modified).toEqual(outlook.recurrence?.modified);
  });

  test('times kept from the ERP and occurrences from Outlook: the occurrences are carried to those times (c68)', () => {
    const outlook = series(START, { modified: [occurrence(after(2), 'Later', after(2, 5))] });
    const conflicted = plan(series(START), outlook, series(after(0, 1)));
    const p = resolveChoices(conflicted, { timing: 'erp', recurrence: 'outlook' }, 'chosen per field');
    expect(p?.result?.timing).toEqual(timed(after(0, 1)));
    // Before: Outlook's occurrence stayed keyed at 09:00 under the series at 10:00 (chaos seed 2: diverged for good).
    expect(p?.result?.recurrence?.modified).toEqual([occurrence(after(2, 1), 'Later', after(2, 6))]);
  });

  test('an earlier re-timed occurrence renamed now while the ERP moves the series: it moves by the same offset', () => {
    const before = series(START, { modified: [occurrence(after(2), 'Stand-up', after(2, 5))] });
    const p = plan(
      before,
      series(START, { modified: [occurrence(after(2), 'Renamed', after(2, 5))] }),
      series(after(0, 1), { modified: [occurrence(after(2, 1), 'Stand-up', after(2, 6))] }),
    );
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.recurrence?.modified).toEqual([occurrence(after(2, 1), 'Renamed', after(2, 6))]);
  });
});
