/**
 * Graph `/subscriptions` for Outlook events: create (with the validation handshake), list, get, renew (PATCH) and
 * delete. Resources `/me/events` and `/users/{id or UPN}/events`; lifetime capped by settings (4,230 minutes).
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import type { GraphCaller, GraphRequestLocals } from '../contracts';
import { GraphError } from '../graph-error';
import { validateEndpoint } from './delivery';
import { isLive, toGraphSubscription, type StoredSubscription } from './store';

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
const CALENDAR_PERMISSIONS = ['Calendars.Read', 'Calendars.ReadWrite'];

export function subscriptionRoutes(ctx: EmulatorContext): Router {
  const router = express.Router();
  const wrap =
    (fn: (req: Request, res: Response, caller: GraphCaller) => Promise<void> | void) =>
    (req: Request, res: Response, next: (e?: unknown) => void) => {
      Promise.resolve(fn(req, res, (res.locals as GraphRequestLocals).caller)).catch(next);
    };
  router.post(
    '/subscriptions',
    wrap((req, res, caller) => createSubscription(ctx, req, res, caller)),
  );
  router.get(
    '/subscriptions',
    wrap((_req, res, caller) => {
      const mine = ctx.subscriptions.live(ctx.clock.now()).filter((s) => visibleTo(s, caller));
      res.json({
        '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#subscriptions`,
        value: mine.map((s) => stripContext(toGraphSubscription(s, ctx.baseUrl))),
      });
    }),
  );
  router.get(
    '/subscriptions/:id',
    wrap((req, res, caller) => {
      res.json(toGraphSubscription(find(ctx, String(req.params.id), caller), ctx.baseUrl));
    }),
  );
  router.patch(
    '/subscriptions/:id',
    wrap((req, res, caller) => {
      const sub = find(ctx, String(req.params.id), caller);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.expirationDateTime !== undefined)
        sub.expirationDateTime = checkExpiration(ctx, stringField(body, 'expirationDateTime', true));
      if (body.notificationUrl !== undefined)
        sub.notificationUrl = checkHttps(stringField(body, 'notificationUrl', true), 'notificationUrl');
      res.json(toGraphSubscription(sub, ctx.baseUrl));
    }),
  );
  router.delete(
    '/subscriptions/:id',
    wrap((req, res, caller) => {
      ctx.subscriptions.delete(find(ctx, String(req.params.id), caller).id);
      res.status(204).end();
    }),
  );
  return router;
}

async function createSubscription(
  ctx: EmulatorContext,
  req: Request,
  res: Response,
  caller: GraphCaller,
): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const userId = mailboxOfResource(ctx, caller, stringField(body, 'resource', true));
  const sub: StoredSubscription = {
    id: randomUUID(),
    tenantId: caller.tenantId,
    applicationId: caller.appId,
    creatorId: caller.userId ?? caller.appId,
    userId,
    resource: String(body.resource),
    changeType: checkChangeType(stringField(body, 'changeType', true)),
    notificationUrl: checkHttps(stringField(body, 'notificationUrl', true), 'notificationUrl'),
    lifecycleNotificationUrl: optionalHttps(body, 'lifecycleNotificationUrl'),
    clientState: checkClientState(body.clientState),
    expirationDateTime: checkExpiration(ctx, stringField(body, 'expirationDateTime', true)),
    latestSupportedTlsVersion:
      typeof body.latestSupportedTlsVersion === 'string' ? body.latestSupportedTlsVersion : 'v1_2',
    immutableIds: /IdType\s*=\s*"?ImmutableId"?/i.test(req.header('prefer') ?? ''),
  };
  await validateEndpoint(ctx, sub.notificationUrl);
  if (sub.lifecycleNotificationUrl) await validateEndpoint(ctx, sub.lifecycleNotificationUrl);
  ctx.subscriptions.put(sub);
  res.status(201).json(toGraphSubscription(sub, ctx.baseUrl));
}

function find(ctx: EmulatorContext, id: string, caller: GraphCaller): StoredSubscription {
  const sub = ctx.subscriptions.get(id);
  if (!sub || !isLive(sub, ctx.clock.now()) || !visibleTo(sub, caller)) {
    throw new GraphError(404, 'ResourceNotFound', 'The object was not found.');
  }
  return sub;
}

function visibleTo(sub: StoredSubscription, caller: GraphCaller): boolean {
  if (sub.tenantId !== caller.tenantId || sub.applicationId !== caller.appId) return false;
  return caller.userId === null || sub.creatorId === caller.userId;
}

/** Resolves the mailbox and checks the caller may read it (delegated: only their own; app-only: a role). */
function mailboxOfResource(ctx: EmulatorContext, caller: GraphCaller, resource: string): string {
  const match = /^\/?(me|users\/([^/]+))\/events$/i.exec(resource.trim());
  if (!match) {
    throw new GraphError(
      400,
      'InvalidRequest',
      `Resource '${resource}' is not supported: use /me/events or /users/{id}/events.`,
    );
  }
  if (match[1]!.toLowerCase() === 'me' && caller.userId === null) {
    throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  }
  const key = match[2] ? decodeURIComponent(match[2]).replace(/^\('?|'?\)$/g, '') : caller.userId!;
  const user = ctx.directory.findUser(key);
  const allowed =
    caller.userId === null
      ? caller.roles.some((r) => CALENDAR_PERMISSIONS.includes(r))
      : caller.scopes.some((s) => CALENDAR_PERMISSIONS.includes(s)) && user?.id === caller.userId;
  if (!user || user.tenantId !== caller.tenantId || !allowed) {
    throw new GraphError(
      403,
      'ExtensionError',
      'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Check credentials and try again.]',
    );
  }
  return user.id;
}

function stringField(body: Record<string, unknown>, name: string, required: boolean): string {
  const value = body[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (required || value !== undefined)
    throw new GraphError(400, 'InvalidRequest', `Invalid or missing '${name}' attribute.`);
  return '';
}

function checkChangeType(value: string): string {
  const parts = value.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !CHANGE_TYPES.has(p));
  if (bad !== undefined) throw new GraphError(400, 'InvalidRequest', `Invalid 'changeType' attribute: '${bad}'.`);
  return parts.join(',');
}

function checkHttps(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GraphError(400, 'InvalidRequest', `Invalid '${name}' attribute: not an absolute URL.`);
  }
  if (url.protocol !== 'https:')
    throw new GraphError(400, 'InvalidRequest', `Invalid '${name}' attribute: the URL must use https.`);
  return value;
}

function optionalHttps(body: Record<string, unknown>, name: string): string | null {
  return body[name] === undefined || body[name] === null ? null : checkHttps(stringField(body, name, true), name);
}

function checkClientState(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > 128) {
    throw new GraphError(400, 'InvalidRequest', "Invalid 'clientState' attribute: at most 128 characters.");
  }
  return value;
}

function checkExpiration(ctx: EmulatorContext, value: string): string {
  const at = new Date(value);
  const now = ctx.clock.now().getTime();
  if (Number.isNaN(at.getTime()))
    throw new GraphError(400, 'InvalidRequest', "Invalid 'expirationDateTime' attribute.");
  if (at.getTime() <= now)
    throw new GraphError(400, 'InvalidRequest', 'Subscription expiration time must be in the future.');
  const max = ctx.settings.subscriptionMaxMinutes;
  if (at.getTime() > now + max * 60_000) {
    throw new GraphError(400, 'InvalidRequest', `Subscription expiration can only be ${max} minutes in the future.`);
  }
  return at.toISOString();
}

function stripContext<T extends Record<string, unknown>>(value: T): Omit<T, '@odata.context'> {
  const { '@odata.context': _context, ...rest } = value;
  return rest;
}
