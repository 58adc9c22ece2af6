/**
 * `GET /admin/credentials`: the credentials the sync depends on and when they stop working, never their values:
 * the app registration's (secret or certificate, its expiry where known) and the ERP's per tenant (kind, the
 * variable it comes from, when a sync of that tenant last got through with it). The console's expiry alert reads it.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppCredentialView } from '../auth';
import type { StoreRepositories, Tenant } from '../store';
import { adminOf } from './admin-auth';
import { parse } from './admin-common';

/** Odoo's guide advises 24-month secrets because an expired one stops sync: warn this many days before. */
export const EXPIRY_ALERT_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ErpCredentialView {
  erp: string;
  /** `api_key` (Odoo's integration user), `bearer_token` (REST contract). */
  kind: 'api_key' | 'bearer_token';
  configuredBy: string[];
}

export interface AdminCredentialsDeps {
  guard: RequestHandler;
  store: Pick<StoreRepositories, 'tenants' | 'mailboxes' | 'syncRuns'>;
  app: AppCredentialView;
  erp: ErpCredentialView;
  clock: { now(): Date };
}

const NoQuery = z.object({}).strict();

/** Days until `expiresAt` (negative once past), rounded down; null when unknown. */
export function daysLeft(expiresAt: string | null, now: Date): number | null {
  if (expiresAt === null) return null;
  return Math.floor((Date.parse(expiresAt) - now.getTime()) / DAY_MS);
}

/** When a run of the tenant's mailboxes last read the ERP with this credential (a run that was not stopped). */
async function lastSuccessfulUse(deps: AdminCredentialsDeps, tenant: Tenant): Promise<string | null> {
  const mailboxIds = (await deps.store.mailboxes.list({ tenantId: tenant.id })).map((m) => m.id);
  if (mailboxIds.length === 0) return null;
  let last: string | null = null;
  for (const status of ['succeeded', 'partial'] as const) {
    const [run] = await deps.store.syncRuns.search({ mailboxIds, status, limit: 1 });
    const at = run?.finishedAt ?? null;
    if (at !== null && (last === null || at > last)) last = at;
  }
  return last;
}

export function adminCredentialsRouter(deps: AdminCredentialsDeps): Router {
  const router = Router();
  router.get('/credentials', deps.guard, async (req, res) => {
    parse(NoQuery, req.query, 'query');
    const admin = adminOf(res);
    const now = deps.clock.now();
    const left = daysLeft(deps.app.expiresAt, now);
    const tenants = (await deps.store.tenants.list()).filter((t) => admin.tenantId === null || t.id === admin.tenantId);
    const erp = [];
    for (const tenant of tenants) {
      erp.push({
        tenantId: tenant.id,
        tenantName: tenant.name,
        ...deps.erp,
        lastSuccessfulUseAt: await lastSuccessfulUse(deps, tenant),
      });
    }
    res.json({
      alertDays: EXPIRY_ALERT_DAYS,
      app: { ...deps.app, daysLeft: left, expiresSoon: left !== null && left <= EXPIRY_ALERT_DAYS },
      erp,
    });
  });
  return router;
}
