/**
 * JSON batching: runs any number of sub-requests through `POST /$batch` in chunks of 20, under the one retry policy
 * (server/retry.ts): sub-requests answered 429 (or 503/504 with Retry-After) are re-sent alone after their
 * Retry-After, and a 429 pauses the whole mailbox's budget, as Graph throttles per mailbox; a `$batch` that fails as a
 * whole (a dropped connection, a 5xx) is re-sent, so one lost envelope does not fail twenty writes. Writes are safe to
 * re-send: creates carry a transactionId and our mapping id, updates and deletes an If-Match. Returns each
 * sub-response by id; turning them into outcomes is the caller's business.
 */
import { parseRetryAfter, retryDelayMs, withRetry, type RetryPolicy } from '../retry';
import { graphRetryOf, IMMUTABLE_ID_PREFERENCE, type GraphRetryOptions, type GraphTransport } from './client';
import { isOutlookError } from './errors';
import type { GraphBatchRequest, GraphBatchResponse } from './wire-types';

export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 503, 504]);

/** How sub-requests and envelopes are retried: the transport's options (client.ts), one set for both. */
export type BatchRetryOptions = GraphRetryOptions;

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

/** The envelope, re-sent while it fails as a whole for a transient reason (a dropped connection, a 5xx, a 429). */
async function sendEnvelope(
  transport: GraphTransport,
  pending: GraphBatchRequest[],
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
): Promise<GraphBatchResponse[]> {
  return withRetry(policy, () => transport.batch(pending), {
    retryable: (error) =>
      isOutlookError(error) && (error.kind === 'transient' || error.kind === 'throttled')
        ? { error, retryAfterSeconds: error.retryAfterSeconds }
        : null,
    sleep,
  });
}

async function runChunk(
  transport: GraphTransport,
  chunk: GraphBatchRequest[],
  options: BatchRetryOptions,
): Promise<GraphBatchResponse[]> {
  const { policy, sleep } = graphRetryOf(options);
  const done = new Map<string, GraphBatchResponse>();
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const responses = await sendEnvelope(transport, pending, policy, sleep);
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    const retry: GraphBatchRequest[] = [];
    let wait = 0;
    let throttledFor = 0;
    for (const request of pending) {
      const response = byId.get(request.id) ?? {
        id: request.id,
        status: 502,
        body: { error: { code: 'MissingBatchResponse', message: 'No sub-response for this id.' } },
      };
      const retryAfter = parseRetryAfter(header(response, 'retry-after'));
      if (response.status === 429) throttledFor = Math.max(throttledFor, retryAfter ?? policy.baseDelayMs / 1000);
      const retryable = RETRYABLE.has(response.status) && (response.status === 429 || retryAfter !== null);
      const delay = retryable ? retryDelayMs(policy, attempt, retryAfter) : null;
      if (delay !== null) {
        retry.push(request);
        wait = Math.max(wait, delay);
      } else {
        done.set(request.id, response);
      }
    }
    // Graph throttles per mailbox: a 429 inside a batch holds back every request of the mailbox, not only these.
    if (throttledFor > 0) transport.pause(throttledFor);
    if (retry.length > 0) await sleep(wait);
    pending = retry;
  }
  return chunk.map((request) => answerTo(done, request.id));
}

/**
 * The sub-response to request `id` of an executeBatch answer, which holds one for every request it was given (a
 * missing one becomes a 502); a miss is a bug of the caller (an id it did not send), said as such.
 */
export function answerTo(responses: ReadonlyMap<string, GraphBatchResponse>, id: string): GraphBatchResponse {
  const response = responses.get(id);
  if (!response) throw new Error(`No $batch sub-response for request id ${id}: it was not among the requests sent`);
  return response;
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
