/**
 * Field-level merge and conflict cases under each conflict policy, direction, delete policy and recurrence
 * setting: (base, outlook, erp) -> action after applyPolicy, with the default action kept beside it.
 */
import type { PlanItem, SyncItem, SyncPolicy } from '../../server/core';
import { DEFAULT_POLICY, applyPolicy, reconcile, resolveConflict } from '../../server/core';
import { base, deleted, event, present } from './builders';

const B = event();

function plan(item: Omit<SyncItem, 'key'>, policy: Partial<SyncPolicy> = {}): PlanItem {
  const p = { ...DEFAULT_POLICY, ...policy };
  return applyPolicy(reconcile({ key: 'k', ...item }, p), p);
}

/** Both sides retitled differently, the ERP also moved the room. */
const clash = {
  base: base(B),
  outlook: present(event({ title: 'Outlook title' }), 'o2', { modifiedAt: '2025-03-01T10:00:00Z' }),
  erp: present(event({ title: 'ERP title', location: 'Room 9' }), 'e2', { modifiedAt: '2025-03-01T11:00:00Z' }),
};

describe('conflict policy', () => {
  test('when both sides changed a field to the same value, then only the base moves', () => {
    const item = plan({
      base: base(B),
      outlook: present(event({ title: 'Same' }), 'o2'),
      erp: present(event({ title: 'Same' }), 'e2'),
    });
    expect(item.action).toEqual({ kind: 'baseOnly' });
    expect(item.result?.title).toBe('Same');
  });

  test('when asked, then the conflict stays with both values and a suggestion from the later edit', () => {
    const item = plan(clash, { conflicts: 'ask' });
    expect(item.action).toEqual({
      kind: 'conflict',
      conflict: {
        kind: 'fields',
        fields: ['title'],
        outlook: { title: 'Outlook title' },
        erp: { title: 'ERP title' },
        suggested: 'erp',
      },
    });
    expect(item.result).toBeNull();
    expect(item.reason).toContain('kept for the person');
  });

  test('when Outlook is preferred, then the ERP gets the Outlook title and Outlook still gets the disjoint room change', () => {
    const item = plan(clash, { conflicts: 'outlook' });
    expect(item.action).toEqual({ kind: 'mergeFields', toErp: ['title'], toOutlook: ['location'] });
    expect(item.result).toMatchObject({ title: 'Outlook title', location: 'Room 9' });
    expect(item.defaultAction.kind).toBe('conflict');
  });

  test('when the ERP is preferred, then only Outlook is written, with both ERP fields', () => {
    const item = plan(clash, { conflicts: 'erp' });
    expect(item.action).toEqual({ kind: 'updateOutlook', fields: ['title', 'location'] });
    expect(item.reason).toContain('prefer ERP');
  });

  test('when the latest edit wins, then the side with the later modification instant wins', () => {
    expect(plan(clash, { conflicts: 'latest' }).action).toEqual({
      kind: 'updateOutlook',
      fields: ['title', 'location'],
    });
    const outlookLater = {
      ...clash,
      outlook: present(event({ title: 'Outlook title' }), 'o2', { modifiedAt: '2025-03-02T00:00:00Z' }),
    };
    expect(plan(outlookLater, { conflicts: 'latest' }).action).toEqual({
      kind: 'mergeFields',
      toErp: ['title'],
      toOutlook: ['location'],
    });
  });

  test('when the latest edit wins but times are unknown, then the conflict stays', () => {
    const noTimes = { ...clash, outlook: present(event({ title: 'Outlook title' }), 'o2') };
    const item = plan(noTimes, { conflicts: 'latest' });
    expect(item.action.kind).toBe('conflict');
    expect(item.reason).toContain('latest edit unknown');
  });

  test('when the person resolves a kept conflict in the pane, then the chosen side wins field by field', () => {
    const kept = plan(clash, { conflicts: 'ask' });
    const resolved = resolveConflict(kept, 'outlook', 'resolved in the pane');
    expect(resolved.action).toEqual({ kind: 'mergeFields', toErp: ['title'], toOutlook: ['location'] });
    expect(resolved.reason).toContain('resolved in the pane');
  });

  test('when one side deleted and the other changed, then preferring the change recreates the deleted copy', () => {
    const item = plan(
      { base: base(B), outlook: deleted(), erp: present(event({ location: 'Room 9' }), 'e2') },
      { conflicts: 'erp' },
    );
    expect(item.action).toEqual({ kind: 'createInOutlook' });
    expect(item.result?.location).toBe('Room 9');
    const deleteWins = plan(
      { base: base(B), outlook: deleted(), erp: present(event({ location: 'Room 9' }), 'e2') },
      { conflicts: 'outlook' },
    );
    expect(deleteWins.action).toEqual({ kind: 'deleteInErp', mode: 'delete' });
  });

  test('when two unpaired events are matched and differ, then preferring a side pairs them by writing the other', () => {
    const item = plan(
      { base: null, outlook: present(event({ title: 'A' }), 'o1'), erp: present(event({ title: 'B' }), 'e1') },
      { conflicts: 'outlook' },
    );
    expect(item.action).toEqual({ kind: 'updateErp', fields: ['title'] });
  });
});

describe('direction', () => {
  test('when one-way Outlook -> ERP and the ERP edited a field, then the edit is overwritten from Outlook', () => {
    const item = plan(
      { base: base(B), outlook: present(B, 'o1'), erp: present(event({ location: 'Room 9' }), 'e2') },
      { direction: 'outlookToErp' },
    );
    expect(item.defaultAction).toEqual({ kind: 'updateOutlook', fields: ['location'] });
    expect(item.action).toEqual({ kind: 'updateErp', fields: ['location'] });
    expect(item.result?.location).toBe('Room 4');
  });

  test('when one-way Outlook -> ERP and both changed, then Outlook wins every field and Outlook is not written', () => {
    const item = plan(clash, { direction: 'outlookToErp', conflicts: 'erp' });
    expect(item.action).toEqual({ kind: 'updateErp', fields: ['title', 'location'] });
    expect(item.result).toMatchObject({ title: 'Outlook title', location: 'Room 4' });
  });

  test('when one-way Outlook -> ERP, then events new in the ERP are not copied and ERP deletes only unlink', () => {
    expect(
      plan({ base: null, outlook: { kind: 'absent' }, erp: present(B, 'e1') }, { direction: 'outlookToErp' }).action
        .kind,
    ).toBe('noop');
    expect(
      plan({ base: base(B), outlook: present(B, 'o1'), erp: deleted() }, { direction: 'outlookToErp' }).action.kind,
    ).toBe('unlink');
    expect(
      plan({ base: base(B), outlook: deleted(), erp: present(B, 'e1') }, { direction: 'outlookToErp' }).action.kind,
    ).toBe('deleteInErp');
  });

  test('when one-way ERP -> Outlook, then Outlook edits are overwritten and Outlook-new events are not copied', () => {
    const item = plan(
      { base: base(B), outlook: present(event({ title: 'Mine' }), 'o2'), erp: present(B, 'e1') },
      { direction: 'erpToOutlook' },
    );
    expect(item.action).toEqual({ kind: 'updateOutlook', fields: ['title'] });
    expect(
      plan({ base: null, outlook: present(B, 'o1'), erp: { kind: 'absent' } }, { direction: 'erpToOutlook' }).action
        .kind,
    ).toBe('noop');
    const erpDeleted = plan(
      { base: base(B), outlook: present(event({ title: 'Mine' }), 'o2'), erp: deleted() },
      { direction: 'erpToOutlook' },
    );
    expect(erpDeleted.action).toEqual({ kind: 'deleteInOutlook' });
  });
});

describe('deletes and recurrence', () => {
  const outlookDeleted = { base: base(B), outlook: deleted(), erp: present(B, 'e1') };
  const erpDeleted = { base: base(B), outlook: present(B, 'o1'), erp: deleted() };

  test.each([
    ['propagate', { kind: 'deleteInErp', mode: 'delete' }, { kind: 'deleteInOutlook' }],
    ['unlink', { kind: 'unlink' }, { kind: 'unlink' }],
    ['archive', { kind: 'deleteInErp', mode: 'archive' }, { kind: 'deleteInOutlook' }],
  ] as const)(
    'when the delete policy is %s, then deletes become the expected actions',
    (deletes, towardErp, towardOutlook) => {
      expect(plan(outlookDeleted, { deletes }).action).toEqual(towardErp);
      expect(plan(erpDeleted, { deletes }).action).toEqual(towardOutlook);
    },
  );

  test('when recurrence sync is off, then series are skipped with a reason and single events still sync', () => {
    const series = event({
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO', timeZone: 'Europe/Berlin', exDates: [], modified: [] },
    });
    const item = plan({ base: null, outlook: present(series, 'o1'), erp: { kind: 'absent' } }, { recurrence: false });
    expect(item.action.kind).toBe('noop');
    expect(item.reason).toBe('recurrence sync is off: series are skipped');
    expect(item.defaultAction.kind).toBe('createInErp');
    expect(
      plan({ base: null, outlook: present(B, 'o1'), erp: { kind: 'absent' } }, { recurrence: false }).action.kind,
    ).toBe('createInErp');
  });

  test('when a new Outlook event is out of scope, then nothing is created', () => {
    const item = plan({ base: null, outlook: present(B, 'o1', { inScope: false }), erp: { kind: 'absent' } });
    expect(item.action.kind).toBe('noop');
    expect(item.reason).toContain('not in the sync scope');
  });

  test('when Outlook creates in the ERP, then the record is flagged for review as the policy says', () => {
    expect(plan({ base: null, outlook: present(B, 'o1'), erp: { kind: 'absent' } }).action).toEqual({
      kind: 'createInErp',
      needsReview: true,
    });
    expect(
      plan({ base: null, outlook: present(B, 'o1'), erp: { kind: 'absent' } }, { flagNeedsReview: false }).action,
    ).toEqual({
      kind: 'createInErp',
      needsReview: false,
    });
  });
});
