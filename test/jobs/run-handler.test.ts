/** What the queue handler records: the run trigger for coalesced triggers, and a sweep summary's drift counts. */
import type { RunSummary } from '../../server/engine';
import { createSyncMetrics, runTriggerOf, sweepResult, type SyncTrigger } from '../../server/jobs';
import { createRunHandler, type RunHandlerOptions } from '../../server/jobs/run-handler';
import { createRecordingLogger } from './recording-logger';

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
  });
  it("when only the backend's own retries asked, then the run is a retry; any other trigger names it", () => {
    expect(runTriggerOf([t('retry')])).toBe('retry');
    expect(runTriggerOf([t('retry'), t('retry')])).toBe('retry');
    expect(runTriggerOf([t('retry'), t('notification')])).toBe('notification');
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

describe('createRunHandler: a run stopped by a failure that passes', () => {
  const handlerFor = (summary: Partial<RunSummary>) =>
    createRunHandler({
      // Cast: the handler reads only a mailbox's status, its paused condition, and sets the ERP flag.
      store: {
        mailboxes: { get: async () => ({ status: 'connected' }) },
        conditions: { get: async () => undefined },
        cursors: { set: async () => undefined },
      } as unknown as RunHandlerOptions['store'],
      engine: { syncMailbox: async () => ({ runId: 'r', planned: {}, ...summary }) as RunSummary },
      metrics: createSyncMetrics(),
      logger: { ...createRecordingLogger(), info: () => undefined },
    });
  const signal = new AbortController().signal;

  it('when Outlook or the ERP did not answer, then the handler throws so the queue runs the mailbox again', async () => {
    const handler = handlerFor({ status: 'failed', fatal: 'Outlook did not answer properly', retryable: true });
    await expect(handler('mailbox-1', [t('notification')], { signal })).rejects.toMatchObject({ code: 'transient' });
  });

  it('when the failure waits for a person or an admin (consent, rights), or the run succeeded, then it answers', async () => {
    const consent = handlerFor({ status: 'failed', fatal: 'Outlook refused access', retryable: false });
    await expect(consent('mailbox-1', [t('notification')], { signal })).resolves.toBeUndefined();
    const done = handlerFor({ status: 'succeeded', fatal: null, retryable: false });
    await expect(done('mailbox-1', [t('notification')], { signal })).resolves.toBeUndefined();
  });
});
