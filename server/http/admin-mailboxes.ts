/**
 * Admin API, reading: mailboxes with their state in plain words (conditions first: never a silent stop), last sync,
 * event counts and run latency; one mailbox; runs across mailboxes, keyset-paged. Never returns tokens. Actions on
 * a mailbox live in admin-mailbox-actions.ts. Mount at /admin.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { heldVersion } from '../engine';
import { AppError } from '../errors';
import {
  MAILBOX_CONDITION_KINDS,
  type HeldDeletions,
  type Mailbox,
  type MailboxCondition,
  type StoreRepositories,
  type SyncRun,
} from '../store';
import { adminOf } from './admin-auth';
import { GUID, mailboxFor, parse } from './admin-common';

export interface AdminMailboxesDeps {
  guard: RequestHandler;
  store: Pick<StoreRepositories, 'mailboxes' | 'conditions' | 'mappings' | 'syncRuns'>;
}

const ListQuery = z
  .object({
    status: z.enum(['connected', 'needs_reconnect', 'disabled']).optional(),
    tenantId: z.string().regex(GUID, 'must be a tenant GUID').optional(),
    // Cast: z.enum wants a non-empty tuple; MAILBOX_CONDITION_KINDS is a non-empty constant list.
    condition: z.enum(MAILBOX_CONDITION_KINDS as [string, ...string[]]).optional(),
    state: z.enum(['ok', 'attention', 'stopped', 'paused', 'needs_reconnect', 'disabled']).optional(),
  })
  .strict();

const RunsQuery = z
  .object({
    mailboxId: z.string().regex(GUID, 'must be a mailbox id').optional(),
    status: z.enum(['running', 'succeeded', 'partial', 'failed', 'abandoned']).optional(),
    trigger: z.enum(['notification', 'user', 'sweep', 'admin', 'retry']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** Runs considered for the latency figures. */
const LATENCY_RUNS = 20;

export type MailboxState = 'ok' | 'attention' | 'stopped' | 'paused' | 'needs_reconnect' | 'disabled';

/** One word for the console's badge, from the status and the conditions. */
export function stateOf(mailbox: Mailbox, conditions: readonly MailboxCondition[]): MailboxState {
  if (mailbox.status === 'disabled') return 'disabled';
  if (mailbox.status === 'needs_reconnect') return 'needs_reconnect';
  if (conditions.some((c) => c.kind === 'paused')) return 'paused';
  if (conditions.some((c) => c.effect === 'stops')) return 'stopped';
  return conditions.length > 0 ? 'attention' : 'ok';
}

/** A condition as the console shows it; the guard's carries the version an answer must name. */
export function conditionView(c: MailboxCondition) {
  // Cast: delete_guard details are HeldDeletions: the engine raises the condition with them.
  const version = c.kind === 'delete_guard' ? heldVersion(c.details as HeldDeletions) : undefined;
  return { ...c, ...(version ? { version } : {}) };
}

export function runView(run: SyncRun) {
  const duration = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
  return { ...run, durationMs: duration };
}

function latencyOf(runs: readonly SyncRun[]) {
  const durations = runs
    .flatMap((r) => (r.finishedAt === null ? [] : [Date.parse(r.finishedAt) - Date.parse(r.startedAt)]))
    .sort((a, b) => a - b);
  const at = (q: number) =>
    durations.length === 0
      ? null
      : (durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? null);
  return {
    runs: durations.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    lastMs: runs[0] ? runView(runs[0]).durationMs : null,
  };
}

export async function mailboxView(
  store: AdminMailboxesDeps['store'],
  mailbox: Mailbox,
  conditions: MailboxCondition[],
) {
  const runs = await store.syncRuns.listRecent(mailbox.id, LATENCY_RUNS);
  const state = stateOf(mailbox, conditions);
  const reason =
    mailbox.status !== 'connected' ? (mailbox.statusReason ?? mailbox.status) : (conditions[0]?.reason ?? null);
  return {
    id: mailbox.id,
    tenantId: mailbox.tenantId,
    userObjectId: mailbox.userObjectId,
    upn: mailbox.upn,
    email: mailbox.email,
    status: mailbox.status,
    statusReason: mailbox.statusReason,
    state,
    reason,
    conditions: conditions.map(conditionView),
    lastSyncAt: mailbox.lastSyncAt,
    lastRun: runs[0] ? runView(runs[0]) : null,
    counts: await store.mappings.countByStatus(mailbox.id),
    latency: latencyOf(runs),
    updatedAt: mailbox.updatedAt,
  };
}

function encodeCursor(run: SyncRun): string {
  return Buffer.from(JSON.stringify([run.startedAt, run.id])).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  try {
    // Cast: anything not an array throws inside the try; each part is checked below.
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(startedAt)))
      return { startedAt, id };
  } catch {
    // fall through to the problem below
  }
  throw new AppError('validation', 'cursor is not one this API gave out.', {
    status: 400,
    details: { errors: [{ field: 'cursor', message: 'unknown cursor' }] },
  });
}

async function visibleMailboxIds(store: AdminMailboxesDeps['store'], res: Response): Promise<string[] | undefined> {
  const admin = adminOf(res);
  if (admin.tenantId === null) return undefined;
  return (await store.mailboxes.list({ tenantId: admin.tenantId })).map((m) => m.id);
}

export function adminMailboxesRouter(deps: AdminMailboxesDeps): Router {
  const router = Router();
  router.use(deps.guard);
  const { store } = deps;

  router.get('/mailboxes', async (req, res) => {
    const { state, condition, ...filter } = parse(ListQuery, req.query, 'query');
    const admin = adminOf(res);
    if (admin.tenantId !== null && filter.tenantId !== undefined && filter.tenantId.toLowerCase() !== admin.tenantId)
      return void res.json({ mailboxes: [] });
    const mailboxes = await store.mailboxes.list({
      ...filter,
      ...(admin.tenantId ? { tenantId: admin.tenantId } : {}),
    });
    const all = await store.conditions.listAll({ mailboxIds: mailboxes.map((m) => m.id) });
    const views = [];
    for (const mailbox of mailboxes) {
      const own = all
        .filter((c) => c.mailboxId === mailbox.id)
        .sort((a, b) => (a.effect === b.effect ? 0 : a.effect === 'stops' ? -1 : 1));
      if (condition !== undefined && !own.some((c) => c.kind === condition)) continue;
      if (state !== undefined && stateOf(mailbox, own) !== state) continue;
      views.push(await mailboxView(store, mailbox, own));
    }
    res.json({ mailboxes: views });
  });

  router.get('/mailboxes/:mailboxId', async (req, res) => {
    const mailbox = await mailboxFor(store, res, String(req.params.mailboxId));
    res.json(await mailboxView(store, mailbox, await store.conditions.list(mailbox.id)));
  });

  router.get('/runs', async (req, res) => {
    const query = parse(RunsQuery, req.query, 'query');
    let mailboxIds = await visibleMailboxIds(store, res);
    if (query.mailboxId !== undefined) {
      await mailboxFor(store, res, query.mailboxId);
      mailboxIds = [query.mailboxId];
    }
    const limit = query.limit ?? 50;
    const runs = await store.syncRuns.search({
      ...(mailboxIds ? { mailboxIds } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.trigger ? { trigger: query.trigger } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit,
    });
    const last = runs.length === limit ? runs[runs.length - 1] : undefined;
    res.json({ runs: runs.map(runView), next: last ? encodeCursor(last) : null });
  });

  return router;
}
