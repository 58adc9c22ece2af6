/**
 * The control API mounted at /_control: identity, platform, and the calendar half's own control routes.
 * JSON in and out; problems as application/problem+json. Documented in docs/SANDBOX.md.
 */
import express, { type Router } from 'express';
import type { EmulatorContext } from '../context';
import { identityControl } from './identity-control';
import { platformControl } from './platform-control';
import { controlErrorHandler } from './problem';
import { stateControl } from './state';
import { subscriptionControl } from '../subscriptions/control';

export function controlRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.use(express.json({ limit: '20mb' }));
  router.use(identityControl(ctx));
  router.use(platformControl(ctx));
  router.use(subscriptionControl(ctx));
  router.use(stateControl(ctx));
  if (ctx.calendar) router.use(ctx.calendar.control);
  router.use(controlErrorHandler);
  return router;
}
