/**
 * A hook on POST /api/connect, mounted before the account router: once a connect has been answered 200, hands the
 * caller to `onConnected` (link the ERP user, subscribe, first sync). The answer never waits for it.
 */
import { Router } from 'express';
import type { Caller } from '../auth';
import { callerOf } from './auth-middleware';

export function afterConnectRouter(onConnected: (caller: Caller) => Promise<void>): Router {
  const router = Router();
  router.post('/connect', (_req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode === 200) void onConnected(callerOf(res));
    });
    next();
  });
  return router;
}
