/**
 * Every combination of {absent, unchanged, changed, deleted} on each side, with and without a base, against the
 * default action reconciliation proposes (before policy). Impossible combinations must become problems.
 */
import type { ActionKind, BaseRecord, SideState } from '../../server/core';
import { DEFAULT_POLICY, reconcile } from '../../server/core';
import { ABSENT, base, deleted, event, present } from './builders';

type Kind = 'absent' | 'unchanged' | 'changed' | 'deleted';
const KINDS: readonly Kind[] = ['absent', 'unchanged', 'changed', 'deleted'];

const BASE_EVENT = event();

/** Outlook changes the title, the ERP the location: a "both changed" row merges disjoint fields. */
function outlookState(kind: Kind): SideState {
  if (kind === 'absent') return ABSENT;
  if (kind === 'deleted') return deleted('id-o1');
  return kind === 'unchanged' ? present(BASE_EVENT, 'o1') : present(event({ title: 'Renamed' }), 'o2');
}

function erpState(kind: Kind): SideState {
  if (kind === 'absent') return ABSENT;
  if (kind === 'deleted') return deleted('id-e1');
  return kind === 'unchanged' ? present(BASE_EVENT, 'e1') : present(event({ location: 'Room 9' }), 'e2');
}

/** Expected default action with a base. An absent side of a paired event is gone: read as deleted. */
const WITH_BASE: Record<Kind, Record<Kind, ActionKind>> = {
  absent: { absent: 'unlink', unchanged: 'deleteInErp', changed: 'conflict', deleted: 'unlink' },
  unchanged: { absent: 'deleteInOutlook', unchanged: 'noop', changed: 'updateOutlook', deleted: 'deleteInOutlook' },
  changed: { absent: 'conflict', unchanged: 'updateErp', changed: 'mergeFields', deleted: 'conflict' },
  deleted: { absent: 'unlink', unchanged: 'deleteInErp', changed: 'conflict', deleted: 'unlink' },
};

/**
 * Without a base, "unchanged" and "changed" both just mean "present" (nothing to compare with) and a tombstone is
 * nothing to act on. Present on both sides means the engine matched two events: they pair (the two builders differ
 * in title and location, so that is a conflict until policy settles it). Nothing anywhere: a row that never paired
 * and whose events are gone, forgotten (unlink).
 */
const WITHOUT_BASE: Record<Kind, Record<Kind, ActionKind>> = {
  absent: { absent: 'unlink', unchanged: 'createInOutlook', changed: 'createInOutlook', deleted: 'unlink' },
  unchanged: { absent: 'createInErp', unchanged: 'baseOnly', changed: 'conflict', deleted: 'createInErp' },
  changed: { absent: 'createInErp', unchanged: 'conflict', changed: 'conflict', deleted: 'createInErp' },
  deleted: { absent: 'unlink', unchanged: 'createInOutlook', changed: 'createInOutlook', deleted: 'unlink' },
};

const rows: Array<[string, Kind, Kind, ActionKind, BaseRecord | null]> = [];
for (const o of KINDS) {
  for (const e of KINDS) {
    rows.push(['with base', o, e, WITH_BASE[o][e], base(BASE_EVENT)]);
    rows.push(['without base', o, e, WITHOUT_BASE[o][e], null]);
  }
}

describe('reconcile: every state combination', () => {
  test.each(rows)('%s: outlook %s, erp %s -> %s', (_label, o, e, expected, b) => {
    const item = reconcile({ key: 'k', base: b, outlook: outlookState(o), erp: erpState(e) }, DEFAULT_POLICY);
    expect(item.action.kind).toBe(expected);
    expect(item.defaultAction).toEqual(item.action);
    expect(item.reason).not.toBe('');
  });

  test("when both changed disjoint fields, then each side receives exactly the other side's field", () => {
    const item = reconcile(
      { key: 'k', base: base(BASE_EVENT), outlook: outlookState('changed'), erp: erpState('changed') },
      DEFAULT_POLICY,
    );
    expect(item.action).toEqual({ kind: 'mergeFields', toErp: ['title'], toOutlook: ['location'] });
    expect(item.result?.title).toBe('Renamed');
    expect(item.result?.location).toBe('Room 9');
  });

  test('when a side is unreadable, then the item is a problem naming the side, whatever the other side did', () => {
    for (const e of KINDS) {
      for (const b of [base(BASE_EVENT), null]) {
        const item = reconcile(
          { key: 'k', base: b, outlook: { kind: 'error', message: 'HTTP 500' }, erp: erpState(e) },
          DEFAULT_POLICY,
        );
        expect(item.action).toEqual({ kind: 'problem', reason: 'Outlook: HTTP 500' });
      }
    }
  });

  test('when a present event is malformed, then it is a problem, not an exception', () => {
    const bad = event({
      timing: { kind: 'timed', start: '2025-03-31T09:00:00Z', end: '2025-03-31T08:00:00Z', timeZone: 'Europe/Berlin' },
    });
    const item = reconcile({ key: 'k', base: null, outlook: present(bad, 'o1'), erp: ABSENT }, DEFAULT_POLICY);
    expect(item.action.kind).toBe('problem');
    expect(item.reason).toContain('end is before start');
  });

  test('when the stamp moved but nothing the side holds changed, then it is unchanged', () => {
    const rewrapped = event({ bodyHtml: '<html><body><div><p>Agenda:   numbers</p></div></body></html>' });
    const item = reconcile(
      { key: 'k', base: base(BASE_EVENT), outlook: present(rewrapped, 'o9'), erp: erpState('unchanged') },
      DEFAULT_POLICY,
    );
    expect(item.changes.outlook).toEqual({ kind: 'unchanged' });
    expect(item.action.kind).toBe('noop');
  });
});
