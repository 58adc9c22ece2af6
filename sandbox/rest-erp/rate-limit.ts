/**
 * A fixed-window rate limit per credential, adjustable at run time through the control API, that sets the
 * contract's RateLimit-* headers on every answer and refuses with 429 + Retry-After past the limit.
 */
import type { NextFunction, Response } from 'express';
import type { RawBodyRequest } from './auth';
import { ProblemError } from './problems';

export interface RateLimitSettings {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { limit: 10_000, windowSeconds: 60 };

export class RateLimiter {
  private settings: RateLimitSettings = { ...DEFAULT_RATE_LIMIT };
  private readonly windows = new Map<string, { start: number; count: number }>();

  configure(settings: RateLimitSettings): void {
    this.settings = { ...settings };
    this.windows.clear();
  }

  reset(): void {
    this.configure(DEFAULT_RATE_LIMIT);
  }

  middleware() {
    return (req: RawBodyRequest, res: Response, next: NextFunction): void => {
      const now = Date.now();
      const key = req.principal ?? 'anonymous';
      const windowMs = this.settings.windowSeconds * 1000;
      let window = this.windows.get(key);
      if (!window || now - window.start >= windowMs) {
        window = { start: now, count: 0 };
        this.windows.set(key, window);
      }
      window.count += 1;
      const reset = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
      res.setHeader('RateLimit-Limit', String(this.settings.limit));
      res.setHeader('RateLimit-Remaining', String(Math.max(0, this.settings.limit - window.count)));
      res.setHeader('RateLimit-Reset', String(reset));
      if (window.count > this.settings.limit) {
        const detail = `More than ${this.settings.limit} requests in ${this.settings.windowSeconds} s.`;
        return next(
          new ProblemError(429, 'rate-limited', 'Too many requests', detail, {
            headers: { 'Retry-After': String(reset) },
          }),
        );
      }
      next();
    };
  }
}
