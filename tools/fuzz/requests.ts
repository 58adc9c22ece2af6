/**
 * The fuzz run's requests, generated with fast-check from a seed. Each is built so that it must change nothing:
 * forged or foreign credentials on any route; a person's or the admin's own credentials only on reads, on ids
 * that are not theirs, or with a body the route must refuse (broken, or poisoned with a field of the wrong type
 * next to prototype-pollution keys). Anything stored that changes is therefore a finding.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { brokenBody, hostileString, hostileValue, type RawBody } from './hostile';
import type { ForgedAuthorization } from './tokens';

export interface FuzzRequest {
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent as raw bytes over TLS instead (malformed HTTP). */
  raw?: string;
  /** Whose genuine credentials it carries: a person's index, 'admin', or none (forged, foreign, absent). */
  as: number | 'admin' | null;
}

/** What the generator may use: people's genuine tokens and ids, forged credentials, the webhook secrets. */
export interface FuzzMaterial {
  people: Array<{ token: string; eventIds: string[] }>;
  forgedAddin: ForgedAuthorization[];
  forgedAdmin: ForgedAuthorization[];
  adminKey: string;
  /** A Contoso admin's genuine bearer token (app role Sync.Admin). */
  adminBearer: string;
  /** Mailbox ids the backend knows. */
  mailboxIds: string[];
  erpWebhookSecret: string;
  /** Subscription ids the backend knows (clientState unknown to the fuzzer, as to any attacker). */
  subscriptionIds: string[];
  tenantIds: string[];
}

/** Percent-encodes every byte outside the unreserved set (a lone surrogate goes as U+FFFD, as any client sends it). */
const enc = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
const jsonBody = (value: unknown): Pick<FuzzRequest, 'body' | 'headers'> => ({
  body: Buffer.from(JSON.stringify(value) ?? 'null'),
  headers: { 'content-type': 'application/json' },
});
const rawBody = (body: RawBody): Pick<FuzzRequest, 'body' | 'headers'> => ({
  body: body.bytes,
  headers: {
    ...(body.contentType ? { 'content-type': body.contentType } : {}),
    ...(body.contentEncoding ? { 'content-encoding': body.contentEncoding } : {}),
  },
});
const withAuth = (header: string | undefined): Record<string, string> =>
  header === undefined ? {} : { authorization: header };

/** A hostile id for a path segment: URL-encoded, or raw traversal. */
const hostileId: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => enc(s.slice(0, 600)) || 'x') },
  { weight: 1, arbitrary: fc.constantFrom('..', '../..', '..%2f..%2fadmin%2fmailboxes', '%00', '.', '%2e%2e') },
  { weight: 1, arbitrary: fc.base64String({ minLength: 16, maxLength: 200 }).map(enc) },
);

/** An object body that fails its route's schema: one field has a wrong type, pollution keys ride along. */
function poisoned(field: string, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(wrong, hostileValue).map(([value, extra]) => {
    const base = extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? extra : {};
    return JSON.parse(JSON.stringify({ ...(base as object), [field]: value })) as unknown;
  });
}
const notBoolean = fc.oneof(hostileString, fc.constantFrom(null, 0, 1, 'true', [], {}, [true]));
const trackingPoison = poisoned('track', notBoolean);
const conflictsPoison = poisoned(
  'choices',
  fc.oneof(
    fc.constantFrom(null, 'outlook', [], 1, [['title', 'outlook']]),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), hostileString, { minKeys: 1, maxKeys: 3 }),
  ),
);
const authModePoison = poisoned('authMode', fc.oneof(hostileString, fc.constantFrom(null, 1, ['app_only'])));
const adminSyncPoison = poisoned('mailbox', fc.oneof(fc.constantFrom(null, 1, [], {}, ''), fc.integer()));

/** A forged or foreign credential on any add-in route, with any body. */
function forgedAddinRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const person = fc.integer({ min: 0, max: m.people.length - 1 });
  const route = fc.oneof(
    fc.constantFrom('GET /api/me', 'POST /api/connect', 'POST /api/me/first-run-done', 'GET /api/erp/records?q=%25%25'),
    person.chain((p) =>
      fc
        .tuple(
          fc.constantFrom(...(m.people[p]?.eventIds ?? ['x'])),
          fc.constantFrom('GET', 'PUT /tracking', 'POST /sync', 'POST /conflicts', 'GET /history'),
        )
        .map(([id, what]) => {
          const [method, suffix = ''] = what.split(' ');
          return `${method} /api/events/${enc(id)}${suffix}`;
        }),
    ),
  );
  const body = fc.option(
    fc.oneof(brokenBody.map(rawBody), fc.constantFrom({ track: true }, { choices: {} }).map(jsonBody)),
  );
  return fc.tuple(fc.constantFrom(...m.forgedAddin), route, body).map(([auth, line, b]) => {
    const [method = 'GET', path = '/'] = line.split(' ');
    return {
      category: `add-in, forged: ${auth.kind}`,
      method,
      path,
      headers: { ...(b?.headers ?? {}), ...withAuth(auth.header) },
      ...(b?.body ? { body: b.body } : {}),
      as: null,
    };
  });
}

/** A person's genuine token: reads with hostile parameters, another person's ids, or bodies that must be refused. */
function genuineAddinRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const people = m.people.length;
  return fc
    .tuple(fc.integer({ min: 0, max: people - 1 }), fc.integer({ min: 1, max: Math.max(1, people - 1) }))
    .chain(([p, shift]) => {
      const me = m.people[p]!;
      const other = m.people[(p + shift) % people]!;
      const auth = { authorization: `Bearer ${me.token}` };
      const ownId = fc.constantFrom(...me.eventIds).map(enc);
      const otherId = fc.constantFrom(...other.eventIds).map(enc);
      const make = (category: string, method: string, path: string, extra: Partial<FuzzRequest> = {}) => ({
        category: `add-in, genuine: ${category}`,
        method,
        path,
        as: p,
        ...extra,
        headers: { ...(extra.headers ?? {}), ...auth },
      });
      return fc.oneof(
        fc
          .tuple(hostileString, fc.oneof(hostileString, fc.constantFrom('1', '20', '-1', '1e3', '0x10')))
          .map(([q, limit]) => make('records search', 'GET', `/api/erp/records?q=${enc(q)}&limit=${enc(limit)}`)),
        fc
          .tuple(fc.oneof(ownId, otherId, hostileId), fc.constantFrom('', '/history'))
          .map(([id, suffix]) => make('event read', 'GET', `/api/events/${id}${suffix}`)),
        fc
          .tuple(fc.oneof(otherId, hostileId), fc.constantFrom('PUT /tracking', 'POST /sync', 'POST /conflicts'))
          .chain(([id, what]) =>
            fc
              .oneof(brokenBody.map(rawBody), trackingPoison.map(jsonBody), fc.constant(jsonBody({ track: true })))
              .map((b) => {
                const [method = 'POST', suffix] = what.split(' ');
                return make("another person's or no event", method, `/api/events/${id}${suffix}`, b);
              }),
          ),
        fc
          .tuple(ownId, fc.oneof(brokenBody.map(rawBody), trackingPoison.map(jsonBody)))
          .map(([id, b]) => make('tracking, refused body', 'PUT', `/api/events/${id}/tracking`, b)),
        fc
          .tuple(ownId, fc.oneof(brokenBody.map(rawBody), conflictsPoison.map(jsonBody)))
          .map(([id, b]) => make('conflicts, refused body', 'POST', `/api/events/${id}/conflicts`, b)),
        fc
          .tuple(
            fc.constantFrom('DELETE', 'PATCH', 'PUT', 'TRACE', 'PROPFIND'),
            fc.constantFrom('/api/me', '/api/connect', '/api/erp/records'),
          )
          .map(([method, path]) => make('unsupported method', method, path)),
      );
    });
}

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

function adminRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
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

function graphWebhookRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const notification = fc.record({
    subscriptionId: fc.oneof(fc.constantFrom(...m.subscriptionIds), hostileString),
    clientState: fc.oneof(hostileString, fc.constant(undefined)),
    changeType: fc.oneof(fc.constantFrom('created', 'updated', 'deleted'), hostileString),
    lifecycleEvent: fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('missed', 'subscriptionRemoved', 'reauthorizationRequired'),
    ),
    resource: hostileString,
    resourceData: hostileValue,
  });
  const body = fc.oneof(
    fc.array(notification, { maxLength: 5 }).map((value) => jsonBody({ value })),
    fc
      .integer({ min: 1_001, max: 3_000 })
      .map((n) => jsonBody({ value: Array.from({ length: n }, () => ({ subscriptionId: 'x' })) })),
    hostileValue.map(jsonBody),
    brokenBody.map(rawBody),
  );
  return fc
    .tuple(fc.constantFrom('/webhooks/graph', '/webhooks/graph/lifecycle'), body)
    .map(([path, b]) => ({ category: 'graph webhook, forged', method: 'POST', path, as: null, ...b }));
}

function erpWebhookRequest(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (body: Buffer, t: number, nonce: string) =>
    `t=${t},n=${nonce},v1=${createHmac('sha256', m.erpWebhookSecret).update(`${t}.${nonce}.`).update(body).digest('hex')}`;
  const shaped = fc.record({
    type: fc.oneof(fc.constant('appointments.changed'), hostileString),
    ownerId: fc.oneof(hostileString, fc.constant(1)),
    occurredAt: hostileValue,
  });
  const body = fc.oneof(shaped.map(jsonBody), hostileValue.map(jsonBody), brokenBody.map(rawBody));
  const signature = fc.oneof(
    fc.constant<(b: Buffer) => string | undefined>(() => undefined),
    // A header value can only carry visible ASCII: the rest of a hostile string becomes '?'.
    hostileString.map((s) => () => [...s].map((c) => (c >= ' ' && c <= '~' ? c : '?')).join('')),
    fc.constant((b: Buffer) => sign(b, now() - 3_600, 'stale-nonce-0000000000')),
    fc.constant((b: Buffer) => sign(Buffer.concat([b, Buffer.from(' ')]), now(), 'other-body-nonce-00000')),
    fc.constant(() => `t=${now()},v1=${'0'.repeat(64)}`),
  );
  // Correctly signed, but the body must be refused: the ERP's own bug, or a stolen secret with no valid body.
  const signedRefused = fc
    .tuple(fc.oneof(brokenBody.map(rawBody), poisoned('type', hostileString).map(jsonBody)), fc.uuid())
    .map(([b, nonce]): FuzzRequest => ({
      category: 'erp webhook, signed, refused body',
      method: 'POST',
      path: '/webhooks/erp',
      as: null,
      ...b,
      headers: { ...b.headers, 'erp-signature': sign(b.body ?? Buffer.alloc(0), now(), nonce) },
    }));
  const forged = fc.tuple(body, signature).map(([b, sig]): FuzzRequest => {
    const header = sig(b.body ?? Buffer.alloc(0));
    return {
      category: 'erp webhook, forged',
      method: 'POST',
      path: '/webhooks/erp',
      as: null,
      ...b,
      headers: { ...b.headers, ...(header === undefined ? {} : { 'erp-signature': header }) },
    };
  });
  return fc.oneof({ weight: 3, arbitrary: forged }, { weight: 1, arbitrary: signedRefused });
}

/** Anything else: unknown routes, traversal under the static pane, odd methods, malformed HTTP on the wire. */
function strayRequest(): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(
      '/addin/../../package.json',
      '/addin/..%2f..%2fpackage.json',
      '/addin/%2e%2e/%2e%2e/.env',
      '/addin/taskpane.html%00.js',
      '/api/../admin/mailboxes',
      '//admin//mailboxes',
      '/admin/mailboxes/../../metrics',
      '/.git/config',
      '/dist/server/main.js',
      '/webhooks/erp/../../admin/sync',
      '/readyz?x=<script>',
    ),
    hostileId.map((id) => `/${id}`),
    hostileId.map((id) => `/addin/${id}`),
    hostileId.map((id) => `/api/${id}`),
  );
  const wire = fc.constantFrom(
    'GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    'POST /webhooks/erp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    `GET /api/me HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(70_000)}\r\n\r\n`,
    'GET /api/me HTTP/9.9\r\n\r\n',
    'G\u0000T /api/me HTTP/1.1\r\n\r\n',
    'GET /api/me\r\n\r\n',
  );
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PUT'), path)
        .map(([method, p]) => ({ category: 'stray route', method, path: p, headers: {}, as: null })),
    },
    {
      weight: 1,
      arbitrary: wire.map((raw) => ({
        category: 'malformed HTTP',
        method: 'RAW',
        path: '',
        headers: {},
        raw,
        as: null,
      })),
    },
  );
}

/** The whole mix, weighted toward the add-in API and the webhooks. */
export function fuzzRequests(m: FuzzMaterial): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 5, arbitrary: forgedAddinRequest(m) },
    { weight: 6, arbitrary: genuineAddinRequest(m) },
    { weight: 3, arbitrary: adminRequest(m) },
    { weight: 3, arbitrary: graphWebhookRequest(m) },
    { weight: 3, arbitrary: erpWebhookRequest(m) },
    { weight: 2, arbitrary: strayRequest() },
  );
}
