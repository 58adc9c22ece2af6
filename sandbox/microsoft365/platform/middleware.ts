/**
 * The platform in front of every Graph route: request ids, the request log, token verification (sets
 * GraphRequestLocals), per app per mailbox throttling, latency and injected faults. Routes behind it only handle resources.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import type { GraphCaller, GraphRequestLocals } from '../contracts';
import type { VerifiedBearer } from '../identity/graph-verifier';
import { GraphError, sendGraphError } from '../graph-error';
import { DEFAULT_FAULT_CODES, type FaultRule } from './faults';
import { routeTemplate } from './request-log';

/** What the `$batch` route gives each sub-request it runs in-process (platform/batch.ts): the envelope's token. */
export interface SubRequestOrigin {
  bearer: VerifiedBearer;
}

/** Tells a `$batch` sub-request (its origin) from a request off the wire (undefined): platform/in-process.ts. */
export interface SubRequests {
  originOf(req: Request): SubRequestOrigin | undefined;
}

export function graphPlatform(ctx: EmulatorContext, subRequests: SubRequests): Router {
  const router = express.Router();
  router.use(requestContext(ctx, subRequests));
  router.use(express.json({ limit: '4mb', type: ['application/json', 'application/*+json'] }));
  router.use((req, res, next) => void authenticate(ctx, subRequests.originOf(req), req, res, next).catch(next));
  // Latency and faults come after the throttle: a slow or held request keeps its concurrency slot, as in Graph.
  router.use(throttle(ctx));
  router.use((req, res, next) => void latencyAndFaults(ctx, req, res, next).catch(next));
  return router;
}

function requestContext(ctx: EmulatorContext, subRequests: SubRequests) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = randomUUID();
    const clientRequestId = req.header('client-request-id') ?? requestId;
    res.locals.requestId = requestId;
    res.setHeader('request-id', requestId);
    res.setHeader('client-request-id', clientRequestId);
    const path = `${req.baseUrl}${req.path}`;
    let logged = false;
    const log = (status: number) => {
      if (logged) return;
      logged = true;
      const caller = (res.locals as Partial<GraphRequestLocals>).caller;
      ctx.requestLog.record({
        at: ctx.clock.now().toISOString(),
        method: req.method,
        path,
        route: routeTemplate(path),
        status,
        requestId,
        appId: caller?.appId ?? null,
        ...(res.locals.lost === true ? { lost: true } : {}),
        ...(subRequests.originOf(req) ? { batched: true } : {}),
      });
    };
    res.on('finish', () => log(res.statusCode));
    // A held (timeout) request or a destroyed socket never finishes: log what the handler meant, or 0.
    res.on('close', () => log(res.locals.lost === true ? res.statusCode : 0));
    next();
  };
}

/**
 * The latency is charged to each request Outlook runs: a `$batch` sub-request carries it, the envelope does not. A
 * batch is one round trip in place of its requests' own ("can save the application significant network latency",
 * https://learn.microsoft.com/en-us/graph/json-batching), and Graph hands the Outlook service up to four of its
 * requests at a time (https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits): a batch of
 * 20 takes five latencies, as 20 single requests at 4 in flight do, not six. Faults still apply to the envelope.
 */
async function latencyAndFaults(ctx: EmulatorContext, req: Request, res: Response, next: NextFunction) {
  const envelope = req.path === '/$batch';
  if (ctx.settings.latencyMs > 0 && !envelope)
    await new Promise((resolve) => setTimeout(resolve, ctx.settings.latencyMs));
  const rule = ctx.faults.match(req.method, req.path);
  if (!rule) return next();
  applyFault(rule, res, next, ctx.clock.now());
}

function applyFault(rule: FaultRule, res: Response, next: NextFunction, now: Date) {
  if (rule.kind === 'timeout') {
    // Held: the client's own timeout ends it, or (holdMs) Graph's gateway gives up on the service behind it.
    if (rule.holdMs !== undefined) holdThenTimeOut(res, rule.holdMs, now);
    return;
  }
  if (rule.kind === 'lose-response') {
    res.locals.lost = true;
    const socket = res.req.socket;
    // The handler runs and commits; whatever it writes is thrown away with the connection.
    res.writeHead = (() => res) as unknown as Response['writeHead'];
    res.write = (() => true) as Response['write'];
    res.end = (() => {
      socket.destroy();
      return res;
    }) as Response['end'];
    return next();
  }
  const status = rule.status ?? 503;
  const headers = rule.retryAfterSeconds !== undefined ? { 'Retry-After': String(rule.retryAfterSeconds) } : undefined;
  const message = status === 429 ? 'Please retry again later.' : 'The service is temporarily unavailable.';
  sendGraphError(
    res,
    { status, code: rule.code ?? DEFAULT_FAULT_CODES[status] ?? 'generalException', message, headers },
    now,
  );
}

/**
 * 504 GatewayTimeout after `holdMs`, unless the client left first: "the server, while acting as a proxy, did not
 * receive a timely response from the upstream server" (https://learn.microsoft.com/en-us/graph/errors).
 */
function holdThenTimeOut(res: Response, holdMs: number, heldAt: Date) {
  const timer = setTimeout(() => {
    if (res.headersSent || res.destroyed) return;
    const message = 'The request did not complete in time.';
    sendGraphError(res, { status: 504, code: 'GatewayTimeout', message }, new Date(heldAt.getTime() + holdMs));
  }, holdMs);
  res.on('close', () => clearTimeout(timer));
}

/**
 * A request off the wire has its token verified; a `$batch` sub-request carries the envelope's, verified when the
 * envelope came in, and has again only what can differ from one sub-request to the next checked (the token's
 * lifetime, its signing key still published, the tenant still known; identity/graph-verifier.ts `recheck`).
 */
async function authenticate(
  ctx: EmulatorContext,
  origin: SubRequestOrigin | undefined,
  req: Request,
  res: Response,
  next: NextFunction,
) {
  const bearer = origin?.bearer ?? (await ctx.verifier.verifyBearer(req.header('authorization')));
  const caller = origin ? ctx.verifier.recheck(origin.bearer) : bearer.caller;
  if (!ctx.directory.findTenant(caller.tenantId))
    throw new GraphError(401, 'InvalidAuthenticationToken', 'Unknown tenant.');
  res.locals.caller = caller;
  res.locals.bearer = bearer;
  next();
}

function throttle(ctx: EmulatorContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    // A $batch is not counted itself: each of its sub-requests comes back through here and is counted.
    if (req.path === '/$batch') return next();
    const caller = res.locals.caller as GraphCaller;
    const s = ctx.settings;
    const limits = {
      concurrency: s.throttleConcurrency,
      windowRequests: s.throttleWindowRequests,
      windowSeconds: s.throttleWindowSeconds,
    };
    const decision = ctx.throttle.acquire(
      caller.appId,
      s.throttleScope === 'app' ? '*' : mailboxOf(ctx, req.path, caller),
      limits,
      ctx.clock.now().getTime(),
    );
    if (!decision.ok) {
      const retryAfter = Math.max(decision.retryAfterSeconds, s.throttleRetryAfterSeconds);
      throw new GraphError(429, 'ApplicationThrottled', `Application is over its ${decision.reason} limit.`, {
        'Retry-After': String(retryAfter),
      });
    }
    res.on('close', decision.release);
    next();
  };
}

/** The mailbox a request targets: /me is the caller, /users/{id or UPN} that person; else the caller or tenant. */
export function mailboxOf(ctx: EmulatorContext, path: string, caller: GraphCaller): string {
  const users = /^\/users\/([^/]+)/i.exec(path);
  if (users) {
    const key = decodeURIComponent(users[1]!).replace(/^\('?|'?\)$/g, '');
    return ctx.directory.findUser(key)?.id ?? key.toLowerCase();
  }
  return caller.userId ?? `tenant:${caller.tenantId}`;
}

/**
 * Last handlers on /v1.0: unknown routes and every thrown error in Graph's shape. Plain functions, not a Router:
 * Express only passes errors to 4-argument functions, so an error handler inside a mounted Router never sees
 * errors raised before it.
 */
export function graphFallbacks(ctx: EmulatorContext) {
  const notFound = (req: Request, _res: Response, next: NextFunction) => {
    next(new GraphError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/')[1] ?? ''}'.`));
  };
  const errorHandler = (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    sendGraphError(res, toGraphError(error), ctx.clock.now());
  };
  return [notFound, errorHandler] as const;
}

function toGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  const { status, code, headers } = error as { status?: unknown; code?: unknown; headers?: Record<string, string> };
  const message = error instanceof Error ? error.message : String(error);
  // The calendar half may throw its own GraphErrorSpec-shaped errors.
  if (typeof status === 'number' && typeof code === 'string') return new GraphError(status, code, message, headers);
  // Body parser errors (bad JSON, too large) carry a 4xx status.
  if (typeof status === 'number' && status >= 400 && status < 500) return new GraphError(status, 'BadRequest', message);
  process.stderr.write(`[m365 emulator] unexpected error: ${error instanceof Error ? error.stack : message}\n`);
  return new GraphError(500, 'generalException', 'An unexpected error occurred in the emulator.');
}
