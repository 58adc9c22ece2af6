/**
 * The scheduled retry of rows a run left unfinished: failed with an error a retry can fix (Odoo or Graph down, a
 * lost answer, a concurrent edit), a write whose outcome is unknown, a choice not applied yet. A run retries every
 * such row of its mailbox whatever triggered it, but with the tenant ERP feed and live Graph subscriptions an idle
 * mailbox gets no run, so without this tick such a row would wait for the person's next change or the daily sweep.
 */
import type { StoreRepositories } from '../store';
import type { SyncTrigger } from './queue';
import type { ScheduledTask } from './scheduler';

/** Often enough that a failure clears within minutes of the other side coming back; cheap (one indexed query). */
export const RETRY_DUE_MINUTES = 5;

export function retryDueTask(options: {
  mappings: Pick<StoreRepositories['mappings'], 'listMailboxesWithRowsDue'>;
  requestSync(mailboxId: string, trigger: Omit<SyncTrigger, 'at'>): Promise<void>;
  logger: { info(details: Record<string, unknown>, message: string): void };
  everyMinutes?: number;
}): ScheduledTask {
  return {
    name: 'retry-due',
    everyMs: (options.everyMinutes ?? RETRY_DUE_MINUTES) * 60_000,
    async run() {
      const mailboxIds = await options.mappings.listMailboxesWithRowsDue();
      for (const mailboxId of mailboxIds) {
        await options.requestSync(mailboxId, { kind: 'retry', detail: 'rows to try again' });
      }
      if (mailboxIds.length > 0)
        options.logger.info({ mailboxes: mailboxIds.length }, 'queued mailboxes with rows to try again');
    },
  };
}
