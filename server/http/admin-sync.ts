/**
 * `POST /admin/sync`: runs one mailbox sync now (or its dry run, or a reset followed by a sync) and answers the
 * run's summary: counts per action, errors in plain words. The scripts' route (chaos, bench, browser tests); the
 * console uses the per-mailbox routes, whose reset asks for the preview's confirmation token. Audited; mount at /admin.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { findMailbox, type SyncEngine } from '../engine';
import { AppError } from '../errors';
import type { StoreRepositories } from '../store';
import { adminOf } from './admin-auth';
import { audited, parse } from './admin-common';

export interface AdminSyncDeps {
  /** requireAdmin(...) */
  guard: RequestHandler;
  engine: SyncEngine;
  store: Pick<StoreRepositories, 'mailboxes' | 'adminActions'>;
}

const SyncBody = z
  .object({
    /** Mailbox id, UPN or e-mail. */
    mailbox: z.string().min(1).max(320),
    dryRun: z.boolean().optional(),
    reset: z
      .object({
        existing: z.enum(['leave', 'deleteOutlook', 'deleteErp', 'deleteBoth']),
        then: z.enum(['newOnly', 'all']),
      })
      .optional(),
  })
  .strict();

/** Mount at /admin. */
export function adminSyncRouter(deps: AdminSyncDeps): Router {
  const router = Router();
  router.use('/sync', deps.guard);
  router.post('/sync', async (req, res) => {
    const body = parse(SyncBody, req.body, 'body');
    if (body.dryRun && body.reset) throw new AppError('validation', 'A dry run cannot reset.', { status: 400 });
    const mailbox = await findMailbox(deps.store, body.mailbox);
    const admin = adminOf(res);
    if (admin.tenantId !== null && admin.tenantId !== mailbox.tenantId)
      throw new AppError('not_found', `No mailbox with id, UPN or e-mail ${body.mailbox}.`);
    const action = body.dryRun ? 'mailbox.dry_run' : body.reset ? 'mailbox.reset' : 'mailbox.sync';
    const answer = await audited(
      deps.store,
      req,
      res,
      action,
      { tenantId: mailbox.tenantId, mailboxId: mailbox.id },
      async () => {
        if (body.dryRun) return deps.engine.dryRun(mailbox.id);
        const reset = body.reset ? await deps.engine.resetMailbox(mailbox.id, body.reset) : null;
        const summary = await deps.engine.syncMailbox(mailbox.id, 'admin');
        return reset ? { reset, ...summary } : summary;
      },
    );
    res.json(answer);
  });
  return router;
}
