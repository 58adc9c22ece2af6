/**
 * Control API for subscriptions: list (including expired), drop or deliver twice the next N notifications, fire
 * lifecycle events,
 * push a synthetic calendar change (as if the calendar half reported it) and read the delivery log.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { ControlError, parseBody, route } from '../control/problem';
import { isLive } from './store';

const DropBody = z.object({ count: z.number().int().min(0) });
const LifecycleBody = z.object({ event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']) });
const ChangeBody = z.object({
  tenantId: z.string().optional(),
  user: z.string().min(1),
  eventId: z.string().min(1),
  changeType: z.enum(['created', 'updated', 'deleted']),
  etag: z.string().optional(),
});

export function subscriptionControl(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.get(
    '/subscriptions',
    route(() => {
      const now = ctx.clock.now();
      return { subscriptions: ctx.subscriptions.all().map((s) => ({ ...s, expired: !isLive(s, now) })) };
    }),
  );
  router.post(
    '/subscriptions/drop',
    route((req) => {
      ctx.subscriptions.dropRemaining = parseBody(DropBody, req.body).count;
      return { dropRemaining: ctx.subscriptions.dropRemaining };
    }),
  );
  // Graph redelivers a notification whose answer it did not get in time (for up to 4 hours), so a receiver sees
  // the same notification twice: https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
  router.post(
    '/subscriptions/duplicate',
    route((req) => {
      ctx.subscriptions.duplicateRemaining = parseBody(DropBody, req.body).count;
      return { duplicateRemaining: ctx.subscriptions.duplicateRemaining };
    }),
  );
  router.post(
    '/subscriptions/:id/lifecycle',
    route(async (req) => {
      const { event } = parseBody(LifecycleBody, req.body);
      const sub = ctx.subscriptions.get(String(req.params.id));
      if (!sub) throw new ControlError(404, `No subscription ${String(req.params.id)}.`);
      if (!sub.lifecycleNotificationUrl)
        throw new ControlError(409, 'The subscription has no lifecycleNotificationUrl.');
      const status = await ctx.notifications.lifecycle(sub, event);
      if (event === 'subscriptionRemoved') ctx.subscriptions.delete(sub.id);
      return { status: status ?? null };
    }),
  );
  router.post(
    '/subscriptions/changes',
    route(async (req) => {
      const body = parseBody(ChangeBody, req.body);
      const user = ctx.directory.findUser(body.user);
      if (!user) throw new ControlError(404, `No user '${body.user}'.`);
      ctx.notifications.onChange({
        tenantId: user.tenantId,
        userId: user.id,
        eventId: body.eventId,
        changeType: body.changeType,
        ...(body.etag ? { etag: body.etag } : {}),
      });
      await ctx.notifications.idle();
      return { deliveries: ctx.subscriptions.deliveryLog().filter((d) => d.eventId === body.eventId) };
    }),
  );
  router.get(
    '/notifications',
    route(() => ({ deliveries: ctx.subscriptions.deliveryLog() })),
  );
  return router;
}
