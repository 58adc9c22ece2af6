/**
 * What every calendar route shares: the store, the mutations, the switches, and the request-scoped pieces
 * (mailbox after the access check, preferences, links). Access rules: the caller is the mailbox owner with
 * Calendars.Read/ReadWrite scope, or an app with the Calendars.Read/ReadWrite role.
 */
import type { NextFunction, Request, Response } from 'express';
import type { CalendarDeps, DirectoryUser, GraphCaller } from '../contracts';
import type { ChangeBus } from './changes';
import type { DeltaEngine } from './delta';
import { accessDenied, GraphError } from './errors';
import type { CalendarOptions, Mailbox } from './model';
import type { CalendarOps } from './ops';
import type { Responses } from './responses';
import type { CalendarStore } from './store';

export interface CalendarContext {
  deps: CalendarDeps;
  store: CalendarStore;
  ops: CalendarOps;
  responses: Responses;
  bus: ChangeBus;
  delta: DeltaEngine;
  options: CalendarOptions;
}

export interface MailboxLocals {
  mailbox: Mailbox;
  owner: DirectoryUser;
}

export function mailboxOf(res: Response): MailboxLocals {
  return { mailbox: res.locals.mailbox as Mailbox, owner: res.locals.owner as DirectoryUser };
}

const READ_PERMISSIONS = [
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Calendars.Read.Shared',
  'Calendars.ReadWrite.Shared',
];
const WRITE_PERMISSIONS = ['Calendars.ReadWrite', 'Calendars.ReadWrite.Shared'];

function allowed(granted: string[], needed: string[]): boolean {
  const have = new Set(granted.map((g) => g.toLowerCase()));
  return needed.some((n) => have.has(n.toLowerCase()));
}

/** Resolves `/me` or `/users/{id|upn}` to a mailbox and enforces who may read or write it. */
export function resolveMailbox(ctx: CalendarContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const caller = res.locals.caller as GraphCaller | undefined;
    if (!caller) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const param = req.params.user;
    const requested = typeof param === 'string' ? param : caller.userId;
    if (requested === null) {
      throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    }
    const user = ctx.deps.directory.findUser(requested);
    if (!user || user.tenantId !== caller.tenantId) {
      throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${requested}' is invalid.`);
    }
    const needed = req.method === 'GET' ? READ_PERMISSIONS : WRITE_PERMISSIONS;
    const permitted =
      caller.userId === null
        ? allowed(caller.roles, needed)
        : caller.userId === user.id && allowed(caller.scopes, needed);
    if (!permitted) throw accessDenied();
    res.locals.mailbox = ctx.store.mailbox(user);
    res.locals.owner = user;
    next();
  };
}

/** Absolute URL of this request with its query replaced by `params` (nextLink/deltaLink building). */
export function linkTo(req: Request, params: Record<string, string>): string {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  url.search = '';
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString().replace(/%24/g, '$');
}

/** `@odata.context` for this mailbox's events. */
export function contextUrl(req: Request, userId: string, suffix: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${versionRoot(req)}/$metadata#users('${userId}')/${suffix}`;
}

function versionRoot(req: Request): string {
  return req.originalUrl.split('/').slice(0, 2).join('/');
}

/** Query parameters by lower-cased name (Graph accepts `startdatetime` and `startDateTime`). */
export function queryParam(req: Request, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(req.query)) {
    if (k.toLowerCase() === wanted) return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  }
  return undefined;
}
