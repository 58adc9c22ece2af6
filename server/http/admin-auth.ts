/**
 * Admin API authentication. Two credentials: a Microsoft identity platform token for our API whose `roles` claim
 * holds the app role `Sync.Admin` (the console; such an admin sees and acts on their own tenant only), or
 * `Bearer <ADMIN_API_KEY>` compared in constant time (the operator's scripts and /metrics; every tenant). A valid
 * token without the role is refused with 403; no or a wrong credential with 401. Never open by default.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { TokenValidator } from '../auth';
import { AppError } from '../errors';

/** The app role an admin is assigned in Entra (Enterprise applications > Users and groups). */
export const SYNC_ADMIN_ROLE = 'Sync.Admin';

/** Who is acting through the admin API. */
export interface Admin {
  /** For the audit: the admin's UPN, or `admin key`. */
  actor: string;
  /** The admin's Entra object id; null for the key. */
  actorId: string | null;
  /** The only tenant this admin may see and act on; null: every tenant (the admin key). */
  tenantId: string | null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const JWT = /^[\w-]+\.[\w-]*\.[\w-]*$/;

export interface AdminAuthOptions {
  adminApiKey: string | undefined;
  /** Validates console tokens; without it only the key is accepted. */
  validator?: TokenValidator;
}

/** Sets `res.locals.admin`, or refuses before any admin route runs. */
export function requireAdmin(options: AdminAuthOptions): RequestHandler {
  // Hashing first gives equal-length buffers, so the comparison time does not reveal the key's length.
  const expected = options.adminApiKey ? digest(options.adminApiKey) : undefined;
  return (req, res, next) => {
    // Each admin router carries the guard; the first one that ran for this request decided.
    if (res.locals.admin !== undefined) {
      next();
      return;
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (given === undefined) {
      next(new AppError('unauthorized', 'Sign in as an admin (Sync.Admin) or send the admin key as a Bearer token.'));
      return;
    }
    if (expected !== undefined && timingSafeEqual(digest(given), expected)) {
      res.locals.admin = { actor: 'admin key', actorId: null, tenantId: null } satisfies Admin;
      next();
      return;
    }
    if (options.validator === undefined || !JWT.test(given)) {
      const why = expected === undefined ? 'ADMIN_API_KEY is not set' : 'the admin key is wrong';
      next(new AppError('unauthorized', `Not accepted: ${why}, and this is no admin sign-in token.`));
      return;
    }
    options.validator.validate(given).then((caller) => {
      if (!caller.roles.includes(SYNC_ADMIN_ROLE)) {
        next(new AppError('forbidden', `Only people with the app role ${SYNC_ADMIN_ROLE} may use the admin API.`));
        return;
      }
      const admin: Admin = {
        actor: caller.upn || caller.objectId,
        actorId: caller.objectId,
        tenantId: caller.tenantId,
      };
      res.locals.admin = admin;
      next();
    }, next);
  };
}

/** Key-only guard (kept for routes that predate console sign-in). */
export function requireAdminKey(adminApiKey: string | undefined): RequestHandler {
  return requireAdmin({ adminApiKey });
}

/** The authenticated admin; a route mounted without `requireAdmin` is a bug (500). */
export function adminOf(res: Response): Admin {
  // Cast: res.locals is untyped; requireAdmin is its only writer, and undefined is handled below.
  const admin = res.locals.admin as Admin | undefined;
  if (admin === undefined) {
    throw new AppError('internal', 'Admin route mounted without requireAdmin.', { operational: false });
  }
  return admin;
}

/** Refuses (404, as if absent) a tenant this admin may not see. */
export function assertTenant(admin: Admin, tenantId: string): void {
  if (admin.tenantId !== null && admin.tenantId !== tenantId.toLowerCase()) {
    throw new AppError('not_found', 'No such tenant.');
  }
}
