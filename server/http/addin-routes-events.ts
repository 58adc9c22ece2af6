/**
 * The add-in's event routes (mount at /api after `addinApiGuard`): status, tracking, sync now, conflict choices,
 * history, and `POST /me/first-run-done`. Everything starts from the caller's scope; an id from the request only
 * ever names an event inside the caller's own mailbox and calendar. The engine does the syncing; this records
 * the person's intent and asks for a sync.
 */
import { Router, type Response } from 'express';
import {
  ConflictChoicesRequestSchema,
  TrackingRequestSchema,
  type EventStatus,
  type SyncAccepted,
} from '../../contract/addin-api';
import { scopeOfCaller, type Caller, type CallerScope } from '../auth';
import { AppError } from '../errors';
import type { Mailbox, Mapping, StoreRepositories } from '../store';
import { checkChoices } from './addin-events-conflicts';
import { historyEntry, personAudit } from './addin-events-history';
import { parseInput, parseOutlookId } from './addin-events-input';
import { CallerCalendar, type OutlookAccess } from './addin-events-outlook';
import { eventStatus, type StatusContext } from './addin-events-status';
import { applyTracking } from './addin-events-tracking';
import { IdTranslations } from './addin-events-ids';
import { authChallengeErrors, callerOf } from './auth-middleware';

export interface EventRoutesDeps extends StatusContext, OutlookAccess {
  store: Pick<StoreRepositories, 'mailboxes' | 'mappings' | 'audit'>;
  /** Queues a sync of the mailbox (the engine runs it); `reason` is for logs. */
  requestSync(mailboxId: string, reason: string): Promise<{ jobId: string }>;
  /** AUTH_AUTHORITY_HOST, named in claims challenges when on-behalf-of asks for more. */
  authorityHost: string;
  clock: { now(): Date };
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

export function addinEventsRouter(deps: EventRoutesDeps): Router {
  const router = Router();
  const ids = new IdTranslations();

  interface Located {
    caller: Caller;
    scope: CallerScope;
    outlookId: string;
    mapping: Mapping | undefined;
  }

  /**
   * The caller's mapping for the pane's id: by that id, or by the immutable id it was translated to. A miss asks
   * the caller's calendar (a REST id differs from the immutable id mappings use); not there means not tracked.
   */
  async function locate(res: Response, rawId: unknown): Promise<Located> {
    const outlookId = parseOutlookId(rawId);
    const caller = callerOf(res);
    const scope = await scopeOfCaller(deps.store, caller);
    const known = ids.get(scope.mailbox.id, outlookId);
    let mapping = await scope.mappings.byOutlookId(known ?? outlookId);
    if (mapping === undefined && known === undefined) {
      requireConnected(scope.mailbox);
      const event = await (await CallerCalendar.open(deps, caller, scope.mailbox)).find(outlookId);
      if (event !== null) {
        ids.set(scope.mailbox.id, outlookId, event.immutableId);
        if (event.immutableId !== outlookId) mapping = await scope.mappings.byOutlookId(event.immutableId);
      }
    }
    return { caller, scope, outlookId, mapping };
  }

  const status = (outlookId: string, mapping: Mapping | undefined): EventStatus =>
    eventStatus(outlookId, mapping, deps);

  router.get('/events/:outlookId', async (req, res) => {
    const { outlookId, mapping } = await locate(res, req.params.outlookId);
    res.json(status(outlookId, mapping));
  });

  router.put('/events/:outlookId/tracking', async (req, res) => {
    const outlookId = parseOutlookId(req.params.outlookId);
    const body = parseInput(TrackingRequestSchema, req.body, 'body');
    const caller = callerOf(res);
    const scope = await scopeOfCaller(deps.store, caller);
    requireConnected(scope.mailbox);
    const calendar = await CallerCalendar.open(deps, caller, scope.mailbox);
    const event = await calendar.find(outlookId);
    if (event === null) throw new AppError('not_found', 'This event is not in your calendar (or no longer is).');
    ids.set(scope.mailbox.id, outlookId, event.immutableId);
    const mapping = await applyTracking({ store: deps.store, scope, calendar, event, request: body });
    await deps.requestSync(scope.mailbox.id, body.track ? 'addin: tracking on' : 'addin: tracking off');
    res.json(status(outlookId, mapping));
  });

  router.post('/events/:outlookId/sync', async (req, res) => {
    const { scope, mapping } = await locate(res, req.params.outlookId);
    requireConnected(scope.mailbox);
    if (mapping === undefined || !mapping.marked) {
      throw new AppError('conflict', 'This event is not synced with the ERP; turn sync on for it first.');
    }
    const { jobId } = await deps.requestSync(scope.mailbox.id, 'addin: sync now');
    // Not written to the row: the engine records the outcome; a run with nothing to do leaves the row as it is.
    const accepted: SyncAccepted = { state: 'pending', jobId };
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
    res.json(status(outlookId, updated));
  });

  router.get('/events/:outlookId/history', async (req, res) => {
    const { scope, mapping } = await locate(res, req.params.outlookId);
    const entries =
      mapping === undefined
        ? []
        : await deps.store.audit.listByMapping(scope.mailbox.id, mapping.id, { limit: HISTORY_LIMIT });
    res.json({ entries: entries.map((e) => historyEntry(e, deps.erpName)) });
  });

  router.post('/me/first-run-done', async (_req, res) => {
    const scope = await scopeOfCaller(deps.store, callerOf(res));
    await deps.store.mailboxes.markFirstRunDone(scope.mailbox.id);
    res.status(204).end();
  });

  router.use(authChallengeErrors({ authorityHost: deps.authorityHost }));
  return router;
}
