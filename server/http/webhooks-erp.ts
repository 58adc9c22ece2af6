/**
 * The ERP's change webhook (`POST /webhooks/erp`, open REST contract): HMAC signature over the raw body
 * (`ERP-Signature: t=..,v1=..`, shared secret), then the owner's mailbox sync is queued and 202 answered. Mount it
 * before the app's JSON parser (it needs the raw bytes). A request with no or a bad signature gets a 401 problem.
 */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { verifyWebhookSignature } from '../erp/rest';
import type { SyncMetrics } from '../jobs/metrics';
import type { SyncTrigger } from '../jobs/queue';
import type { Logger } from '../logger';
import type { Mailbox, StoreRepositories } from '../store';
import { sendProblem, problemType } from './problems';

export interface ErpWebhookDeps {
  secret: string;
  store: Pick<StoreRepositories, 'mailboxes'>;
  requestSync(mailboxId: string, trigger: Omit<SyncTrigger, 'at'>): Promise<void>;
  metrics: SyncMetrics;
  logger: Logger;
  clock: { now(): Date };
}

const WebhookNotification = z.object({
  type: z.literal('appointments.changed'),
  ownerId: z.string().min(1),
  appointmentId: z.string().optional(),
  occurredAt: z.string(),
});

function problem(res: Response, status: number, code: string, title: string, detail: string): void {
  sendProblem(res, { type: problemType(code), title, status, detail });
}

/** The connected mailboxes the ERP owner id names: by linked ERP user id, else by email. */
function ownersOf(mailboxes: readonly Mailbox[], ownerId: string): Mailbox[] {
  const linked = mailboxes.filter((m) => m.erpUserId === ownerId);
  return linked.length > 0 ? linked : mailboxes.filter((m) => m.email.toLowerCase() === ownerId.toLowerCase());
}

export function erpWebhookRouter(deps: ErpWebhookDeps): Router {
  const router = Router();
  router.post('/webhooks/erp', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const verdict = verifyWebhookSignature(deps.secret, req.header('erp-signature'), raw, deps.clock.now());
    if (!verdict.ok) {
      deps.metrics.notificationsRejected.inc({ reason: 'erp_signature' });
      problem(res, 401, 'unauthorized', 'Not signed in', verdict.reason);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      problem(res, 400, 'bad_request', 'Bad request', 'The body is not valid JSON.');
      return;
    }
    const parsed = WebhookNotification.safeParse(body);
    if (!parsed.success) {
      problem(res, 422, 'validation', 'Invalid data', 'Expected {type: "appointments.changed", ownerId, occurredAt}.');
      return;
    }
    deps.metrics.notificationsReceived.inc({ kind: 'erp' });
    const connected = await deps.store.mailboxes.list({ status: 'connected' });
    const owners = ownersOf(connected, parsed.data.ownerId);
    // An owner we cannot place (not linked yet): every mailbox reads its ERP changes; each run is cheap by cursor.
    const targets = owners.length > 0 ? owners : connected;
    res.status(202).json({ queued: targets.length });
    for (const mailbox of targets) {
      void deps
        .requestSync(mailbox.id, { kind: 'erp-webhook', detail: parsed.data.appointmentId ?? parsed.data.ownerId })
        .catch((error: unknown) =>
          deps.logger.error({ err: error, mailboxId: mailbox.id }, 'ERP webhook enqueue failed'),
        );
    }
  });
  return router;
}
