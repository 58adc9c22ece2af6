/**
 * The ERP's change webhook (`POST /webhooks/erp`, open REST contract): HMAC signature over the raw body bytes
 * (`ERP-Signature: t=..,n=..,v1=..`, shared secret), a replay check on the delivery's nonce, then the owner's
 * mailbox sync is queued and 202 answered. Mount it before the app's JSON parser (it needs the raw bytes). Every
 * refusal, including a body too large or in an encoding we cannot read (refused before the signature is checked),
 * is a JSON problem; a replay is answered 200 and does nothing; an owner we cannot place queues nothing.
 */
import { createHash } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { REPLAY_WINDOW_SECONDS, verifyWebhookSignature } from '../erp/rest';
import { type SyncMetrics, type SyncTrigger } from '../jobs';
import type { Logger } from '../logger';
import type { Mailbox, StoreRepositories } from '../store';
import { sendProblem, toProblem, problemType } from './problems';

export interface ErpWebhookDeps {
  secret: string;
  store: Pick<StoreRepositories, 'mailboxes' | 'receipts' | 'cursors'>;
  requestSync(mailboxId: string, trigger: Omit<SyncTrigger, 'at'>): Promise<void>;
  metrics: SyncMetrics;
  logger: Logger;
  clock: { now(): Date };
}

/** A notification is about 200 bytes; anything near this is not one. */
export const ERP_WEBHOOK_BODY_LIMIT = '64kb';

const WebhookNotification = z.object({
  type: z.literal('appointments.changed'),
  ownerId: z.string().min(1).max(256),
  appointmentId: z.string().max(256).optional(),
  occurredAt: z.string().max(64),
});

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function problem(res: Response, status: number, code: string, title: string, detail: string): void {
  sendProblem(res, { type: problemType(code), title, status, detail });
}

/** The connected mailboxes the ERP owner id names: by linked ERP user id, else by email. */
function ownersOf(mailboxes: readonly Mailbox[], ownerId: string): Mailbox[] {
  const linked = mailboxes.filter((m) => m.erpUserId === ownerId);
  return linked.length > 0 ? linked : mailboxes.filter((m) => m.email.toLowerCase() === ownerId.toLowerCase());
}

/** The body as JSON, or undefined when it is not UTF-8 JSON. */
function parseBody(raw: Buffer): unknown {
  try {
    return JSON.parse(strictUtf8.decode(raw));
  } catch {
    return undefined;
  }
}

/**
 * Errors of the raw body reader (too large, unknown Content-Encoding, a broken gzip stream, an aborted upload)
 * come before any signature check: answer them here as problems, so this route never depends on what the app
 * mounted after it does with errors.
 */
function bodyReadErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = toProblem(error, req.originalUrl);
    if (answer.status >= 500) logger.error({ err: error }, 'ERP webhook failed');
    sendProblem(res, answer);
  };
}

export function erpWebhookRouter(deps: ErpWebhookDeps): Router {
  const router = Router();
  const reject = (reason: string) => deps.metrics.notificationsRejected.inc({ reason });

  router.post(
    '/webhooks/erp',
    express.raw({ type: () => true, limit: ERP_WEBHOOK_BODY_LIMIT }),
    async (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verdict = verifyWebhookSignature(deps.secret, req.header('erp-signature'), raw, deps.clock.now());
      if (!verdict.ok) {
        reject('erp_signature');
        problem(res, 401, 'unauthorized', 'Not signed in', verdict.reason);
        return;
      }
      const body = parseBody(raw);
      if (body === undefined) {
        problem(res, 400, 'bad_request', 'Bad request', 'The body is not UTF-8 JSON.');
        return;
      }
      const parsed = WebhookNotification.safeParse(body);
      if (!parsed.success) {
        problem(
          res,
          422,
          'validation',
          'Invalid data',
          'Expected {type: "appointments.changed", ownerId, occurredAt}.',
        );
        return;
      }
      // Recorded only once the delivery is known good: a refused one leaves nothing behind.
      const keepUntil = new Date(deps.clock.now().getTime() + REPLAY_WINDOW_SECONDS * 1000).toISOString();
      const receipt = createHash('sha256').update(`erp-webhook:${verdict.deliveryId}`).digest('hex');
      if (!(await deps.store.receipts.record(receipt, keepUntil))) {
        reject('replay');
        res.status(200).json({ queued: 0, duplicate: true });
        return;
      }
      deps.metrics.notificationsReceived.inc({ kind: 'erp' });
      const owners = ownersOf(await deps.store.mailboxes.list({ status: 'connected' }), parsed.data.ownerId);
      // An owner no connected mailbox is linked to queues nothing: the ERP poll reads that change anyway, and a
      // signed webhook naming a stranger must not cost a run of every mailbox.
      if (owners.length === 0) reject('unknown_owner');
      res.status(202).json({ queued: owners.length });
      for (const mailbox of owners) {
        // The ERP said this person's events changed: the run reads the ERP (the tenant feed's flag, erp-feed.ts).
        void deps.store.cursors
          .set(mailbox.id, 'erp_due', { value: `${deps.clock.now().toISOString()} webhook ${receipt.slice(0, 12)}` })
          .then(() =>
            deps.requestSync(mailbox.id, {
              kind: 'erp-webhook',
              detail: parsed.data.appointmentId ?? parsed.data.ownerId,
            }),
          )
          .catch((error: unknown) =>
            deps.logger.error({ err: error, mailboxId: mailbox.id }, 'ERP webhook enqueue failed'),
          );
      }
    },
    bodyReadErrors(deps.logger),
  );
  return router;
}
