/**
 * Fuzz requests on the admin API (every operation of docs/admin-api.openapi.yaml, and /metrics): forged credentials
 * anywhere, genuine ones only on reads with hostile ids and filters, or with bodies that must be refused.
 */
import fc from 'fast-check';
import { brokenBody, hostileString, hostileValue } from './hostile';
import {
  enc,
  hostileId,
  jsonBody,
  poisoned,
  rawBody,
  withAuth,
  type FuzzMaterial,
  type FuzzRequest,
} from './request-parts';

const authModePoison = poisoned('authMode', fc.oneof(hostileString, fc.constantFrom(null, 1, ['app_only'])));
const adminSyncPoison = poisoned('mailbox', fc.oneof(fc.constantFrom(null, 1, [], {}, ''), fc.integer()));

/** Every operation of docs/admin-api.openapi.yaml, plus /metrics; {t} a tenant id, {m} a mailbox id. */
const ADMIN_ROUTES = [
  'GET /admin/tenants',
  'GET /admin/tenants/{t}',
  'GET /admin/tenants/{t}/policy',
  'PUT /admin/tenants/{t}/policy',
  'PUT /admin/tenants/{t}/auth-mode',
  'POST /admin/erp/test',
  'GET /admin/credentials',
  'GET /admin/mailboxes',
  'GET /admin/mailboxes/{m}',
  'GET /admin/mailboxes/{m}/conditions',
  'POST /admin/mailboxes/{m}/conditions/delete_guard/erp/confirm',
  'POST /admin/mailboxes/{m}/sync',
  'POST /admin/mailboxes/{m}/dry-run',
  'POST /admin/mailboxes/{m}/pause',
  'POST /admin/mailboxes/{m}/resume',
  'POST /admin/mailboxes/{m}/reset/preview',
  'POST /admin/mailboxes/{m}/reset',
  'GET /admin/runs',
  'GET /admin/audit',
  'GET /admin/audit.csv',
  'GET /admin/actions',
  'GET /admin/actions.csv',
  'POST /admin/sync',
  'GET /metrics',
] as const;
const ADMIN_READS = ADMIN_ROUTES.filter((r) => r.startsWith('GET '));
const ADMIN_MAILBOX_ACTIONS = ['sync', 'dry-run', 'pause', 'resume', 'reset/preview', 'reset'] as const;
const ADMIN_QUERY_NAMES = [
  'status',
  'tenantId',
  'mailboxId',
  'mailbox',
  'person',
  'event',
  'erpRecord',
  'action',
  'from',
  'to',
  'cursor',
  'limit',
] as const;

export function adminRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const genuine = fc.constantFrom(
    { authorization: `Bearer ${m.adminKey}` },
    { authorization: `Bearer ${m.adminBearer}` },
  );
  const tenant = fc.oneof(fc.constantFrom(...m.tenantIds), hostileId);
  const mailbox = fc.oneof(fc.constantFrom(...m.mailboxIds), hostileId);
  const fill = (line: string, t: string, mb: string) => {
    const [method = 'GET', path = '/'] = line.replace('{t}', t).replace('{m}', mb).split(' ');
    return { method, path };
  };
  const forged = fc
    .tuple(
      fc.constantFrom(...m.forgedAdmin),
      fc.constantFrom(...ADMIN_ROUTES),
      fc.constantFrom(...m.tenantIds),
      fc.constantFrom(...m.mailboxIds),
      fc.oneof(
        fc.constant({ mailbox: 'x', dryRun: false }),
        fc.constant({ authMode: 'app_only' }),
        fc.constant({}),
        hostileValue,
      ),
    )
    .map(([auth, line, t, mb, body]): FuzzRequest => ({
      category: `admin, forged: ${auth.kind}`,
      ...fill(line, t, mb),
      as: null,
      ...jsonBody(body),
      headers: { ...jsonBody(body).headers, ...withAuth(auth.header) },
    }));
  const query = fc
    .array(fc.tuple(fc.constantFrom(...ADMIN_QUERY_NAMES), hostileString), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`));
  const reads = fc
    .tuple(genuine, fc.constantFrom(...ADMIN_READS), tenant, mailbox, query)
    .map(([auth, line, t, mb, q]): FuzzRequest => {
      const { method, path } = fill(line, t, mb);
      return {
        category: 'admin, genuine: reads with hostile ids and filters',
        method,
        path: `${path}${q}`,
        headers: auth,
        as: 'admin',
      };
    });
  const refused =
    (category: string, method: string, path: string, auth: Record<string, string>) =>
    (b: Pick<FuzzRequest, 'body' | 'headers'>): FuzzRequest => ({
      category: `admin, genuine: ${category}, refused body`,
      method,
      path,
      as: 'admin',
      ...b,
      headers: { ...b.headers, ...auth },
    });
  const refusedWrites = fc.oneof(
    fc
      .tuple(genuine, tenant, fc.oneof(brokenBody.map(rawBody), authModePoison.map(jsonBody)))
      .map(([auth, t, b]) => refused('auth mode', 'PUT', `/admin/tenants/${t}/auth-mode`, auth)(b)),
    fc
      .tuple(genuine, fc.constantFrom(...m.tenantIds), brokenBody.map(rawBody))
      .map(([auth, t, b]) => refused('policy', 'PUT', `/admin/tenants/${t}/policy`, auth)(b)),
    fc
      .tuple(genuine, hostileId, hostileValue.map(jsonBody))
      .map(([auth, t, b]) => refused('policy of no tenant', 'PUT', `/admin/tenants/${t}/policy`, auth)(b)),
    fc
      .tuple(genuine, fc.oneof(brokenBody.map(rawBody), adminSyncPoison.map(jsonBody)))
      .map(([auth, b]) => refused('sync', 'POST', '/admin/sync', auth)(b)),
    fc
      .tuple(genuine, hostileId, fc.constantFrom(...ADMIN_MAILBOX_ACTIONS), hostileValue.map(jsonBody))
      .map(([auth, mb, action, b]) =>
        refused('action on no mailbox', 'POST', `/admin/mailboxes/${mb}/${action}`, auth)(b),
      ),
    fc
      .tuple(genuine, fc.constantFrom(...m.mailboxIds), fc.oneof(brokenBody.map(rawBody), hostileValue.map(jsonBody)))
      .map(([auth, mb, b]) =>
        refused('reset without a confirm token', 'POST', `/admin/mailboxes/${mb}/reset`, auth)(b),
      ),
    fc
      .tuple(genuine, fc.constantFrom(...m.mailboxIds), hostileId, hostileId)
      .map(([auth, mb, side, decision]) =>
        refused(
          'guard decision',
          'POST',
          `/admin/mailboxes/${mb}/conditions/delete_guard/${enc(side)}/${enc(decision)}`,
          auth,
        )(jsonBody({})),
      ),
  );
  return fc.oneof(
    { weight: 3, arbitrary: forged },
    { weight: 2, arbitrary: reads },
    { weight: 2, arbitrary: refusedWrites },
  );
}
