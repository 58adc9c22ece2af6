/**
 * Values a side holds only partly (`SideCapabilities.represent`): compared by the side's projection, never written
 * back over the richer side, and a real change on the partial side still syncs. Odoo's projections as the example.
 */
import type { Capabilities, CanonicalEvent, FieldProjections } from '../../server/core';
import { DEFAULT_POLICY, EVENT_FIELDS, FULL_CAPABILITIES, reconcile, representEvent } from '../../server/core';
import { base, event, present } from './builders';

const ODOO_LIKE: FieldProjections = {
  showAs: (v) => (v === 'free' ? 'free' : 'busy'),
  sensitivity: (v) => (v === 'personal' ? 'private' : v),
};
const CAPS: Capabilities = {
  outlook: FULL_CAPABILITIES.outlook,
  erp: { fields: EVENT_FIELDS, keepsTimeZone: true, represent: ODOO_LIKE },
};
const RICH = event({ showAs: 'tentative', sensitivity: 'personal' });
const HELD = event({ showAs: 'busy', sensitivity: 'private' });

describe('values a side holds only partly', () => {
  test('when the ERP reads back the projection of the base value (tentative as busy), then that is no change', () => {
    const item = reconcile(
      { key: 'k', base: base(RICH), outlook: present(RICH, 'o1'), erp: present(HELD, 'e2') },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(item.changes.erp).toEqual({ kind: 'unchanged' });
    expect(item.action).toEqual({ kind: 'noop' });
  });

  test('without a declared projection the same reading is a change (what the capability fixes)', () => {
    const item = reconcile(
      { key: 'k', base: base(RICH), outlook: present(RICH, 'o1'), erp: present(HELD, 'e2') },
      DEFAULT_POLICY,
      FULL_CAPABILITIES,
    );
    expect(item.changes.erp).toEqual({ kind: 'changed', fields: ['showAs', 'sensitivity'] });
  });

  test('when the ERP changes another field, then Outlook gets that field only and keeps tentative and personal', () => {
    const erp = { ...HELD, title: 'Renamed in the ERP' };
    const item = reconcile(
      { key: 'k', base: base(RICH), outlook: present(RICH, 'o1'), erp: present(erp, 'e2') },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(item.action).toEqual({ kind: 'updateOutlook', fields: ['title'] });
    expect(item.result).toMatchObject({ title: 'Renamed in the ERP', showAs: 'tentative', sensitivity: 'personal' });
  });

  test('when the ERP really changes the value (busy to free), then it is a change and Outlook gets free', () => {
    const item = reconcile(
      { key: 'k', base: base(RICH), outlook: present(RICH, 'o1'), erp: present({ ...HELD, showAs: 'free' }, 'e2') },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(item.action).toEqual({ kind: 'updateOutlook', fields: ['showAs'] });
    expect(item.result?.showAs).toBe('free');
  });

  test('when Outlook changes to a value the ERP cannot hold, then the ERP is written its projection once and the next read is quiet', () => {
    const outlook = { ...HELD, showAs: 'oof' as const };
    const first = reconcile(
      { key: 'k', base: base(HELD), outlook: present(outlook, 'o2'), erp: present(HELD, 'e1') },
      DEFAULT_POLICY,
      CAPS,
    );
    // The ERP view (busy) is the projection of oof only against a base of oof: here it is a real difference.
    expect(first.action).toEqual({ kind: 'baseOnly' });
    expect(first.result?.showAs).toBe('oof');
    const next = reconcile(
      { key: 'k', base: base(first.result!), outlook: present(outlook, 'o2'), erp: present(HELD, 'e3') },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(next.action).toEqual({ kind: 'noop' });
  });

  test('when two unpaired copies differ only by the projection, then they pair without a conflict and Outlook keeps its value', () => {
    const item = reconcile(
      { key: 'k', base: null, outlook: present(RICH, 'o1'), erp: present(HELD, 'e1') },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(item.action.kind).toBe('baseOnly');
    expect(item.result).toMatchObject({ showAs: 'tentative', sensitivity: 'personal' });
  });

  test('when a modified occurrence holds a projected value, then it is compared by the projection too', () => {
    const series = (showAs: CanonicalEvent['showAs']): CanonicalEvent => ({
      ...RICH,
      recurrence: {
        rrule: 'FREQ=WEEKLY',
        timeZone: 'Europe/Berlin',
        exDates: [],
        modified: [{ originalStart: '2025-04-07T08:00:00Z', event: { ...RICH, title: 'Moved', showAs } }],
      },
    });
    const erp = representEvent(series('workingElsewhere'), CAPS.erp);
    expect(erp.recurrence?.modified[0]?.event.showAs).toBe('busy');
    const item = reconcile(
      {
        key: 'k',
        base: base(series('workingElsewhere')),
        outlook: present(series('workingElsewhere'), 'o1'),
        erp: present(erp, 'e2'),
      },
      DEFAULT_POLICY,
      CAPS,
    );
    expect(item.changes.erp).toEqual({ kind: 'unchanged' });
  });

  test('when a side keeps no zone, then a modified occurrence it reports in another zone is not a change', () => {
    const occurrence = (timeZone: string): CanonicalEvent => ({
      ...HELD,
      recurrence: {
        rrule: 'FREQ=WEEKLY',
        timeZone: 'Europe/Berlin',
        exDates: [],
        modified: [
          {
            originalStart: '2025-04-07T08:00:00Z',
            event: {
              ...HELD,
              title: 'Moved',
              timing: { kind: 'timed', start: '2025-04-07T09:00:00Z', end: '2025-04-07T10:00:00Z', timeZone },
            },
          },
        ],
      },
    });
    const noZones: Capabilities = { ...CAPS, erp: { ...CAPS.erp, keepsTimeZone: false } };
    const item = reconcile(
      {
        key: 'k',
        base: base(occurrence('America/New_York')),
        outlook: present(occurrence('America/New_York'), 'o1'),
        erp: present(occurrence('Europe/Paris'), 'e2'),
      },
      DEFAULT_POLICY,
      noZones,
    );
    expect(item.changes.erp).toEqual({ kind: 'unchanged' });
  });
});
