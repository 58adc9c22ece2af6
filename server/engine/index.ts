/**
 * The sync engine's public face: `createSyncEngine(deps)` runs one mailbox sync (one at a time per mailbox in this
 * process), a dry run, or a reset; `graphOutlookSide` builds each mailbox's Graph calendar (its Outlook side).
 */
import { createOutlookCalendar, type OutlookCalendar, type RequestLimiter } from '../outlook';
import type { Logger } from '../logger';
import type { Mailbox, SyncTrigger } from '../store';
import type { DryRunReport } from './dry-run';
import type { EngineDeps } from './ports';
import { checkErpFeed } from './erp-feed';
import { resetMailbox, type ResetOptions, type ResetReport } from './reset';
import { dryRunMailbox, runMailboxSync } from './run-mailbox-sync';
import type { RunSummary } from './summary';
import type { RunOptions } from './lease';

export type { DryRunItem, DryRunReport } from './dry-run';
export type { EngineDeps, EngineLogger, OutlookSide, OutlookSideFactory } from './ports';
export type { ResetExisting, ResetOptions, ResetReport, ResetThen } from './reset';
export type { RunSummary } from './summary';
export type { RunOptions } from './lease';
export { formatSummary } from './summary';
export { policyOf } from './policy-of';
export { findMailbox } from './find-mailbox';
export { answerHeldDeletions, heldVersion } from './guard-release';
export type { GuardAnswer, GuardDecision } from './guard-release';
export { heldDeletions, REPEATED_FAILURE_RUNS } from './conditions';

export interface SyncEngine {
  /** One run; `options.signal` is the queue's lease (aborted: the run stops before its next write). */
  syncMailbox(mailboxId: string, trigger?: SyncTrigger, options?: RunOptions): Promise<RunSummary>;
  dryRun(mailboxId: string): Promise<DryRunReport>;
  resetMailbox(mailboxId: string, options: ResetOptions): Promise<ResetReport>;
  /**
   * The tenant ERP change feed's tick (erp-feed.ts): flags and answers the mailboxes whose ERP events changed, or
   * null when the ERP has no feed (every mailbox then polls the ERP itself).
   */
  checkErpFeed(): Promise<string[] | null>;
}

export function createSyncEngine(deps: EngineDeps): SyncEngine {
  // The in-process lease: one runner per mailbox; a second request waits for the first to finish.
  const running = new Map<string, Promise<unknown>>();
  function exclusive<T>(mailboxId: string, work: () => Promise<T>): Promise<T> {
    const previous = running.get(mailboxId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    running.set(mailboxId, settled);
    void settled.then(() => {
      if (running.get(mailboxId) === settled) running.delete(mailboxId);
    });
    return next;
  }
  return {
    syncMailbox: (mailboxId, trigger = 'admin', options = {}) =>
      exclusive(mailboxId, () => runMailboxSync(deps, mailboxId, trigger, options)),
    dryRun: (mailboxId) => exclusive(mailboxId, () => dryRunMailbox(deps, mailboxId)),
    resetMailbox: (mailboxId, options) => exclusive(mailboxId, () => resetMailbox(deps, mailboxId, options)),
    checkErpFeed: () => checkErpFeed(deps),
  };
}

export interface GraphOutlookSideOptions {
  graphBaseUrl: string;
  /** A Graph token for the mailbox (delegated through OBO, or app-only); the auth module owns caching. */
  getAccessToken: (mailbox: Mailbox) => Promise<string>;
  logger: Logger;
  clock: { now(): Date };
  addinManifestId?: string;
  /** The mailbox's request budget (4 concurrent, 10,000 per 10 minutes by default; server/jobs). */
  limiterFor?: (mailbox: Mailbox) => RequestLimiter;
}

/** The Graph calendar of each mailbox (server/outlook): the engine's Outlook side, and subscription upkeep's. */
export function graphOutlookSide(options: GraphOutlookSideOptions): (mailbox: Mailbox) => OutlookCalendar {
  return (mailbox) =>
    createOutlookCalendar({
      mailbox: mailbox.userObjectId,
      graphBaseUrl: options.graphBaseUrl,
      getAccessToken: () => options.getAccessToken(mailbox),
      logger: options.logger,
      clock: options.clock,
      ...(options.limiterFor ? { limiter: options.limiterFor(mailbox) } : {}),
      ...(options.addinManifestId ? { addinManifestId: options.addinManifestId } : {}),
    });
}
export { readPolicy } from './policy-of';
export type { ParsedPolicy } from './policy-of';
export { StoredPolicySchema } from './policy-schema';
export type { StoredPolicy } from './policy-schema';
