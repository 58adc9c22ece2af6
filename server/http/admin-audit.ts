/**
 * Admin API, history: the sync audit log (every write the engine made or decided) searchable by person, event,
 * ERP record, action and time, and the admin actions log (who did what through this API), both newest first,
 * keyset-paged (`before` = the last id of the previous page), and exported as CSV with the same filters.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AdminAction, AuditEntry, Mailbox, StoreRepositories } from '../store';
import { adminOf } from './admin-auth';
import { GUID, parse } from './admin-common';
import { toCsv } from './csv';

export interface AdminAuditDeps {
  guard: RequestHandler;
  store: Pick<StoreRepositories, 'mailboxes' | 'mappings' | 'audit' | 'adminActions'>;
}

const instant = z.iso.datetime({ offset: true });
const text = z.string().trim().min(1).max(200);
const Paging = {
  from: instant.optional(),
  to: instant.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
};
const AuditQuery = z
  .object({
    /** UPN, e-mail or mailbox id. */
    person: text.optional(),
    /** Our mapping id, the Outlook event id, or text of the event as recorded (title). */
    event: text.optional(),
    /** The ERP record's id. */
    erpRecord: text.optional(),
    action: text.optional(),
    ...Paging,
  })
  .strict();
const ActionsQuery = z
  .object({
    actor: text.optional(),
    action: text.optional(),
    mailboxId: z.string().regex(GUID, 'must be a mailbox id').optional(),
    ...Paging,
  })
  .strict();

/** Rows a CSV export holds at most. */
const CSV_MAX_ROWS = 10_000;

async function visibleMailboxes(deps: AdminAuditDeps, res: Response): Promise<Mailbox[]> {
  const admin = adminOf(res);
  return deps.store.mailboxes.list(admin.tenantId === null ? {} : { tenantId: admin.tenantId });
}

function personMatches(mailbox: Mailbox, person: string): boolean {
  const wanted = person.toLowerCase();
  return mailbox.id === person || mailbox.upn.toLowerCase() === wanted || mailbox.email.toLowerCase() === wanted;
}

/** Mapping ids an `event` or `erpRecord` names in the mailboxes searched (those still paired). */
async function mappingIdsOf(deps: AdminAuditDeps, mailboxes: readonly Mailbox[], event?: string, erp?: string) {
  const ids: string[] = [];
  for (const mailbox of mailboxes) {
    for (const m of await deps.store.mappings.listByMailbox(mailbox.id)) {
      if (event !== undefined && (m.id === event || m.outlookId === event)) ids.push(m.id);
      if (erp !== undefined && m.erpId === erp) ids.push(m.id);
    }
  }
  return ids;
}

type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * The mappings an event or ERP record names: those paired now, and those a reset or rejection forgot (their entries
 * recorded the ids), so the history from before a reset is still found.
 */
async function matchOf(deps: AdminAuditDeps, mailboxes: readonly Mailbox[], query: AuditQuery, texts: string[]) {
  const current = await mappingIdsOf(deps, mailboxes, query.event, query.erpRecord);
  const forgotten = await deps.store.audit.search({
    mailboxIds: mailboxes.map((m) => m.id),
    match: { mappingIds: [], texts },
    limit: 1000,
  });
  const ids = new Set([...current, ...forgotten.map((e) => e.mappingId).filter((id): id is string => id !== null)]);
  return { mappingIds: [...ids], texts };
}

async function searchAudit(deps: AdminAuditDeps, res: Response, query: AuditQuery, limit: number) {
  let mailboxes = await visibleMailboxes(deps, res);
  const person = query.person;
  if (person !== undefined) mailboxes = mailboxes.filter((m) => personMatches(m, person));
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const named = query.event !== undefined || query.erpRecord !== undefined;
  // Titles and Outlook ids are recorded in entries as they are; ERP ids only as `erpId` (resets, rejections).
  const texts = [
    ...(query.event !== undefined ? [JSON.stringify(query.event).slice(1, -1)] : []),
    ...(query.erpRecord !== undefined ? [`"erpId":${JSON.stringify(query.erpRecord)}`] : []),
  ];
  const match = named ? await matchOf(deps, mailboxes, query, texts) : undefined;
  const entries = await deps.store.audit.search({
    mailboxIds: [...byId.keys()],
    ...(match ? { match } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.before ? { before: query.before } : {}),
    limit,
  });
  return entries.map((e) => ({ ...e, person: byId.get(e.mailboxId)?.upn ?? null }));
}

const AUDIT_COLUMNS = [
  'id',
  'at',
  'person',
  'mailboxId',
  'mappingId',
  'runId',
  'side',
  'action',
  'fields',
  'rule',
  'before',
  'after',
  'workerId',
];
const ACTION_COLUMNS = [
  'id',
  'at',
  'actor',
  'actorId',
  'action',
  'outcome',
  'tenantId',
  'mailboxId',
  'requestId',
  'details',
];

function sendCsv(res: Response, name: string, columns: string[], rows: readonly object[]) {
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.type('text/csv; charset=utf-8').send(toCsv(columns, rows));
}

function page<T extends { id: number }>(items: readonly T[], limit: number) {
  return { next: items.length === limit ? (items.at(-1)?.id ?? null) : null };
}

export function adminAuditRouter(deps: AdminAuditDeps): Router {
  const router = Router();
  router.use(deps.guard);

  router.get('/audit', async (req, res) => {
    const query = parse(AuditQuery, req.query, 'query');
    const limit = query.limit ?? 100;
    const entries = await searchAudit(deps, res, query, limit);
    res.json({ entries, ...page(entries, limit) });
  });

  router.get('/audit.csv', async (req, res) => {
    const query = parse(AuditQuery, req.query, 'query');
    const rows: Array<AuditEntry & { person: string | null }> = [];
    let before = query.before;
    while (rows.length < CSV_MAX_ROWS) {
      const batch = await searchAudit(deps, res, { ...query, ...(before ? { before } : {}) }, 1000);
      rows.push(...batch);
      if (batch.length < 1000) break;
      before = batch.at(-1)?.id;
    }
    sendCsv(res, 'audit.csv', AUDIT_COLUMNS, rows.slice(0, CSV_MAX_ROWS));
  });

  async function searchActions(res: Response, query: z.infer<typeof ActionsQuery>, limit: number) {
    const admin = adminOf(res);
    return deps.store.adminActions.search({
      ...(admin.tenantId ? { tenantId: admin.tenantId } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.mailboxId ? { mailboxId: query.mailboxId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.before ? { before: query.before } : {}),
      limit,
    });
  }

  router.get('/actions', async (req, res) => {
    const query = parse(ActionsQuery, req.query, 'query');
    const limit = query.limit ?? 100;
    const actions = await searchActions(res, query, limit);
    res.json({ actions, ...page(actions, limit) });
  });

  router.get('/actions.csv', async (req, res) => {
    const query = parse(ActionsQuery, req.query, 'query');
    const rows: AdminAction[] = [];
    let before = query.before;
    while (rows.length < CSV_MAX_ROWS) {
      const batch = await searchActions(res, { ...query, ...(before ? { before } : {}) }, 1000);
      rows.push(...batch);
      if (batch.length < 1000) break;
      before = batch.at(-1)?.id;
    }
    sendCsv(res, 'admin-actions.csv', ACTION_COLUMNS, rows.slice(0, CSV_MAX_ROWS));
  });

  return router;
}
