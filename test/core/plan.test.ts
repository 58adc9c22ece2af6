/** Whole-plan behaviour: ordering, the mass-delete guard, the dry-run summary and its invitation count. */
import type { SyncItem, SyncPolicy } from '../../server/core';
import { DEFAULT_POLICY, planSync, summarizePlan } from '../../server/core';
import { ABSENT, base, deleted, event, present } from './builders';

const B = event();

function paired(n: number, outlookDeletes: number): SyncItem[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `k${String(i).padStart(3, '0')}`,
    base: base(B),
    outlook: i < outlookDeletes ? deleted() : present(B, 'o1'),
    erp: present(B, 'e1'),
  }));
}

describe('mass-delete guard', () => {
  test('when Outlook lost most of its paired events in one run, then no delete is propagated and each says why', () => {
    const plan = planSync(paired(10, 8), DEFAULT_POLICY, { outlook: 10, erp: 10 });
    const guarded = plan.filter((i) => i.action.kind === 'problem');
    expect(guarded).toHaveLength(8);
    expect(guarded[0]?.reason).toContain('mass-delete guard: Outlook lost 8 of 10 paired events (80%)');
    expect(guarded[0]?.defaultAction.kind).toBe('deleteInErp');
    expect(plan.filter((i) => i.action.kind === 'noop')).toHaveLength(2);
  });

  test('when the share or the count is small, then deletes propagate', () => {
    expect(
      planSync(paired(10, 4), DEFAULT_POLICY, { outlook: 10, erp: 10 }).filter((i) => i.action.kind === 'deleteInErp'),
    ).toHaveLength(4);
    const fewPolicy: SyncPolicy = { ...DEFAULT_POLICY, massDelete: { maxShare: 0.5, minCount: 5 } };
    expect(
      planSync(paired(4, 4), fewPolicy, { outlook: 4, erp: 4 }).filter((i) => i.action.kind === 'deleteInErp'),
    ).toHaveLength(4);
  });

  test('when the guard holds deletions, then each problem carries the held action, and confirmed keys pass', () => {
    const plan = planSync(paired(10, 8), DEFAULT_POLICY, { outlook: 10, erp: 10 });
    const held = plan.filter((i) => i.action.kind === 'problem').map((i) => i.action);
    expect(held[0]).toMatchObject({ held: { lostOn: 'outlook', action: { kind: 'deleteInErp', mode: 'delete' } } });
    const confirmed = new Set(['k000', 'k001', 'k002', 'k003', 'k004', 'k005', 'k006', 'k007']);
    const released = planSync(paired(10, 8), DEFAULT_POLICY, { outlook: 10, erp: 10 }, undefined, confirmed);
    expect(released.filter((i) => i.action.kind === 'deleteInErp').map((i) => i.key)).toEqual([...confirmed]);
    // Confirming some keys does not count the others as small: the rest stay held.
    const some = planSync(paired(10, 8), DEFAULT_POLICY, { outlook: 10, erp: 10 }, undefined, new Set(['k000']));
    expect(some.filter((i) => i.action.kind === 'deleteInErp').map((i) => i.key)).toEqual(['k000']);
    expect(some.filter((i) => i.action.kind === 'problem')).toHaveLength(7);
  });

  test('when the guard trips under the unlink policy, then pairings are not forgotten either', () => {
    const plan = planSync(paired(10, 8), { ...DEFAULT_POLICY, deletes: 'unlink' }, { outlook: 10, erp: 10 });
    expect(plan.filter((i) => i.action.kind === 'unlink')).toHaveLength(0);
  });
});

describe('plan and summary', () => {
  const items: SyncItem[] = [
    { key: 'c-new', base: null, outlook: present(B, 'o1'), erp: ABSENT },
    { key: 'a-same', base: base(B), outlook: present(B, 'o1'), erp: present(B, 'e1') },
    { key: 'b-moved', base: base(B), outlook: present(B, 'o1'), erp: present(event({ location: 'Room 9' }), 'e2') },
    { key: 'd-bad', base: null, outlook: { kind: 'error', message: 'HTTP 503' }, erp: ABSENT },
    {
      key: 'e-clash',
      base: base(B),
      outlook: present(event({ title: 'x' }), 'o2'),
      erp: present(event({ title: 'y' }), 'e2'),
    },
  ];

  test('the plan is sorted by key whatever order the items came in', () => {
    const keys = planSync([...items].reverse(), DEFAULT_POLICY, { outlook: 3, erp: 3 }).map((i) => i.key);
    expect(keys).toEqual(['a-same', 'b-moved', 'c-new', 'd-bad', 'e-clash']);
  });

  test('the summary counts actions, lists conflicts and problems, and counts mails only in full mode', () => {
    const quiet = summarizePlan(planSync(items, DEFAULT_POLICY, { outlook: 3, erp: 3 }), 'quiet');
    expect(quiet.total).toBe(5);
    expect(quiet.byAction).toMatchObject({ noop: 1, updateOutlook: 1, createInErp: 1, problem: 1, conflict: 1 });
    expect(quiet.conflicts.map((c) => c.key)).toEqual(['e-clash']);
    expect(quiet.problems).toEqual([{ key: 'd-bad', reason: 'Outlook: HTTP 503' }]);
    expect(quiet.invitations).toEqual({ outlook: 0, erp: 0 });
    const policy: SyncPolicy = { ...DEFAULT_POLICY, attendees: 'full' };
    const full = summarizePlan(planSync(items, policy, { outlook: 3, erp: 3 }), 'full');
    // The ERP create invites Ann; the room change in Outlook sends Ann an update.
    expect(full.invitations).toEqual({ outlook: 1, erp: 1 });
  });
});
