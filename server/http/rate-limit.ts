/**
 * Per-person rate limiting of the add-in API (express-rate-limit, in memory), keyed by tenant + object id of the
 * validated caller, so one person's pane cannot starve others and shared NAT addresses are not punished.
 * Mount it after `requireCaller`. Over the limit: 429 problem with Retry-After.
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { partitionKeyOf } from '../auth';
import { AppError } from '../errors';
import { callerOf } from './auth-middleware';

export const DEFAULT_PERSON_LIMIT = { windowMs: 60_000, limit: 120 };

export function perPersonRateLimit(
  options: { windowMs: number; limit: number } = DEFAULT_PERSON_LIMIT,
): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => partitionKeyOf(callerOf(res)),
    handler: (_req, res, next) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(options.windowMs / 1000));
      res.setHeader('Retry-After', String(retryAfterSeconds));
      next(
        new AppError('throttled', 'Too many requests from your add-in; wait a moment and try again.', {
          details: { retryAfterSeconds },
        }),
      );
    },
  });
}
