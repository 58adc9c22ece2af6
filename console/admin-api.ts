// Every admin API route the console calls (docs/admin-api.openapi.yaml), in one place: paths and answer shapes.
import type { ApiClient } from './api';

export interface HeldDeletion {
  mappingId: string | null;
  key: string;
  title: string | null;
  start: string | null;
  lostOn: 'outlook' | 'erp';
  wouldDelete: { side: 'outlook' | 'erp'; id: string | null; how: 'delete' | 'archive' } | null;
}

export interface Condition {
  kind: string;
  key?: string;
  /** Plain words: why the mailbox's sync stops or is limited. */
  reason: string;
  /** Plain words: what clears it. */
  action?: string;
  effect?: 'stops' | 'limits';
  clearedBy?: 'admin' | 'person' | 'next_run';
  since?: string;
  occurrences?: number;
  details?: unknown;
  /** delete_guard only: what an answer must name. */
  version?: string;
}

export type MailboxState = 'ok' | 'attention' | 'stopped' | 'paused' | 'needs_reconnect' | 'disabled';

export interface Run {
  id: string;
  mailboxId: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  status: string;
  summary: RunSummary | null;
  error: string | null;
}

export interface Mailbox {
  id: string;
  tenantId: string;
  upn: string;
  email: string | null;
  status: string;
  statusReason: string | null;
  state?: MailboxState;
  reason?: string | null;
  conditions?: Condition[];
  lastSyncAt: string | null;
  lastRun?: Run | null;
  counts?: Record<string, number>;
  latency?: { runs: number; medianMs: number | null; p95Ms: number | null; lastMs: number | null };
}

export interface RunSummary {
  runId: string | null;
  dryRun: boolean;
  status: string;
  planned: Record<string, number>;
  applied?: { outlook: Record<string, number>; erp: Record<string, number> };
  errors: Array<{ key: string; code: string; message: string }>;
  conflicts: Array<{ key: string; reason: string }>;
  problems: Array<{ key: string; reason: string }>;
  invitations?: { outlook: number; erp: number };
  fatal: string | null;
  items?: Array<{ key: string; action: string; title: string | null; reason: string }>;
}

export type ResetExisting = 'leave' | 'deleteOutlook' | 'deleteErp' | 'deleteBoth';
export type ResetThen = 'newOnly' | 'all';

export interface ResetPreview {
  mailboxId: string;
  options: { existing: ResetExisting; then: ResetThen };
  items: Array<{
    mappingId: string;
    title: string | null;
    start: string | null;
    deletes: Array<{ side: 'outlook' | 'erp'; id: string }>;
    link: { model: string; id: string; name: string | null } | null;
  }>;
  counts: { deleteOutlook: number; deleteErp: number; forgetPairings: number; forgetLinks: number };
  then: string;
  confirmationToken: string;
  expiresAt: string;
}

export interface ResetAnswer {
  reset: { mappingsRemoved: number; deleted: { outlook: number; erp: number }; failures: unknown[] };
  syncQueued: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  person: string | null;
  mailboxId: string;
  mappingId: string | null;
  side: string;
  action: string;
  fields: string[];
  before: unknown;
  after: unknown;
  rule: string | null;
}

export interface AdminAction {
  id: number;
  at: string;
  actor: string;
  action: string;
  tenantId: string | null;
  mailboxId: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  details: unknown;
}

export interface PolicyView {
  stored: Record<string, unknown>;
  effective: Record<string, unknown>;
  ignored: string[];
}

/** How the sync reaches the tenant's calendars: each person's own consent, or the app's application permission. */
export type AuthMode = 'delegated' | 'app_only';

export interface Tenant {
  id: string;
  name?: string;
  authMode?: AuthMode;
  mailboxes?: number;
  policy?: PolicyView;
  createdAt?: string;
  updatedAt?: string;
}

export interface AuditQuery {
  person?: string;
  event?: string;
  erpRecord?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** listMailboxes' filters (GET /admin/mailboxes); each narrows the list on the server. */
export interface MailboxQuery {
  status?: string;
  tenantId?: string;
  condition?: string;
  state?: string;
}

/** listRuns' filters (GET /admin/runs). */
export interface RunQuery {
  mailboxId?: string;
  status?: string;
  trigger?: string;
  from?: string;
  to?: string;
}

/** searchActions' and exportActions' filters (GET /admin/actions, /admin/actions.csv). */
export interface ActionQuery {
  actor?: string;
  action?: string;
  mailboxId?: string;
  from?: string;
  to?: string;
}

/** The app registration's client credential (GET /admin/credentials): never its value. */
export interface AppCredential {
  kind: 'secret' | 'certificate';
  /** Null when unknown (a secret whose expiry was not configured). */
  expiresAt: string | null;
  daysLeft: number | null;
  expiresSoon: boolean;
  thumbprintSha256?: string;
  subject?: string;
  configuredBy: string[];
}

export interface ErpCredential {
  tenantId: string;
  tenantName: string;
  erp: string;
  kind: 'api_key' | 'bearer_token';
  configuredBy: string[];
  lastSuccessfulUseAt: string | null;
}

export interface Credentials {
  /** Days before an expiry from which the console warns. */
  alertDays: number;
  app: AppCredential;
  erp: ErpCredential[];
}

export interface ErpTestResult {
  erp: string;
  ok: boolean;
  version?: string;
  protocol?: string;
  warnings?: string[];
  error?: { kind: string; message: string };
  elapsedMs: number;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

const enc = encodeURIComponent;
export const PAGE_SIZE = 25;

export function queryString(query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const mailboxPath = (mailbox: Mailbox, action: string) => `/admin/mailboxes/${enc(mailbox.id)}/${action}`;

export function adminApi(client: ApiClient) {
  const { json } = client;
  return {
    mailboxes: async (query: MailboxQuery = {}) =>
      (await json<{ mailboxes: Mailbox[] }>('GET', `/admin/mailboxes${queryString({ ...query })}`)).mailboxes,
    tenants: async () => (await json<{ tenants: Tenant[] }>('GET', '/admin/tenants')).tenants,
    tenant: (tenantId: string) => json<Tenant>('GET', `/admin/tenants/${enc(tenantId)}`),
    setAuthMode: (tenantId: string, authMode: AuthMode) =>
      json<{ tenantId: string; authMode: AuthMode }>('PUT', `/admin/tenants/${enc(tenantId)}/auth-mode`, { authMode }),
    syncNow: (mailbox: Mailbox) => json<RunSummary>('POST', mailboxPath(mailbox, 'sync'), {}),
    dryRun: (mailbox: Mailbox) => json<RunSummary>('POST', mailboxPath(mailbox, 'dry-run'), {}),
    pause: (mailbox: Mailbox) =>
      json<Mailbox>('POST', mailboxPath(mailbox, 'pause'), { reason: 'Paused in the admin console.' }),
    resume: (mailbox: Mailbox) => json<Mailbox>('POST', mailboxPath(mailbox, 'resume'), {}),
    resetPreview: (mailbox: Mailbox, existing: ResetExisting, then: ResetThen) =>
      json<ResetPreview>('POST', mailboxPath(mailbox, 'reset/preview'), { existing, then }),
    reset: (mailbox: Mailbox, preview: ResetPreview) =>
      json<ResetAnswer>('POST', mailboxPath(mailbox, 'reset'), {
        existing: preview.options.existing,
        then: preview.options.then,
        confirmationToken: preview.confirmationToken,
      }),
    answerGuard: (mailbox: Mailbox, side: string, decision: 'confirm' | 'reject', version: string) =>
      json<unknown>('POST', mailboxPath(mailbox, `conditions/delete_guard/${enc(side)}/${decision}`), { version }),
    policy: (tenantId: string) => json<PolicyView>('GET', `/admin/tenants/${enc(tenantId)}/policy`),
    savePolicy: (tenantId: string, policy: Record<string, unknown>) =>
      json<PolicyView>('PUT', `/admin/tenants/${enc(tenantId)}/policy`, policy),
    testErp: () => json<ErpTestResult>('POST', '/admin/erp/test', {}),
    runs: async (query: RunQuery, cursor?: string | null): Promise<Page<Run>> => {
      const answer = await json<{ runs: Run[]; next: string | null }>(
        'GET',
        `/admin/runs${queryString({ ...query, cursor, limit: PAGE_SIZE })}`,
      );
      return { items: answer.runs, next: answer.next };
    },
    audit: async (query: AuditQuery, before?: string | null): Promise<Page<AuditEntry>> => {
      const answer = await json<{ entries: AuditEntry[]; next: number | null }>(
        'GET',
        `/admin/audit${queryString({ ...query, before, limit: PAGE_SIZE })}`,
      );
      return { items: answer.entries, next: answer.next === null ? null : String(answer.next) };
    },
    auditCsv: (query: AuditQuery) =>
      client.download(`/admin/audit.csv${queryString({ ...query })}`, 'audit.csv', 'text/csv'),
    actions: async (query: ActionQuery, before?: string | null): Promise<Page<AdminAction>> => {
      const answer = await json<{ actions: AdminAction[]; next: number | null }>(
        'GET',
        `/admin/actions${queryString({ ...query, before, limit: PAGE_SIZE })}`,
      );
      return { items: answer.actions, next: answer.next === null ? null : String(answer.next) };
    },
    actionsCsv: (query: ActionQuery) =>
      client.download(`/admin/actions.csv${queryString({ ...query })}`, 'admin-actions.csv', 'text/csv'),
    credentials: () => json<Credentials>('GET', '/admin/credentials'),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
