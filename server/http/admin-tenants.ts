/**
 * Admin API for tenants: list and read them with their policy (as stored, as in effect, and what of the stored
 * one is ignored), replace the policy (validated by the engine's StoredPolicySchema, so what is stored always
 * parses), switch delegated / app-only, and test the ERP connection. Mount at /admin behind requireAdmin.
 * A policy change that changes what is in effect has every connected mailbox of the tenant read in full (a sweep):
 * Graph's delta reports only changed events, so events the new policy covers would otherwise wait for the sweep.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { setTenantAuthMode, type GraphTokenProvider } from '../auth';
import { readPolicy, StoredPolicySchema } from '../engine';
import type { ErpPort } from '../erp';
import { AppError } from '../errors';
import type { StoreRepositories, Tenant } from '../store';
import { adminOf, assertTenant } from './admin-auth';
import { audited, parse, TenantIdParam } from './admin-common';

export interface AdminTenantsDeps {
  /** requireAdmin(...) */
  guard: RequestHandler;
  store: Pick<StoreRepositories, 'tenants' | 'mailboxes' | 'adminActions'>;
  tokens: Pick<GraphTokenProvider, 'forApp'>;
  /** Queues a full read (a sweep) of the mailbox. */
  rereadMailbox(mailboxId: string, reason: string): Promise<void>;
}

export interface AdminErpDeps {
  guard: RequestHandler;
  store: Pick<StoreRepositories, 'adminActions'>;
  erp: Pick<ErpPort, 'checkConnection' | 'kind'>;
  clock: { now(): Date };
}

const AuthModeBody = z.object({ authMode: z.enum(['delegated', 'app_only']) }).strict();

function policyView(tenant: Tenant) {
  const { policy, ignored } = readPolicy(tenant.policy);
  return { stored: tenant.policy, effective: policy, ignored };
}

function tenantView(tenant: Tenant, mailboxes: number) {
  const { id, name, authMode, createdAt, updatedAt } = tenant;
  return { id, name, authMode, mailboxes, policy: policyView(tenant), createdAt, updatedAt };
}

export function adminTenantsRouter(deps: AdminTenantsDeps): Router {
  const router = Router();
  router.use(deps.guard);
  const { store } = deps;

  async function tenantFor(res: Parameters<typeof adminOf>[0], raw: unknown): Promise<Tenant> {
    const tenantId = parse(TenantIdParam, raw, 'query');
    assertTenant(adminOf(res), tenantId);
    const tenant = await store.tenants.get(tenantId);
    if (tenant === undefined)
      throw new AppError('not_found', `No tenant ${tenantId}: it appears once someone connects.`);
    return tenant;
  }

  router.get('/tenants', async (_req, res) => {
    const admin = adminOf(res);
    const tenants = (await store.tenants.list()).filter((t) => admin.tenantId === null || t.id === admin.tenantId);
    const views = [];
    for (const t of tenants) views.push(tenantView(t, (await store.mailboxes.list({ tenantId: t.id })).length));
    res.json({ tenants: views });
  });

  router.get('/tenants/:tenantId', async (req, res) => {
    const tenant = await tenantFor(res, req.params.tenantId);
    res.json(tenantView(tenant, (await store.mailboxes.list({ tenantId: tenant.id })).length));
  });

  router.get('/tenants/:tenantId/policy', async (req, res) => {
    res.json(policyView(await tenantFor(res, req.params.tenantId)));
  });

  router.put('/tenants/:tenantId/policy', async (req, res) => {
    const tenant = await tenantFor(res, req.params.tenantId);
    const updated = await audited(
      store,
      req,
      res,
      'tenant.policy.update',
      { tenantId: tenant.id },
      async () => {
        const policy = parse(StoredPolicySchema, req.body, 'body');
        const { id, name, authMode, erpSettingsRef } = tenant;
        return store.tenants.upsert({ id, name, authMode, erpSettingsRef, policy });
      },
      () => ({ before: tenant.policy }),
    );
    const changed =
      JSON.stringify(readPolicy(tenant.policy).policy) !== JSON.stringify(readPolicy(updated.policy).policy);
    if (changed) {
      for (const mailbox of await store.mailboxes.list({ tenantId: tenant.id, status: 'connected' }))
        await deps.rereadMailbox(mailbox.id, 'tenant policy changed');
    }
    res.json(policyView(updated));
  });

  // A tenant may be switched before anyone of it connected (app-only needs no person): it is created then.
  router.put('/tenants/:tenantId/auth-mode', async (req, res) => {
    const tenantId = parse(TenantIdParam, req.params.tenantId, 'query');
    assertTenant(adminOf(res), tenantId);
    const updated = await audited(store, req, res, 'tenant.auth_mode.update', { tenantId }, async () => {
      const { authMode } = parse(AuthModeBody, req.body, 'body');
      return setTenantAuthMode({ store, tokens: deps.tokens }, tenantId, authMode);
    });
    res.json({ tenantId: updated.id, authMode: updated.authMode });
  });

  return router;
}

/** `POST /erp/test`: proves the ERP URL, credentials and the integration user's rights; audited. */
export function adminErpRouter(deps: AdminErpDeps): Router {
  const router = Router();
  router.use('/erp', deps.guard);
  const { store } = deps;
  router.post('/erp/test', async (req, res) => {
    const started = deps.clock.now().getTime();
    const result = await audited(
      store,
      req,
      res,
      'erp.test',
      {},
      async () => {
        try {
          const answer = await deps.erp.checkConnection();
          return { ok: true as const, ...answer, warnings: answer.warnings ?? [] };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // Cast: ErpError's kind, read as unknown and checked below.
          const kind = (error as { kind?: unknown }).kind;
          return { ok: false as const, error: { kind: typeof kind === 'string' ? kind : 'unknown', message } };
        }
      },
      (r) => r,
    );
    res.json({ erp: deps.erp.kind, ...result, elapsedMs: deps.clock.now().getTime() - started });
  });
  return router;
}
