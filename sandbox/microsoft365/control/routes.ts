/**
 * The control API mounted at /_control: identity, platform, and the calendar half's own control routes.
 * JSON in and out; problems as application/problem+json. Documented in docs/SANDBOX.md.
 */
import express, { type Router } from 'express';
import type { EmulatorContext } from '../context';
import { identityControl } from './identity-control';
import { platformControl } from './platform-control';
import { controlErrorHandler } from './problem';

export function controlRoutes(ctx: EmulatorContext, extra: Router[]): Router {
  const router = express.Router();
  router.use(express.json({ limit: '20mb' }));
  router.use(identityControl(ctx));
  router.use(platformControl(ctx));
  for (const r of extra) router.use(r);
  if (ctx.calendar) router.use(ctx.calendar.control);
  router.use(controlErrorHandler);
  return router;
}
