/**
 * `POST /v1.0/$batch`: up to 20 requests, unique ids, `dependsOn` ordering (dependents of a failure get 424), at
 * most 4 running at once. Each sub-request goes through this emulator's own app in-process (platform/in-process.ts),
 * so authentication, throttling, latency, faults and the request log apply to it exactly as to a direct call; only
 * the loopback HTTPS connection is gone. Responses come in completion order.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import { GraphError, graphErrorBody } from '../graph-error';
import type { VerifiedBearer } from '../identity/graph-verifier';
import type { InProcessHttp } from './in-process';
import type { SubRequestOrigin } from './middleware';

export const MAX_BATCH_REQUESTS = 20;
export const BATCH_PARALLELISM = 4;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

export interface BatchResponseItem {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

export function batchRoute(ctx: EmulatorContext, subRequests: InProcessHttp<SubRequestOrigin>): Router {
  const router = express.Router();
  router.post('/$batch', (req: Request, res: Response, next: (e?: unknown) => void) => {
    Promise.resolve()
      .then(async () => {
        const items = parseBatch(req.body);
        // A client that leaves takes its sub-requests with it: none keeps a concurrency slot of the mailbox
        // after the $batch that carried it is gone (a held one would otherwise throttle the mailbox for minutes).
        const gone = new AbortController();
        res.on('close', () => gone.abort());
        const envelope: Envelope = {
          authorization: req.header('authorization') ?? '',
          host: new URL(ctx.baseUrl).host,
          bearer: res.locals.bearer as VerifiedBearer,
        };
        const responses = await runBatch(
          items,
          (item) => dispatch(ctx, subRequests, envelope, item, gone.signal),
          res.locals.requestId as string,
          ctx,
        );
        if (!gone.signal.aborted) res.status(200).json({ responses });
      })
      .catch(next);
  });
  return router;
}

export function parseBatch(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    throw bad('Invalid batch payload format: requests must be a non-empty array.');
  if (requests.length > MAX_BATCH_REQUESTS)
    throw bad(`The number of batch requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  const items = requests.map((raw: unknown, index) => toItem(raw, index));
  // Ids are "Not case-sensitive. Must be unique in the batch, otherwise, the batch request fails with a 400"
  // (https://learn.microsoft.com/en-us/graph/json-batching): "A" and "a" are the same id, in dependsOn too.
  const byLowerId = new Map<string, string>();
  for (const item of items) {
    const seen = byLowerId.get(item.id.toLowerCase());
    if (seen !== undefined)
      throw bad(`Batch request contains duplicate id '${item.id}' (ids are not case-sensitive; '${seen}' came first).`);
    byLowerId.set(item.id.toLowerCase(), item.id);
  }
  for (const item of items) {
    const unknown = item.dependsOn.find((d) => !byLowerId.has(d.toLowerCase()));
    if (unknown !== undefined) throw bad(`Request '${item.id}' depends on unknown request id '${unknown}'.`);
    item.dependsOn = item.dependsOn.map((d) => byLowerId.get(d.toLowerCase())!);
  }
  assertAcyclic(items);
  return items;
}

function toItem(raw: unknown, index: number): BatchItem {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') throw bad(`Request at index ${index} has no id.`);
  if (typeof r.method !== 'string' || typeof r.url !== 'string')
    throw bad(`Request '${r.id}' needs a method and a url.`);
  if (/^[a-z]+:\/\//i.test(r.url))
    throw bad(`Request '${r.id}' has an absolute url; batch urls are relative to the version.`);
  const headers = Object.fromEntries(
    Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    throw bad(`Write request id : ${r.id} does not contain Content-Type header or body.`);
  }
  const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
  return {
    id: r.id,
    method: r.method.toUpperCase(),
    url: r.url,
    headers,
    dependsOn,
    ...(r.body !== undefined ? { body: r.body } : {}),
  };
}

function assertAcyclic(items: BatchItem[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw bad(`Batch dependsOn contains a cycle through '${id}'.`);
    state.set(id, 'visiting');
    for (const dep of byId.get(id)!.dependsOn) visit(dep);
    state.set(id, 'done');
  };
  items.forEach((i) => visit(i.id));
}

/** Runs items respecting dependsOn with at most BATCH_PARALLELISM in flight; answers in completion order. */
async function runBatch(
  items: BatchItem[],
  send: (item: BatchItem) => Promise<BatchResponseItem>,
  requestId: string,
  ctx: EmulatorContext,
): Promise<BatchResponseItem[]> {
  const done = new Map<string, BatchResponseItem>();
  const order: BatchResponseItem[] = [];
  const waiting = [...items];
  const running = new Map<string, Promise<void>>();
  const finish = (result: BatchResponseItem) => {
    done.set(result.id, result);
    order.push(result);
  };
  while (waiting.length > 0 || running.size > 0) {
    for (const item of [...waiting]) {
      if (!item.dependsOn.every((d) => done.has(d))) continue;
      if (item.dependsOn.some((d) => done.get(d)!.status >= 400)) {
        waiting.splice(waiting.indexOf(item), 1);
        finish(failedDependency(item.id, requestId, ctx));
        continue;
      }
      if (running.size >= BATCH_PARALLELISM) break;
      waiting.splice(waiting.indexOf(item), 1);
      running.set(
        item.id,
        send(item).then((result) => {
          running.delete(item.id);
          finish(result);
        }),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
  }
  return order;
}

function failedDependency(id: string, requestId: string, ctx: EmulatorContext): BatchResponseItem {
  const body = graphErrorBody(
    {
      status: 424,
      code: 'FailedDependency',
      message: 'The request could not be completed because a request it depends on failed.',
    },
    requestId,
    requestId,
    ctx.clock.now(),
  );
  return { id, status: 424, headers: { 'Content-Type': 'application/json' }, body };
}

interface Envelope {
  authorization: string;
  /** The emulator's own host, as the loopback call before carried (links in answers are built from it). */
  host: string;
  bearer: VerifiedBearer;
}

/**
 * One sub-request through the app. It carries the envelope's token, already verified: the documented request format
 * has no token per request, only the envelope's `Authorization` (https://learn.microsoft.com/en-us/graph/json-batching,
 * "Creating a batch request"), so an `Authorization` among a request's headers is not used. Each sub-request is still
 * answered on its own (each has its own status, "Processing the JSON batch response" there), after what can differ
 * from one to the next: the token's lifetime and the mailbox's permissions (platform/middleware.ts `authenticate`,
 * calendar/context.ts), and throttling ("Requests in a batch are evaluated individually against the applicable
 * throttling limits", "Batch size limitations" there).
 */
async function dispatch(
  ctx: EmulatorContext,
  subRequests: InProcessHttp<SubRequestOrigin>,
  envelope: Envelope,
  item: BatchItem,
  signal: AbortSignal,
): Promise<BatchResponseItem> {
  const path = item.url.startsWith('/') ? item.url : `/${item.url}`;
  const headers: Record<string, string> = { host: envelope.host };
  for (const [name, value] of Object.entries(item.headers)) {
    if (name.toLowerCase() !== 'authorization' && name.toLowerCase() !== 'host') headers[name] = value;
  }
  if (envelope.authorization) headers.authorization = envelope.authorization;
  try {
    const response = await subRequests.send(
      {
        method: item.method,
        path: `/v1.0${path}`,
        headers,
        ...(item.body !== undefined
          ? { body: typeof item.body === 'string' ? item.body : JSON.stringify(item.body) }
          : {}),
        signal,
      },
      { bearer: envelope.bearer },
    );
    const outHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (!DROPPED_HEADERS.has(name)) outHeaders[name] = value;
    }
    const isJson = (response.headers['content-type'] ?? '').includes('json');
    return {
      id: item.id,
      status: response.status,
      headers: outHeaders,
      ...(response.body ? { body: isJson ? (JSON.parse(response.body) as unknown) : response.body } : {}),
    };
  } catch (error) {
    // The sub-request's connection died (e.g. an injected lose-response fault): Graph reports a gateway timeout.
    const body = graphErrorBody(
      { status: 504, code: 'GatewayTimeout', message: `The request did not complete: ${(error as Error).message}` },
      '',
      '',
      ctx.clock.now(),
    );
    return { id: item.id, status: 504, headers: { 'Content-Type': 'application/json' }, body };
  }
}

function bad(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}
