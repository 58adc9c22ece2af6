/**
 * Admin API authentication: `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. With no key
 * configured the admin API refuses every call (it is never open by default).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function requireAdminKey(adminApiKey: string | undefined): RequestHandler {
  // Hashing first gives equal-length buffers, so the comparison time does not reveal the key's length.
  const expected = adminApiKey ? digest(adminApiKey) : undefined;
  return (req, _res, next) => {
    if (expected === undefined) {
      next(new AppError('unauthorized', 'The admin API is disabled: ADMIN_API_KEY is not set.'));
      return;
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      next(new AppError('unauthorized', 'The admin key is missing or wrong.'));
      return;
    }
    next();
  };
}
