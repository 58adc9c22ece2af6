/**
 * JSON batching: runs any number of sub-requests through `POST /$batch` in chunks of 20, and re-sends only the
 * sub-requests answered 429 (or 503/504) after their Retry-After, a bounded number of times. Returns each
 * sub-response by id; turning them into outcomes is the caller's business.
 */
import { IMMUTABLE_ID_PREFERENCE, type GraphTransport } from './client';
import { parseRetryAfter } from './errors';
import type { GraphBatchRequest, GraphBatchResponse } from './wire-types';

export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 503, 504]);

export interface BatchRetryOptions {
  /** Sends of one sub-request in all (first try included). Default 3. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the sub-request fails throttled. Default 30 s. */
  maxWaitSeconds?: number;
  /** Used when a retryable sub-response has no Retry-After. Default 1 s. */
  defaultWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function header(response: GraphBatchResponse, name: string): string | undefined {
  const entry = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

/** A sub-request with the headers every Graph call of ours carries (the batch's own headers do not apply to it). */
function withDefaults(request: GraphBatchRequest): GraphBatchRequest {
  const headers: Record<string, string> = { Prefer: IMMUTABLE_ID_PREFERENCE, ...(request.headers ?? {}) };
  if (request.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  return { ...request, headers };
}

async function runChunk(
  transport: GraphTransport,
  chunk: GraphBatchRequest[],
  options: BatchRetryOptions,
): Promise<GraphBatchResponse[]> {
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const done = new Map<string, GraphBatchResponse>();
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const responses = await transport.batch(pending);
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    const retry: GraphBatchRequest[] = [];
    let wait = 0;
    for (const request of pending) {
      const response = byId.get(request.id) ?? {
        id: request.id,
        status: 502,
        body: { error: { code: 'MissingBatchResponse', message: 'No sub-response for this id.' } },
      };
      const retryAfter = parseRetryAfter(header(response, 'retry-after'));
      const retryable = RETRYABLE.has(response.status) && (response.status === 429 || retryAfter !== null);
      const seconds = retryAfter ?? options.defaultWaitSeconds ?? 1;
      if (retryable && attempt < maxAttempts && seconds <= (options.maxWaitSeconds ?? 30)) {
        retry.push(request);
        wait = Math.max(wait, seconds);
      } else {
        done.set(request.id, response);
      }
    }
    if (retry.length > 0) await sleep(wait * 1000);
    pending = retry;
  }
  return chunk.map((request) => done.get(request.id)!);
}

/** Runs `requests` (ids unique) in batches of 20; the answer maps each id to its final sub-response. */
export async function executeBatch(
  transport: GraphTransport,
  requests: readonly GraphBatchRequest[],
  options: BatchRetryOptions = {},
): Promise<Map<string, GraphBatchResponse>> {
  const out = new Map<string, GraphBatchResponse>();
  const prepared = requests.map(withDefaults);
  for (let i = 0; i < prepared.length; i += BATCH_LIMIT) {
    const chunk = prepared.slice(i, i + BATCH_LIMIT);
    for (const response of await runChunk(transport, chunk, options)) out.set(String(response.id), response);
  }
  return out;
}
