/**
 * Graph change and lifecycle notifications (`POST /webhooks/graph[/lifecycle]`): the validation handshake, the
 * clientState check (hashed, constant time; a wrong one is counted and dropped), a duplicate check on the
 * notification's identity (a replayed or redelivered notification is counted and queues nothing), 202 at once,
 * then the mailbox's sync is queued (the queue coalesces bursts). It never syncs in the request.
 */
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import { clientStateMatches, type SubscriptionUpkeep, type SyncMetrics, type SyncTrigger } from '../jobs';
import type { Logger } from '../logger';
import type { StoreRepositories } from '../store';

export interface GraphWebhookDeps {
  store: Pick<StoreRepositories, 'subscriptions' | 'receipts'>;
  requestSync(mailboxId: string, trigger: Omit<SyncTrigger, 'at'>): Promise<void>;
  subscriptions: Pick<SubscriptionUpkeep, 'recreate' | 'reauthorize'>;
  metrics: SyncMetrics;
  logger: Logger;
  clock: { now(): Date };
}

const Notification = z.object({
  id: z.string().max(512).optional(),
  subscriptionId: z.string().min(1).max(256),
  clientState: z.string().max(512).optional(),
  changeType: z.string().max(64).optional(),
  lifecycleEvent: z.string().max(64).optional(),
  resource: z.string().max(2048).optional(),
  subscriptionExpirationDateTime: z.string().max(64).optional(),
  resourceData: z.object({ '@odata.etag': z.string().max(512).optional() }).optional(),
});
type Notification = z.infer<typeof Notification>;
const Payload = z.object({ value: z.array(z.unknown()).max(1000) });

type Verified = {
  mailboxId: string;
  subscriptionId: string;
  changeType?: string;
  lifecycleEvent?: string;
  identity: Identity | undefined;
};

/** How long a notification's identity is remembered: Graph redelivers failed change notifications for up to 4 h. */
const CHANGE_RECEIPT_HOURS = 24;
/** Lifecycle events carry no change stamp: a repeat after this is taken as new (e.g. a second `missed`). */
const LIFECYCLE_RECEIPT_MINUTES = 10;

interface Identity {
  key: string;
  keepMs: number;
}

/**
 * What makes a notification the same delivery again: Graph's own notification `id` when it sends one, else the
 * change it reports (subscription, change type, resource and the resource's etag after the change; a delete needs no
 * etag, a resource goes once). A created/updated without id or etag cannot be told from a new change: undefined.
 */
function identityOf(n: Notification): Identity | undefined {
  const hash = (parts: Array<string | undefined>) =>
    createHash('sha256')
      .update(JSON.stringify(['graph', ...parts]))
      .digest('hex');
  const change = CHANGE_RECEIPT_HOURS * 3_600_000;
  if (n.id) return { key: hash(['id', n.subscriptionId, n.id]), keepMs: change };
  if (n.lifecycleEvent) {
    const parts = ['lifecycle', n.subscriptionId, n.lifecycleEvent, n.subscriptionExpirationDateTime];
    return { key: hash(parts), keepMs: LIFECYCLE_RECEIPT_MINUTES * 60_000 };
  }
  const etag = n.resourceData?.['@odata.etag'];
  if (n.resource && (etag || n.changeType === 'deleted')) {
    return { key: hash(['change', n.subscriptionId, n.changeType, n.resource, etag]), keepMs: change };
  }
  return undefined;
}

/** Graph POSTs `?validationToken=...` when a subscription is created: echo it as text within 10 s. */
function answeredHandshake(req: Request, res: Response): boolean {
  const token = req.query['validationToken'];
  if (typeof token !== 'string') return false;
  res.status(200).type('text/plain').send(token);
  return true;
}

export function graphWebhookRouter(deps: GraphWebhookDeps): Router {
  const router = Router();
  const { metrics, logger } = deps;

  /** Keeps the notifications whose subscription we know and whose clientState matches; counts the rest. */
  async function verify(body: unknown): Promise<Verified[]> {
    const payload = Payload.safeParse(body);
    if (!payload.success) throw new AppError('bad_request', 'A notification body is {"value": [...]}.');
    const verified: Verified[] = [];
    for (const raw of payload.data.value) {
      const parsed = Notification.safeParse(raw);
      if (!parsed.success) {
        metrics.notificationsRejected.inc({ reason: 'malformed' });
        continue;
      }
      const { subscriptionId, clientState, changeType, lifecycleEvent } = parsed.data;
      const row = await deps.store.subscriptions.findBySubscriptionId(subscriptionId);
      const reason = row === undefined ? 'unknown_subscription' : 'client_state';
      if (row === undefined || !clientStateMatches(clientState, row.clientStateHash)) {
        metrics.notificationsRejected.inc({ reason });
        logger.warn({ subscriptionId, reason }, 'Graph notification rejected');
        continue;
      }
      verified.push({
        mailboxId: row.mailboxId,
        subscriptionId,
        ...(changeType ? { changeType } : {}),
        ...(lifecycleEvent ? { lifecycleEvent } : {}),
        identity: identityOf(parsed.data),
      });
    }
    return verified;
  }

  /** The genuine notifications not seen before; repeats (Graph's redeliveries, replays) are counted and dropped. */
  async function firstDeliveries(verified: Verified[]): Promise<Verified[]> {
    const fresh: Verified[] = [];
    const now = deps.clock.now().getTime();
    for (const notification of verified) {
      const { identity } = notification;
      const isNew =
        identity === undefined ||
        (await deps.store.receipts.record(identity.key, new Date(now + identity.keepMs).toISOString()));
      if (isNew) fresh.push(notification);
      else metrics.notificationsRejected.inc({ reason: 'duplicate' });
    }
    return fresh;
  }

  /** 202 when at least one notification was genuine; 403 when none was (forged or stale). */
  function answer(res: Response, accepted: number): void {
    if (accepted === 0) throw new AppError('forbidden', 'No notification in the body matched a known subscription.');
    res.status(202).end();
  }

  function inBackground(what: string, mailboxId: string, work: () => Promise<unknown>): void {
    void work().catch((error: unknown) =>
      logger.error({ err: error, mailboxId, what }, 'notification follow-up failed'),
    );
  }

  router.post('/webhooks/graph', async (req, res) => {
    if (answeredHandshake(req, res)) return;
    const verified = await verify(req.body);
    const fresh = await firstDeliveries(verified);
    answer(res, verified.length);
    // One enqueue per mailbox per POST; the queue coalesces across POSTs.
    const mailboxes = new Map(fresh.map((v) => [v.mailboxId, v.subscriptionId]));
    for (const [mailboxId, subscriptionId] of mailboxes) {
      metrics.notificationsReceived.inc({ kind: 'change' });
      inBackground('enqueue', mailboxId, () =>
        deps.requestSync(mailboxId, { kind: 'notification', detail: subscriptionId }),
      );
    }
  });

  router.post('/webhooks/graph/lifecycle', async (req, res) => {
    if (answeredHandshake(req, res)) return;
    const verified = await verify(req.body);
    const fresh = await firstDeliveries(verified);
    answer(res, verified.length);
    for (const { mailboxId, lifecycleEvent } of fresh) {
      metrics.notificationsReceived.inc({ kind: lifecycleEvent ?? 'lifecycle' });
      if (lifecycleEvent === 'subscriptionRemoved') {
        inBackground('recreate', mailboxId, async () => {
          await deps.subscriptions.recreate(mailboxId);
          // Changes between the removal and the new subscription reached nobody: read them by delta.
          await deps.requestSync(mailboxId, { kind: 'notification', detail: 'subscriptionRemoved' });
        });
      } else if (lifecycleEvent === 'reauthorizationRequired') {
        inBackground('reauthorize', mailboxId, () => deps.subscriptions.reauthorize(mailboxId));
      } else if (lifecycleEvent === 'missed') {
        inBackground('resync', mailboxId, () =>
          deps.requestSync(mailboxId, { kind: 'notification', detail: 'missed' }),
        );
      } else {
        logger.warn({ mailboxId, lifecycleEvent }, 'unknown Graph lifecycle event ignored');
      }
    }
  });
  return router;
}
