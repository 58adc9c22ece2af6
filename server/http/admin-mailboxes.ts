/**
 * Admin API for accounts: `GET /admin/mailboxes` (filter by status, e.g. needs_reconnect, and tenant) and
 * `PUT /admin/tenants/:tenantId/auth-mode` (delegated or app-only). Behind the admin key; never returns tokens.
 */
import { Router } from 'express';
import { z } from 'zod';
import { setTenantAuthMode, type GraphTokenProvider } from '../auth';
import { AppError } from '../errors';
import type { Mailbox, StoreRepositories } from '../store';
import { requireAdminKey } from './admin-auth';

export interface AdminMailboxesDeps {
  store: Pick<StoreRepositories, 'tenants' | 'mailboxes'>;
  tokens: Pick<GraphTokenProvider, 'forApp'>;
  adminApiKey: string | undefined;
}

const ListQuery = z.object({
  status: z.enum(['connected', 'needs_reconnect', 'disabled']).optional(),
  tenantId: z.string().min(1).max(100).optional(),
});
const AuthModeBody = z.object({ authMode: z.enum(['delegated', 'app_only']) });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ field: i.path.join('.') || what, message: i.message }));
  throw new AppError('validation', `Invalid ${what}.`, { status: 400, details: { errors } });
}

function view(m: Mailbox) {
  return {
    id: m.id,
    tenantId: m.tenantId,
    userObjectId: m.userObjectId,
    upn: m.upn,
    email: m.email,
    status: m.status,
    statusReason: m.statusReason,
    lastSyncAt: m.lastSyncAt,
    updatedAt: m.updatedAt,
  };
}

/** Mount at /admin. */
export function adminMailboxesRouter(deps: AdminMailboxesDeps): Router {
  const router = Router();
  router.use(requireAdminKey(deps.adminApiKey));

  router.get('/mailboxes', async (req, res) => {
    const filter = parse(ListQuery, req.query, 'query');
    res.json({ mailboxes: (await deps.store.mailboxes.list(filter)).map(view) });
  });

  router.put('/tenants/:tenantId/auth-mode', async (req, res) => {
    const tenantId = String(req.params.tenantId).toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(tenantId)) {
      throw new AppError('validation', 'tenantId must be a tenant GUID.', { status: 400 });
    }
    const { authMode } = parse(AuthModeBody, req.body, 'body');
    const tenant = await setTenantAuthMode(deps, tenantId, authMode);
    res.json({ tenantId: tenant.id, authMode: tenant.authMode });
  });
  return router;
}
