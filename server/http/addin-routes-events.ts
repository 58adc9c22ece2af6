/**
 * The add-in's event routes (mount at /api after `addinApiGuard`): status, tracking, sync now, conflict choices,
 * history, and `POST /me/first-run-done`. Everything starts from the caller's scope; an id from the request only
 * ever names an event inside the caller's own mailbox and calendar. The engine does the syncing; this records
 * the person's intent, asks for a sync and tells the pane when it asked, so the pane can follow the run.
 */
import { Router, type Response } from 'express';
import {
  ConflictChoicesRequestSchema,
  TrackingRequestSchema,
  type EventStatus,
  type SyncAccepted,
} from '../../contract/addin-api';
import { scopeOfCaller, type Caller, type CallerScope } from '../auth';
import type { ErpPort } from '../erp';
import { AppError } from '../errors';
import type { Mailbox, Mapping, StoreRepositories } from '../store';
import { checkChoices } from './addin-events-conflicts';
import { historyEntry, personAudit } from './addin-events-history';
import { IdTranslations } from './addin-events-ids';
import { parseInput, parseOutlookId } from './addin-events-input';
import { CallerCalendar, type OutlookAccess } from './addin-events-outlook';
import { eventStatus, type StatusContext, type StatusExtras } from './addin-events-status';
import { applyTracking } from './addin-events-tracking';
import { authChallengeErrors, callerOf } from './auth-middleware';
import type { ErpPeople } from './erp-person';

export interface EventRoutesDeps extends StatusContext, OutlookAccess {
  store: Pick<StoreRepositories, 'mailboxes' | 'mappings' | 'audit' | 'syncRuns' | 'conditions'>;
  /** The ERP port, for its record URLs and its review flag (read when the pane asks `?erp=1`). */
  erp: Pick<ErpPort, 'recordUrl' | 'readEvents'>;
  /** Queues a sync of the mailbox (the engine runs it); `reason` is for logs. */
  requestSync(mailboxId: string, reason: string): Promise<{ jobId: string }>;
  /** AUTH_AUTHORITY_HOST, named in claims challenges when on-behalf-of asks for more. */
  authorityHost: string;
  clock: { now(): Date };
  /** Confirms a link with the ERP, for the person, before anything is stored (security's ErpPeople). */
  people: Pick<ErpPeople, 'confirmLink'>;
}

/** History lines returned at most (newest first). */
export const HISTORY_LIMIT = 50;

/** For `addinAccountRouter({ isFirstRun })`: first run until the person dismissed the explanation once. */
export async function isFirstRun(_caller: Caller, mailbox: Mailbox | undefined): Promise<boolean> {
  return mailbox?.firstRunDoneAt == null;
}

/** Refuses work that needs the person's Graph access while their stored grant is dead, or while disabled. */
export function requireConnected(mailbox: Mailbox): void {
  if (mailbox.status === 'needs_reconnect') {
    throw new AppError(
      'needs_reconnect',
      'Microsoft no longer accepts ERP sync’s access to your calendar. Reconnect to continue.',
    );
  }
  if (mailbox.status === 'disabled') {
    throw new AppError('forbidden', 'ERP sync is turned off for your mailbox; ask your administrator.');
  }
}

const GONE = 'This event is no longer in your Outlook calendar, so there is nothing to sync.';

export function addinEventsRouter(deps: EventRoutesDeps): Router {
  const router = Router();
  const ids = new IdTranslations();

  interface Located {
    scope: CallerScope;
    outlookId: string;
    mapping: Mapping | undefined;
    /** The caller's calendar no longer holds the event (asked only when no row answered for it). */
    gone: boolean;
  }

  /**
   * The caller's mapping for the pane's id: by that id, or by the immutable id it was translated to. Without a row,
   * the caller's calendar is asked (a REST id differs from the immutable id mappings use); not there means gone.
   */
  async function locate(res: Response, rawId: unknown): Promise<Located> {
    const outlookId = parseOutlookId(rawId);
    const caller = callerOf(res);
    const scope = await scopeOfCaller(deps.store, caller);
    const known = ids.get(scope.mailbox.id, outlookId);
    let mapping = await scope.mappings.byOutlookId(known ?? outlookId);
    let gone = false;
    if (mapping === undefined) {
      requireConnected(scope.mailbox);
      const event = await (await CallerCalendar.open(deps, caller, scope.mailbox)).find(outlookId);
      if (event === null) gone = true;
      else {
        ids.set(scope.mailbox.id, outlookId, event.immutableId);
        if (event.immutableId !== outlookId) mapping = await scope.mappings.byOutlookId(event.immutableId);
      }
    }
    return { scope, outlookId, mapping, gone };
  }

  async function extrasOf(mailboxId: string, more: Partial<StatusExtras> = {}): Promise<StatusExtras> {
    const [runs, conditions] = await Promise.all([
      deps.store.syncRuns.listRecent(mailboxId, 1),
      deps.store.conditions.list(mailboxId),
    ]);
    return { run: runs[0], conditions, ...more };
  }

  /** The ERP's review flag, read now: a flag is cleared in the ERP, never by a later sync. Unknown on failure. */
  async function reviewFlag(mapping: Mapping | undefined): Promise<boolean | undefined> {
    if (mapping?.erpId == null) return undefined;
    try {
      const [record] = await deps.erp.readEvents([mapping.erpId]);
      return record?.needsReview;
    } catch {
      return undefined; // the status still answers; the pane shows no review line
    }
  }

  const status = (outlookId: string, mapping: Mapping | undefined, extras: StatusExtras): EventStatus =>
    eventStatus(outlookId, mapping, deps, extras);

  router.get('/events/:outlookId', async (req, res) => {
    const { scope, outlookId, mapping, gone } = await locate(res, req.params.outlookId);
    const reviewInErp = req.query.erp === '1' ? await reviewFlag(mapping) : undefined;
    res.json(status(outlookId, mapping, await extrasOf(scope.mailbox.id, { gone, reviewInErp })));
  });

  router.put('/events/:outlookId/tracking', async (req, res) => {
    const outlookId = parseOutlookId(req.params.outlookId);
    const body = parseInput(TrackingRequestSchema, req.body, 'body');
    const caller = callerOf(res);
    const scope = await scopeOfCaller(deps.store, caller);
    requireConnected(scope.mailbox);
    const calendar = await CallerCalendar.open(deps, caller, scope.mailbox);
    const event = await calendar.find(outlookId);
    if (event === null) throw new AppError('not_found', GONE);
    // A link names a record the ERP confirms the person may see, under the ERP's own name for it.
    const link = body.link ? await deps.people.confirmLink(caller, body.link) : body.link;
    ids.set(scope.mailbox.id, outlookId, event.immutableId);
    const mapping = await applyTracking({ store: deps.store, scope, calendar, event, request: { ...body, link } });
    const syncRequestedAt = deps.clock.now().toISOString();
    await deps.requestSync(scope.mailbox.id, body.track ? 'addin: tracking on' : 'addin: tracking off');
    res.json(status(outlookId, mapping, await extrasOf(scope.mailbox.id, { syncRequestedAt })));
  });

  router.post('/events/:outlookId/sync', async (req, res) => {
    const { scope, mapping, gone } = await locate(res, req.params.outlookId);
    requireConnected(scope.mailbox);
    if (gone) throw new AppError('not_found', GONE);
    if (mapping === undefined || !mapping.marked) {
      throw new AppError('conflict', 'Sync is off for this event; turn it on to sync it.');
    }
    const requestedAt = deps.clock.now().toISOString();
    const { jobId } = await deps.requestSync(scope.mailbox.id, 'addin: sync now');
    // Not written to the row: the engine records the outcome; the pane follows the mailbox's run past requestedAt.
    const accepted: SyncAccepted = { state: 'pending', jobId, requestedAt };
    res.status(202).json(accepted);
  });

  router.post('/events/:outlookId/conflicts', async (req, res) => {
    const { choices } = parseInput(ConflictChoicesRequestSchema, req.body, 'body');
    const { scope, outlookId, mapping } = await locate(res, req.params.outlookId);
    requireConnected(scope.mailbox);
    if (mapping === undefined) throw new AppError('conflict', 'This event has no conflict to resolve.');
    const conflict = checkChoices(mapping, choices);
    const chosenAt = deps.clock.now().toISOString();
    const updated = await scope.mappings.update(mapping.id, {
      resolution: { choices, conflict, chosenAt },
      status: 'pending',
    });
    await deps.store.audit.append([personAudit(scope.mailbox.id, mapping.id, 'resolved', { choices })]);
    await deps.requestSync(scope.mailbox.id, 'addin: conflict resolved');
    res.json(status(outlookId, updated, await extrasOf(scope.mailbox.id, { syncRequestedAt: chosenAt })));
  });

  router.get('/events/:outlookId/history', async (req, res) => {
    const { scope, mapping } = await locate(res, req.params.outlookId);
    const entries =
      mapping === undefined
        ? []
        : await deps.store.audit.listByMapping(scope.mailbox.id, mapping.id, { limit: HISTORY_LIMIT });
    res.json({ entries: entries.map(historyEntry) });
  });

  router.post('/me/first-run-done', async (_req, res) => {
    const scope = await scopeOfCaller(deps.store, callerOf(res));
    await deps.store.mailboxes.markFirstRunDone(scope.mailbox.id);
    res.status(204).end();
  });

  router.use(authChallengeErrors({ authorityHost: deps.authorityHost }));
  return router;
}
