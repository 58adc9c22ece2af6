/**
 * Liveness and readiness. `/healthz` says the process answers; `/readyz` says it can do its work: the database
 * answers, migrations are applied, and it is not shutting down.
 */
import { Router } from 'express';

export interface Readiness {
  /** Resolves with named checks; any false makes the backend not ready. */
  check(): Promise<Record<string, boolean | string>>;
  /** Set when shutdown starts, so load balancers stop sending work. */
  draining(): boolean;
}

export function healthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'alive' });
  });
  router.get('/readyz', async (_req, res) => {
    // Cast: the readiness checks reject with Errors (the store's ping, the queue's).
    const checks = await readiness.check().catch((error: unknown) => ({ error: (error as Error).message }));
    const ready = !readiness.draining() && Object.values(checks).every((value) => value === true);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', draining: readiness.draining(), checks });
  });
  return router;
}
