/**
 * Control API for the Graph platform: injected faults, latency and other settings, the request log and counts,
 * and the clock offset.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { parseBody, route } from './problem';

const FaultBody = z.object({
  kind: z.enum(['status', 'timeout', 'lose-response']),
  method: z.string().optional(),
  path: z.string().optional(),
  status: z.number().int().min(400).max(599).optional(),
  code: z.string().optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  count: z.number().int().min(1).optional(),
  holdMs: z.number().int().min(1).optional(),
});
const SettingsBody = z
  .object({
    accessTokenLifetimeSeconds: z.number().int().positive(),
    refreshTokenLifetimeSeconds: z.number().int().positive(),
    throttleScope: z.enum(['appPerMailbox', 'app']),
    throttleConcurrency: z.number().int().positive(),
    throttleWindowRequests: z.number().int().positive(),
    throttleWindowSeconds: z.number().int().positive(),
    throttleRetryAfterSeconds: z.number().int().min(0),
    subscriptionMaxMinutes: z.number().int().positive(),
    validationTimeoutMs: z.number().int().positive(),
    notificationTimeoutMs: z.number().int().positive(),
    latencyMs: z.number().int().min(0),
  })
  .partial()
  .strict();
const ClockBody = z.union([
  z.object({ offsetMs: z.number().int() }).strict(),
  z.object({ advanceSeconds: z.number() }).strict(),
]);

export function platformControl(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.post(
    '/faults',
    route((req) => {
      const body = parseBody(FaultBody, req.body);
      if (body.path !== undefined) {
        try {
          new RegExp(body.path);
        } catch (error) {
          return badPattern(error);
        }
      }
      return ctx.faults.add(body);
    }),
  );
  router.get(
    '/faults',
    route(() => ({ faults: ctx.faults.list() })),
  );
  router.delete(
    '/faults',
    route(() => (ctx.faults.clear(), { ok: true })),
  );
  router.get(
    '/settings',
    route(() => ctx.settings),
  );
  router.patch(
    '/settings',
    route((req) => Object.assign(ctx.settings, parseBody(SettingsBody, req.body))),
  );
  router.get(
    '/requests',
    route(() => ({ requests: ctx.requestLog.list() })),
  );
  router.get(
    '/requests/counts',
    route(() => ({ counts: ctx.requestLog.counts() })),
  );
  router.get(
    '/requests/totals',
    route(() => ctx.requestLog.totals()),
  );
  router.delete(
    '/requests',
    route(() => (ctx.requestLog.clear(), { ok: true })),
  );
  // Fault: every delta and skip token issued so far answers 410 SyncStateNotFound, so the client must resync.
  router.post(
    '/delta-tokens/expire',
    route(() => {
      if (!ctx.calendar) throw Object.assign(new Error('this emulator runs without the calendar'), { status: 404 });
      ctx.calendar.expireDeltaTokens();
      return { ok: true };
    }),
  );
  router.get(
    '/clock',
    route(() => ({ now: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offset })),
  );
  router.post(
    '/clock',
    route((req) => {
      const body = parseBody(ClockBody, req.body);
      if ('offsetMs' in body) ctx.clock.setOffset(body.offsetMs);
      else ctx.clock.advance(Math.round(body.advanceSeconds * 1000));
      return { now: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offset };
    }),
  );
  return router;
}

function badPattern(error: unknown): never {
  throw Object.assign(new Error(`path is not a valid regular expression: ${(error as Error).message}`), {
    status: 400,
  });
}
