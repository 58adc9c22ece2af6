/**
 * What every admin route shares: zod parsing of query and body into 422 problems listing each field, the audit of
 * each action (admin_actions: who, what, on which tenant or mailbox, the outcome, the request id), and finding a
 * mailbox the admin may see. Routes stay thin; the engine and the store do the work.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../errors';
import type { AdminActionOutcome, Mailbox, StoreRepositories } from '../store';
import { adminOf } from './admin-auth';

/** Parses or throws a 400 problem naming each bad field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: 'query' | 'body'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ field: fieldOf(i.path, what), message: messageOf(i) }));
  const first = errors[0];
  throw new AppError('validation', `Invalid ${what}: ${first ? `${first.field}: ${first.message}` : 'invalid'}.`, {
    status: 400,
    details: { errors },
  });
}

/** A field name as the client sent it could be anything: only plain names are echoed. */
function fieldOf(path: readonly PropertyKey[], what: string): string {
  const name = path.map(String).join('.');
  return name === '' ? what : /^[\w.-]{1,100}$/.test(name) ? name : `${what} (a member with an unusual name)`;
}

/** Zod's message, without echoing the names of unknown members (they are the client's text, not ours). */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `${issue.keys.length} unknown member(s); see the API contract`;
  return issue.message.slice(0, 200);
}

/**
 * A bounded copy of what a client sent, for the audit: nesting, lists, member names and strings are cut, so a
 * hostile body can neither overflow the serialiser nor fill the log.
 */
export function clip(value: unknown, depth = 4): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}...` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth === 0) return '[...]';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => clip(v, depth - 1));
  const entries = Object.entries(value).slice(0, 30);
  return Object.fromEntries(entries.map(([k, v]) => [k.slice(0, 64), clip(v, depth - 1)]));
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TenantIdParam = z
  .string()
  .regex(GUID, 'must be a tenant GUID')
  .transform((t) => t.toLowerCase());

export interface AuditTarget {
  tenantId?: string | null;
  mailboxId?: string | null;
}

type AdminStore = Pick<StoreRepositories, 'adminActions'>;

function outcomeOf(error: unknown): AdminActionOutcome {
  return isAppError(error) && error.status < 500 ? 'refused' : 'failed';
}

/**
 * Runs an admin action and records it, whatever happens: `ok` with `details(result)`, `refused` (a 4xx) or `failed`
 * with the problem's code and message. The error still reaches the problem handler.
 */
export async function audited<T>(
  store: AdminStore,
  req: Request,
  res: Response,
  action: string,
  target: AuditTarget,
  work: () => Promise<T>,
  details: (result: T) => unknown = () => null,
): Promise<T> {
  const admin = adminOf(res);
  const base = {
    actor: admin.actor,
    actorId: admin.actorId,
    action,
    // A tenant admin's action on nothing tenant-specific (the ERP test) is still theirs to see in the log.
    tenantId: target.tenantId ?? admin.tenantId,
    mailboxId: target.mailboxId ?? null,
    requestId: typeof req.id === 'string' ? req.id : null,
  };
  try {
    const result = await work();
    await store.adminActions.append({
      ...base,
      outcome: 'ok',
      details: { request: requestOf(req), ...wrap(details(result)) },
    });
    return result;
  } catch (error) {
    const problem = isAppError(error) ? { code: error.code, message: error.message } : { code: 'internal' };
    await store.adminActions.append({
      ...base,
      outcome: outcomeOf(error),
      details: { request: requestOf(req), problem },
    });
    throw error;
  }
}

function wrap(value: unknown): Record<string, unknown> {
  return value === null || value === undefined ? {} : { result: value };
}

/** What was asked: the body (admin bodies hold no secrets) and the query. */
function requestOf(req: Request): unknown {
  // Cast: any to unknown, a widening.
  const sent = req.body as unknown;
  const body = sent && typeof sent === 'object' && Object.keys(sent).length > 0 ? clip(sent) : undefined;
  const query = Object.keys(req.query).length > 0 ? clip(req.query) : undefined;
  return body === undefined && query === undefined ? null : { ...(body ? { body } : {}), ...(query ? { query } : {}) };
}

/** The mailbox by id, if this admin may see it; otherwise 404. */
export async function mailboxFor(
  store: Pick<StoreRepositories, 'mailboxes'>,
  res: Response,
  mailboxId: string,
): Promise<Mailbox> {
  const admin = adminOf(res);
  const mailbox = GUID.test(mailboxId) ? await store.mailboxes.get(mailboxId) : undefined;
  if (mailbox === undefined || (admin.tenantId !== null && mailbox.tenantId !== admin.tenantId)) {
    throw new AppError('not_found', `No mailbox ${mailboxId}.`);
  }
  return mailbox;
}
