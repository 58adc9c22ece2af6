/** Both sides changed one series' occurrences: what merges (as Exchange and Odoo keep them) and what clashes. */
import { DEFAULT_POLICY, reconcile, resolveChoices, resolveConflict, type CanonicalEvent } from '../../server/core';
import { base, dailySeries as series, event, occurrenceAt as at, present } from './builders';

/** The occurrence `i` renamed (its own times kept). */
function renamed(i: number, title: string) {
  const e = event();
  const timing = {
    kind: 'timed' as const,
    start: at(i),
    end: new Date(Date.parse(at(i)) + 3_600_000).toISOString(),
    timeZone: 'Europe/Berlin',
  };
  return { originalStart: at(i), event: { ...e, timing, title } };
}

function plan(b: CanonicalEvent, outlook: CanonicalEvent, erp: CanonicalEvent) {
  const outlookSide = present(outlook, 'o2', { id: 'id-o1' });
  return reconcile(
    { key: 'k', base: base(b), outlook: outlookSide, erp: present(erp, 'e2', { id: 'id-e1' }) },
    DEFAULT_POLICY,
  );
}

describe('both sides changed the occurrences of one series', () => {
  test('different occurrences cancelled on each side: both cancels apply, no conflict', () => {
    const p = plan(series(), series({ exDates: [at(1)] }), series({ exDates: [at(3)] }));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.recurrence?.exDates).toEqual([at(1), at(3)]);
  });

  test('one cancels an occurrence while the other renames another: both kept', () => {
    const p = plan(series(), series({ exDates: [at(2)] }), series({ modified: [renamed(4, 'Moved review')] }));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.recurrence?.exDates).toEqual([at(2)]);
    expect(p.result?.recurrence?.modified.map((m) => [m.originalStart, m.event.title])).toEqual([
      [at(4), 'Moved review'],
    ]);
  });

  test('one occurrence given different titles on each side stays a conflict on the recurrence', () => {
    const p = plan(series(), series({ modified: [renamed(4, 'A')] }), series({ modified: [renamed(4, 'B')] }));
    expect(p.action).toMatchObject({ kind: 'conflict', conflict: { kind: 'fields', fields: ['recurrence'] } });
  });

  test('an occurrence plain in the base, edited on both sides in different fields: merged field by field', () => {
    // Real Odoo re-creates a moved series' events, which then read as occurrences with a body of their own.
    const bodied = { ...renamed(4, 'Quarterly review'), event: { ...renamed(4, 'Quarterly review').event } };
    bodied.event.bodyHtml = '<p>Agenda: numbers and costs</p>';
    const p = plan(series(), series({ modified: [renamed(4, 'Moved review')] }), series({ modified: [bodied] }));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.recurrence?.modified.map((m) => [m.originalStart, m.event.title, m.event.bodyHtml])).toEqual([
      [at(4), 'Moved review', '<p>Agenda: numbers and costs</p>'],
    ]);
  });

  test('one occurrence cancelled on one side and renamed on the other stays a conflict', () => {
    const p = plan(series(), series({ exDates: [at(4)] }), series({ modified: [renamed(4, 'B')] }));
    expect(p.action.kind).toBe('conflict');
  });

  test('a series moved and cancelled on one side while the other cancels: the other cancel follows the move', () => {
    // Original starts under the old times name other occurrences: the ERP's is carried over (series-move.ts).
    const moved = {
      kind: 'timed' as const,
      start: '2025-03-31T10:00:00Z',
      end: '2025-03-31T11:00:00Z',
      timeZone: 'Europe/Berlin',
    };
    const later = (i: number) => new Date(Date.parse(at(i)) + 2 * 3_600_000).toISOString().replace('.000Z', 'Z');
    const p = plan(series(), series({ exDates: [later(1)] }, { timing: moved }), series({ exDates: [at(3)] }));
    expect(p.action.kind).toBe('mergeFields');
    expect(p.result?.timing).toEqual(moved);
    expect(p.result?.recurrence?.exDates).toEqual([later(1), later(3)]);
  });
});

describe('an occurrence Outlook cancelled while the ERP changed it (chaos c57): Outlook cannot bring it back', () => {
  // Outlook cancelled occurrence 4; the ERP moved it (renamed here) and renamed occurrence 5 too.
  const outlook = series({ exDates: [at(4)] });
  const erp = series({ modified: [renamed(4, 'Moved in the ERP'), renamed(5, 'Renamed in the ERP')] });

  test('the clash stays a conflict on the recurrence for the person', () => {
    expect(plan(series(), outlook, erp).action).toMatchObject({
      kind: 'conflict',
      conflict: { fields: ['recurrence'] },
    });
  });

  test.each([
    ['keep the ERP’s (per field)', (p: ReturnType<typeof plan>) => resolveChoices(p, { recurrence: 'erp' }, 'pane')],
    ['prefer the ERP (whole event)', (p: ReturnType<typeof plan>) => resolveConflict(p, 'erp', 'policy')],
  ])('%s: the ERP’s other changes kept, the Outlook cancellation carried, nothing asked of Outlook', (_, resolve) => {
    const p = resolve(plan(series(), outlook, erp))!;
    expect(p.result?.recurrence?.exDates).toEqual([at(4)]);
    expect(p.result?.recurrence?.modified.map((m) => [m.originalStart, m.event.title])).toEqual([
      [at(5), 'Renamed in the ERP'],
    ]);
    expect(p.action).toEqual({ kind: 'mergeFields', toErp: ['recurrence'], toOutlook: ['recurrence'] });
    expect(p.reason).toMatch(/pane|cannot bring it back/);
  });

  test('keep Outlook’s: the cancellation, as before', () => {
    const p = resolveChoices(plan(series(), outlook, erp), { recurrence: 'outlook' }, 'pane')!;
    expect(p.result?.recurrence?.exDates).toEqual([at(4)]);
    expect(p.result?.recurrence?.modified).toEqual([]);
  });

  test('a choice that rewrites the pattern (another rule) brings the occurrence back in Outlook: kept as chosen', () => {
    const longer = series({ rrule: 'FREQ=DAILY;COUNT=9', modified: [renamed(4, 'Moved in the ERP')] });
    const p = resolveConflict(plan(series(), outlook, longer), 'erp', 'policy');
    expect(p.result?.recurrence?.exDates).toEqual([]);
    expect(p.result?.recurrence?.modified.map((m) => m.originalStart)).toEqual([at(4)]);
  });
});
