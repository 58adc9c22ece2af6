/**
 * `POST /admin/sync`: runs one mailbox sync now (or its dry run, or a reset followed by a sync) and answers the
 * run's summary: counts per action, errors in plain words. Behind the admin key; mount at /admin.
 */
import { Router } from 'express';
import { z } from 'zod';
import { findMailbox, type SyncEngine } from '../engine';
import { AppError } from '../errors';
import type { StoreRepositories } from '../store';
import { requireAdminKey } from './admin-auth';

export interface AdminSyncDeps {
  engine: SyncEngine;
  store: Pick<StoreRepositories, 'mailboxes'>;
  adminApiKey: string | undefined;
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

function parseBody(value: unknown) {
  const result = SyncBody.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  throw new AppError('validation', 'Invalid body.', { status: 400, details: { errors } });
}

/** Mount at /admin. */
export function adminSyncRouter(deps: AdminSyncDeps): Router {
  const router = Router();
  router.use('/sync', requireAdminKey(deps.adminApiKey));
  router.post('/sync', async (req, res) => {
    const body = parseBody(req.body);
    if (body.dryRun && body.reset) throw new AppError('validation', 'A dry run cannot reset.', { status: 400 });
    const mailbox = await findMailbox(deps.store, body.mailbox);
    if (body.dryRun) {
      res.json(await deps.engine.dryRun(mailbox.id));
      return;
    }
    const reset = body.reset ? await deps.engine.resetMailbox(mailbox.id, body.reset) : null;
    const summary = await deps.engine.syncMailbox(mailbox.id, 'admin');
    res.json(reset ? { reset, ...summary } : summary);
  });
  return router;
}
