/**
 * `POST /v1.0/$batch`: up to 20 requests, unique ids, `dependsOn` ordering (dependents of a failure get 424), at
 * most 4 running at once. Each sub-request goes back through this server over HTTPS with the caller's token, so
 * throttling, faults and the request log apply to it exactly as to a direct call. Responses come in completion order.
 */
import express, { type Request, type Response, type Router } from 'express';
import { fetch } from 'undici';
import type { EmulatorContext } from '../context';
import { GraphError, graphErrorBody } from '../graph-error';
import { BATCH_MARKER_HEADER } from './middleware';

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

export function batchRoute(ctx: EmulatorContext): Router {
  const router = express.Router();
  router.post('/$batch', (req: Request, res: Response, next: (e?: unknown) => void) => {
    Promise.resolve()
      .then(async () => {
        const items = parseBatch(req.body);
        // A client that leaves takes its sub-requests with it: none keeps a concurrency slot of the mailbox
        // after the $batch that carried it is gone (a held one would otherwise throttle the mailbox for minutes).
        const gone = new AbortController();
        res.on('close', () => gone.abort());
        const responses = await runBatch(
          items,
          (item) => dispatch(ctx, req, item, gone.signal),
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

async function dispatch(
  ctx: EmulatorContext,
  req: Request,
  item: BatchItem,
  signal: AbortSignal,
): Promise<BatchResponseItem> {
  const path = item.url.startsWith('/') ? item.url : `/${item.url}`;
  const headers: Record<string, string> = { ...item.headers, [BATCH_MARKER_HEADER]: '1' };
  const authorization = req.header('authorization');
  if (authorization) headers.authorization = authorization;
  try {
    const response = await fetch(`${ctx.baseUrl}/v1.0${path}`, {
      method: item.method,
      headers,
      ...(item.body !== undefined
        ? { body: typeof item.body === 'string' ? item.body : JSON.stringify(item.body) }
        : {}),
      dispatcher: ctx.outbound,
      signal,
    });
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!DROPPED_HEADERS.has(name)) outHeaders[name] = value;
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return {
      id: item.id,
      status: response.status,
      headers: outHeaders,
      ...(text ? { body: isJson ? JSON.parse(text) : text } : {}),
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
