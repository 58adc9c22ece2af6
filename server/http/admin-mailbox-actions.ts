/**
 * Admin API, acting on one mailbox, every action audited: sync now, dry run, pause / resume, reset (a preview of
 * exactly what it deletes and forgets, then the reset itself only with the preview's confirmation token), and the
 * answers to held deletions (confirm or reject the list the admin was shown). The engine does the work.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { answerHeldDeletions, type SyncEngine } from '../engine';
import { AppError } from '../errors';
import type { Mailbox, Store } from '../store';
import { adminOf } from './admin-auth';
import { audited, mailboxFor, parse } from './admin-common';
import { conditionView, mailboxView } from './admin-mailboxes';
import { checkResetToken, previewReset } from './admin-reset-preview';

export interface AdminMailboxActionsDeps {
  guard: RequestHandler;
  store: Pick<Store, 'mailboxes' | 'conditions' | 'mappings' | 'syncRuns' | 'adminActions' | 'transaction'>;
  engine: Pick<SyncEngine, 'syncMailbox' | 'dryRun' | 'resetMailbox'>;
  /** Queues a run (resume, confirm): the answer does not wait for it. */
  requestSync: (mailboxId: string, reason: string) => Promise<unknown>;
  clock: { now(): Date };
}

const Empty = z.object({}).strict();
const PauseBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();
const ResetOptions = z
  .object({
    existing: z.enum(['leave', 'deleteOutlook', 'deleteErp', 'deleteBoth']),
    then: z.enum(['newOnly', 'all']),
  })
  .strict();
const ResetBody = ResetOptions.extend({ confirmationToken: z.string().min(1).max(200) }).strict();
const GuardBody = z.object({ version: z.string().min(1).max(64) }).strict();
const Side = z.enum(['outlook', 'erp']);
const Decision = z.enum(['confirm', 'reject']);

export function adminMailboxActionsRouter(deps: AdminMailboxActionsDeps): Router {
  const router = Router();
  router.use(deps.guard);
  const { store, engine } = deps;

  async function runnable(mailbox: Mailbox): Promise<void> {
    if (mailbox.status !== 'connected')
      throw new AppError('conflict', `The mailbox is ${mailbox.status.replace('_', ' ')}; it cannot sync now.`);
    if ((await store.conditions.get(mailbox.id, 'paused')) !== undefined)
      throw new AppError('conflict', 'The mailbox is paused; resume it first.');
  }

  router.post('/mailboxes/:mailboxId/sync', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    const summary = await audited(
      store,
      req,
      res,
      'mailbox.sync',
      target,
      async () => {
        parse(Empty, req.body, 'body');
        await runnable(mailbox);
        return engine.syncMailbox(mailbox.id, 'admin');
      },
      (s) => ({ runId: s.runId, status: s.status, applied: s.applied, errors: s.errors.length }),
    );
    res.json(summary);
  });

  router.post('/mailboxes/:mailboxId/dry-run', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    const report = await audited(
      store,
      req,
      res,
      'mailbox.dry_run',
      target,
      async () => {
        parse(Empty, req.body, 'body');
        if (mailbox.status !== 'connected') throw new AppError('conflict', `The mailbox is ${mailbox.status}.`);
        return engine.dryRun(mailbox.id);
      },
      (r) => ({ planned: r.planned, items: r.items.length }),
    );
    res.json(report);
  });

  router.post('/mailboxes/:mailboxId/pause', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const admin = adminOf(res);
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    await audited(store, req, res, 'mailbox.pause', target, async () => {
      const { reason } = parse(PauseBody, req.body, 'body');
      // The admin's own words end as a sentence, so the one after them reads apart.
      const why = reason ? `: ${reason.trim().replace(/[.!?]*$/, '.')}` : '.';
      return store.conditions.raise(mailbox.id, {
        kind: 'paused',
        reason: `Paused by ${admin.actor}${why} Nothing syncs until an admin resumes it.`,
        details: { by: admin.actor, reason: reason ?? null },
      });
    });
    res.json(await mailboxView(store, mailbox, await store.conditions.list(mailbox.id)));
  });

  router.post('/mailboxes/:mailboxId/resume', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    await audited(store, req, res, 'mailbox.resume', target, async () => {
      parse(Empty, req.body, 'body');
      const cleared = await store.conditions.clear(mailbox.id, 'paused');
      if (cleared === undefined) throw new AppError('conflict', 'The mailbox is not paused.');
      await deps.requestSync(mailbox.id, 'resumed by an admin');
    });
    res.json(await mailboxView(store, mailbox, await store.conditions.list(mailbox.id)));
  });

  router.post('/mailboxes/:mailboxId/reset/preview', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const options = parse(ResetOptions, req.body, 'body');
    res.json(await previewReset(store, mailbox.id, options, deps.clock.now()));
  });

  router.post('/mailboxes/:mailboxId/reset', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    const result = await audited(
      store,
      req,
      res,
      'mailbox.reset',
      target,
      async () => {
        const { confirmationToken, ...options } = parse(ResetBody, req.body, 'body');
        const preview = await previewReset(store, mailbox.id, options, deps.clock.now());
        checkResetToken(confirmationToken, preview, deps.clock.now());
        const reset = await engine.resetMailbox(mailbox.id, options);
        const paused = (await store.conditions.get(mailbox.id, 'paused')) !== undefined;
        if (!paused && mailbox.status === 'connected') await deps.requestSync(mailbox.id, 'after a reset');
        return { reset, preview: { counts: preview.counts }, syncQueued: !paused && mailbox.status === 'connected' };
      },
      (r) => r,
    );
    res.json(result);
  });

  router.get('/mailboxes/:mailboxId/conditions', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    res.json({ conditions: (await store.conditions.list(mailbox.id)).map(conditionView) });
  });

  router.post('/mailboxes/:mailboxId/conditions/delete_guard/:side/:decision', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    const side = parse(Side, req.params.side, 'query');
    const decision = parse(Decision, req.params.decision, 'query');
    const admin = adminOf(res);
    const target = { tenantId: mailbox.tenantId, mailboxId: mailbox.id };
    const held = await audited(
      store,
      req,
      res,
      `mailbox.guard.${decision}`,
      target,
      async () => {
        const { version } = parse(GuardBody, req.body, 'body');
        const at = deps.clock.now().toISOString();
        const answered = await answerHeldDeletions(store, mailbox.id, { side, decision, by: admin.actor, version }, at);
        await deps.requestSync(mailbox.id, `held deletions ${decision === 'confirm' ? 'confirmed' : 'rejected'}`);
        return answered;
      },
      (h) => ({ side: h.side, keys: h.held.map((i) => i.key) }),
    );
    res.json({
      decision,
      side,
      held: held.held,
      conditions: (await store.conditions.list(mailbox.id)).map(conditionView),
    });
  });

  return router;
}
