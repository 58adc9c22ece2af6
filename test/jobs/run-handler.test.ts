/** What the queue handler records: the run trigger for coalesced triggers, and a sweep summary's drift counts. */
import type { RunSummary } from '../../server/engine';
import { runTriggerOf, sweepResult, type SyncTrigger } from '../../server/jobs';

const at = '2026-11-21T10:00:00.000Z';
const t = (kind: SyncTrigger['kind']): SyncTrigger => ({ kind, at });

describe('runTriggerOf', () => {
  it('when a sweep joined other triggers, then the run is a sweep (it reads everything)', () => {
    expect(runTriggerOf([t('notification'), t('sweep'), t('manual')])).toBe('sweep');
  });
  it('when a person asked, then the run is theirs; ERP signals count as notifications', () => {
    expect(runTriggerOf([t('erp-poll'), t('manual')])).toBe('user');
    expect(runTriggerOf([t('erp-webhook')])).toBe('notification');
    expect(runTriggerOf([t('erp-poll')])).toBe('notification');
    expect(runTriggerOf([t('retry')])).toBe('admin');
  });
});

describe('sweepResult', () => {
  it('when the plan had writes, then drifted counts non-quiet actions and repaired counts writes on both sides', () => {
    const summary = {
      planned: { noop: 10, baseOnly: 2, updateErp: 1, createInOutlook: 2, conflict: 1 },
      applied: { outlook: { create: 2 }, erp: { update: 1 } },
    } as unknown as RunSummary;
    expect(sweepResult(summary)).toEqual({ drifted: 4, repaired: 3 });
  });
});
