/** `GET /metrics` in the Prometheus text format, behind admin authentication (like the admin API). */
import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';

export function metricsRouter(registry: Registry, requireAdmin: RequestHandler): Router {
  const router = Router();
  router.get('/metrics', requireAdmin, async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
