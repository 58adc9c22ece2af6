/** A renamed series renames its modified occurrences that never had a title of their own (Exchange's per-field rule). */
import { DEFAULT_POLICY, reconcile, type CanonicalEvent, type ModifiedOccurrence } from '../../server/core';
import { base, event, present } from './builders';

const moved = (title: string): ModifiedOccurrence => ({
  originalStart: '2025-04-01T08:00:00Z',
  event: {
    ...event({ title }),
    timing: { kind: 'timed', start: '2025-04-01T10:00:00Z', end: '2025-04-01T11:00:00Z', timeZone: 'Europe/Berlin' },
  },
});

function series(title: string, occurrence: ModifiedOccurrence): CanonicalEvent {
  const recurrence = { rrule: 'FREQ=DAILY;COUNT=5', timeZone: 'Europe/Berlin', exDates: [], modified: [occurrence] };
  return event({ title, recurrence });
}

function renamedInOutlook(before: CanonicalEvent, outlook: CanonicalEvent) {
  const item = {
    key: 'k',
    base: base(before),
    outlook: present(outlook, 'o2', { id: 'id-o1' }),
    erp: present(before, 'e1', { id: 'id-e1' }),
  };
  return reconcile(item, DEFAULT_POLICY);
}

test('an occurrence that only moved takes the new series title on both sides', () => {
  const before = series('Review', moved('Review'));
  // Outlook renamed the master and kept what the occurrence held.
  const plan = renamedInOutlook(before, series('Review 2', moved('Review')));
  expect(plan.result?.recurrence?.modified.map((m) => m.event.title)).toEqual(['Review 2']);
  expect(plan.action).toMatchObject({ kind: 'mergeFields', toErp: ['title', 'recurrence'], toOutlook: ['recurrence'] });
});

test('an occurrence with a title of its own keeps it', () => {
  const before = series('Review', moved('Review, customer day'));
  const plan = renamedInOutlook(before, series('Review 2', moved('Review, customer day')));
  expect(plan.result?.recurrence?.modified.map((m) => m.event.title)).toEqual(['Review, customer day']);
  expect(plan.action).toMatchObject({ kind: 'updateErp', fields: ['title'] });
});
