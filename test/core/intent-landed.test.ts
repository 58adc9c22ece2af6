/**
 * Whether an unrecorded write of a series landed (core/intent.ts `landedBase`): the series' recurrence covers its
 * pattern and every occurrence exception, and a write that landed only in part (the master written, some
 * occurrences not: a lost answer or a killed process between the master PATCH and the occurrence writes) is not
 * landed, so the next run redoes it instead of taking the missing parts for a person's change.
 */
import {
  DEFAULT_POLICY,
  FULL_CAPABILITIES,
  landedBase,
  type CanonicalEvent,
  type ModifiedOccurrence,
  type WriteIntent,
} from '../../server/core';
import { reconcile } from '../../server/core';
import {
  base,
  dailySeries as series,
  DAY,
  event,
  occurrenceAt as at,
  present,
  SERIES_START as START,
} from './builders';

/** Occurrence `i` moved one hour later (and titled `title`). */
function moved(i: number, title = 'Quarterly review'): ModifiedOccurrence {
  const start = START + i * DAY + 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const timing = { kind: 'timed' as const, start: iso(start), end: iso(start + 3_600_000), timeZone: 'Europe/Berlin' };
  return { originalStart: at(i), event: { ...event(), timing, title } };
}

/** The write of `result` to Outlook (fields as the engine records them), decided on stamps o1 / e2. */
function outlookWrite(result: CanonicalEvent, fields: WriteIntent['writes']['outlook']): WriteIntent {
  return {
    runId: 'r1',
    at: '2025-03-01T00:00:00Z',
    result,
    writes: { outlook: fields },
    stamps: { outlook: 'o1', erp: 'e2' },
  };
}

/** The base once `intent` is accounted for, Outlook holding `outlookNow` and the ERP `erpNow`. */
function landed(old: CanonicalEvent, intent: WriteIntent, outlookNow: CanonicalEvent, erpNow: CanonicalEvent) {
  return landedBase(
    base(old),
    intent,
    { outlook: present(outlookNow, 'o2', { id: 'id-o1' }), erp: present(erpNow, 'e2', { id: 'id-e1' }) },
    DEFAULT_POLICY,
    FULL_CAPABILITIES,
  );
}

describe('an unrecorded series write: landed only when the side shows every part it meant to change', () => {
  const old = series();
  // The ERP renamed the series and moved occurrence 3; the run wrote both to Outlook.
  const result = series({ modified: [moved(3, 'Renamed')] }, { title: 'Renamed' });
  const intent = outlookWrite(result, { op: 'update', fields: ['title', 'recurrence'] });

  test('the master and the occurrence written: landed, the result is the base', () => {
    expect(landed(old, intent, result, result)?.snapshot).toEqual(result);
  });

  test('the master written, the occurrence not (its write failed after the master PATCH): not landed', () => {
    const masterOnly = series({}, { title: 'Renamed' });
    expect(landed(old, intent, masterOnly, result)).toBeNull();
  });

  test('the master written, its renaming followed by an earlier exception, the new occurrence not written: not landed', () => {
    // The exception of occurrence 1 kept the series' title: Outlook renames it with the master, so the recurrence
    // differs from the old base although occurrence 3 was never written.
    const before = series({ modified: [moved(1)] });
    const meant = series({ modified: [moved(1, 'Renamed'), moved(3, 'Renamed')] }, { title: 'Renamed' });
    const masterOnly = series({ modified: [moved(1, 'Renamed')] }, { title: 'Renamed' });
    const write = outlookWrite(meant, { op: 'update', fields: ['title', 'recurrence'] });
    expect(landed(before, write, masterOnly, meant)).toBeNull();
  });

  test('a cancellation and a move meant, only the cancellation shown: not landed', () => {
    const both = series({ exDates: [at(1)], modified: [moved(3)] });
    const write = outlookWrite(both, { op: 'update', fields: ['recurrence'] });
    expect(landed(old, write, series({ exDates: [at(1)] }), both)).toBeNull();
  });

  test('a cancellation and a move meant, both shown: landed', () => {
    const both = series({ exDates: [at(1)], modified: [moved(3)] });
    const write = outlookWrite(both, { op: 'update', fields: ['recurrence'] });
    expect(landed(old, write, both, both)?.snapshot).toEqual(both);
  });

  test('the rule rewritten but none of the occurrences written again: not landed', () => {
    const withMove = series({ modified: [moved(3)] });
    const longer = series({ rrule: 'FREQ=DAILY;COUNT=9', modified: [moved(3)] });
    const write = outlookWrite(longer, { op: 'update', fields: ['recurrence'] });
    expect(landed(withMove, write, series({ rrule: 'FREQ=DAILY;COUNT=9' }), longer)).toBeNull();
  });

  test('an occurrence the result leaves alone, changed by a person on the side since: does not hold the write back', () => {
    const person = series({ exDates: [at(5)], modified: [moved(3, 'Renamed')] }, { title: 'Renamed' });
    expect(landed(old, intent, person, result)?.snapshot).toEqual(result);
  });

  test('the occurrence written and then moved again by a person: landed (the edit on top is the person’s)', () => {
    const again = series({ modified: [moved(3, 'Renamed by me')] }, { title: 'Renamed' });
    expect(landed(old, intent, again, result)?.snapshot).toEqual(result);
  });
});

describe('the run after a series write that landed in part', () => {
  const old = series({ modified: [moved(1)] });
  const result = series({ modified: [moved(1), moved(3)] }, { title: 'Renamed' });
  const intent = outlookWrite(result, { op: 'update', fields: ['title', 'recurrence'] });

  function next(outlookNow: CanonicalEvent, erpNow: CanonicalEvent) {
    return reconcile(
      {
        key: 'k',
        base: base(old),
        outlook: present(outlookNow, 'o2', { id: 'id-o1' }),
        erp: present(erpNow, 'e2', { id: 'id-e1' }),
        intent,
      },
      DEFAULT_POLICY,
    );
  }

  test('the missing occurrence is written to Outlook again, never taken back from the ERP', () => {
    const p = next(series({ modified: [moved(1)] }, { title: 'Renamed' }), result);
    expect(p.action).toEqual({ kind: 'updateOutlook', fields: ['recurrence'] });
    expect(p.result).toEqual(result);
  });

  test('a pattern rewrite that dropped every exception (Outlook) is completed, not a conflict', () => {
    const longer = series({ rrule: 'FREQ=DAILY;COUNT=9', modified: [moved(1), moved(3)] });
    const write = outlookWrite(longer, { op: 'update', fields: ['recurrence'] });
    const p = reconcile(
      {
        key: 'k',
        base: base(old),
        outlook: present(series({ rrule: 'FREQ=DAILY;COUNT=9' }), 'o2', { id: 'id-o1' }),
        erp: present(longer, 'e2', { id: 'id-e1' }),
        intent: write,
      },
      DEFAULT_POLICY,
    );
    expect(p.action).toEqual({ kind: 'updateOutlook', fields: ['recurrence'] });
    expect(p.result).toEqual(longer);
  });

  test('a person changed the ERP since: planned as usual from the old base, the change kept', () => {
    const edited = { ...result, location: 'Room 9' };
    const p = next(series({ modified: [moved(1)] }, { title: 'Renamed' }), edited);
    expect(p.result?.location).toBe('Room 9');
    expect(p.result?.recurrence?.modified.map((m) => m.originalStart)).toEqual([at(1), at(3)]);
  });
});
