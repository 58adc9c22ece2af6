/**
 * The Graph HTTP client of one mailbox: the real @microsoft/microsoft-graph-client (auth header, redirects) plus
 * `Prefer: IdType="ImmutableId"` on every request, the mailbox's request budget (`limiter`) around every call, 429 and
 * 503/504 waited out under the one retry policy (server/retry.ts; a 429 pauses the whole mailbox meanwhile), and
 * Graph faults translated into OutlookError. No paging, no mapping.
 */
import {
  Client,
  MiddlewareFactory,
  RetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { withRetry, type RetryPolicy } from '../retry';
import { isOutlookError, translateGraphError, type OutlookError } from './errors';
import { processRequestBudget } from './request-budget';
import { GraphBatchAnswerSchema, parseGraph } from './wire-schemas';
import type { GraphBatchRequest, GraphBatchResponse } from './wire-types';

export const GRAPH_VERSION = 'v1.0';
export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';
/**
 * How long one Graph request may take before it is given up (a held `$batch` once blocked a mailbox for 302 s).
 * Given up, it is a transient failure whose effect is unknown, like any lost answer: the engine checks what landed.
 */
export const GRAPH_REQUEST_TIMEOUT_MS = 100_000;

/** What a token is for: the mailbox (user object id) the calls act on. */
export interface TokenPurpose {
  mailbox: string;
}

/** Supplies a Graph access token (delegated via OBO, or app-only); the auth module owns caching and refresh. */
export type AccessTokenProvider = (purpose: TokenPurpose) => Promise<string>;

/**
 * Runs one Graph call inside the mailbox's request budget (4 concurrent / 10,000 per 10 min); `cost` is what the
 * call counts for (a `$batch` of n sub-requests: n, as Graph counts it). `pause` holds the mailbox back after a
 * 429 seen inside a `$batch` (a 429 of the call itself the limiter sees on its own).
 */
export interface RequestLimiter {
  <T>(fn: () => Promise<T>, cost?: number): Promise<T>;
  pause?(retryAfterSeconds: number): void;
}

export interface GraphClientOptions {
  /** https://graph.microsoft.com, or the emulator's https://localhost:PORT (a trailing /v1.0 is accepted). */
  baseUrl: string;
  getAccessToken: AccessTokenProvider;
  mailbox: string;
  limiter?: RequestLimiter;
  /** Per request (each retry gets its own); default GRAPH_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * The Graph SDK keeps only a failure's name and message, and fetch says "fetch failed" for every network error: the
 * reason undici keeps as `cause` ("other side closed", ECONNRESET, a TLS failure) goes into the message, which a
 * 1,000-mailbox bench needed to tell why runs could not reach Graph.
 */
function withNetworkCause(error: unknown): unknown {
  if (!(error instanceof Error) || typeof error.cause !== 'object' || error.cause === null) return error;
  const code: unknown = Reflect.get(error.cause, 'code');
  const message: unknown = Reflect.get(error.cause, 'message');
  if (typeof message !== 'string' || error.message.includes(message)) return error;
  error.message = `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${message})`;
  return error;
}

/** Gives every request attempt its own deadline (the caller's own signal still counts). */
class RequestTimeout implements Middleware {
  private nextMiddleware: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const deadline = AbortSignal.timeout(this.timeoutMs);
    options.signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    if (!this.nextMiddleware) throw new Error('RequestTimeout must not be the last middleware');
    try {
      await this.nextMiddleware.execute(context);
    } catch (error) {
      throw withNetworkCause(error);
    }
  }

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

/** Adds the immutable-id preference to every request, merged with any other `Prefer` the caller set. */
class ImmutableIdPreference implements Middleware {
  private nextMiddleware: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    // Cast: the SDK types options.headers loosely; it holds a HeadersInit, which Headers accepts in every form.
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    const current = headers.get('Prefer');
    if (!current || !/IdType\s*=/i.test(current)) {
      headers.set('Prefer', current ? `${IMMUTABLE_ID_PREFERENCE}, ${current}` : IMMUTABLE_ID_PREFERENCE);
    }
    options.headers = Object.fromEntries(headers.entries());
    if (!this.nextMiddleware) throw new Error('ImmutableIdPreference must not be the last middleware');
    await this.nextMiddleware.execute(context);
  }

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

function splitBaseUrl(baseUrl: string): { origin: string; host: string } {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:') throw new Error(`Graph base URL must be https: ${baseUrl}`);
  return { origin: url.origin, host: url.hostname };
}

/** Service Unavailable and Gateway Timeout: retried like a 429 (the statuses the SDK's RetryHandler retried). */
const RETRIED_UNAVAILABLE = new Set([503, 504]);

/** The real Graph client for one mailbox, its token provider as the auth provider. */
export function createGraphClient(options: GraphClientOptions): Client {
  const { origin, host } = splitBaseUrl(options.baseUrl);
  const authProvider = { getAccessToken: () => options.getAccessToken({ mailbox: options.mailbox }) };
  const chain = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
  // No SDK RetryHandler: its own backoff would be a second retry policy, and it would sleep holding the request's slot
  // in the mailbox's budget. GraphTransport retries under server/retry.ts instead, each attempt through this chain.
  const retry = chain.findIndex((m) => m instanceof RetryHandler);
  if (retry >= 0) chain.splice(retry, 1);
  chain.splice(1, 0, new ImmutableIdPreference());
  // Just before the HTTP handler: every attempt gets a fresh deadline.
  chain.splice(chain.length - 1, 0, new RequestTimeout(options.timeoutMs ?? GRAPH_REQUEST_TIMEOUT_MS));
  return Client.initWithMiddleware({
    middleware: chain,
    baseUrl: origin,
    defaultVersion: GRAPH_VERSION,
    customHosts: new Set([host]),
  });
}

type Headers_ = Record<string, string>;

/**
 * How Graph calls are retried, for single requests and `$batch` alike (batch.ts), under the one retry policy
 * (server/retry.ts). A 429 is waited out a few times; past that, or when its Retry-After is beyond `maxWaitSeconds`,
 * it goes up as a throttled OutlookError, which the engine words as "Outlook asked us to slow down".
 */
export interface GraphRetryOptions {
  /** Sends of one request (or of one whole `$batch`, or one sub-request) in all, first try included. Default 3. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the request fails throttled. Default 30 s. */
  maxWaitSeconds?: number;
  /** Used when a retryable answer has no Retry-After (the backoff's base). Default 1 s. */
  defaultWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphRetry {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function graphRetryOf(options: GraphRetryOptions = {}): GraphRetry {
  const base = (options.defaultWaitSeconds ?? 1) * 1000;
  return {
    policy: {
      maxAttempts: options.maxAttempts ?? 3,
      baseDelayMs: base,
      maxDelayMs: base * 8,
      maxRetryAfterSeconds: options.maxWaitSeconds ?? 30,
    },
    sleep: options.sleep ?? realSleep,
  };
}

/** The limiter of `mailbox` in this process's own budget (for a transport given none). */
function processLimiter(mailbox: string): RequestLimiter {
  const key = mailbox.toLowerCase();
  const budget = processRequestBudget();
  return Object.assign(<T>(fn: () => Promise<T>, cost?: number) => budget.run(key, fn, cost), {
    pause: (seconds: number) => budget.pause(key, seconds),
  });
}

export interface GraphTransportOptions {
  /** The mailbox's budget; without one, the process's own budget for `mailbox` (request-budget.ts). */
  limiter?: RequestLimiter;
  /** Whose budget the process's own one charges when no limiter is given (the user's object id). */
  mailbox?: string;
  retry?: GraphRetryOptions;
}

/**
 * Graph calls for one mailbox, each inside the mailbox's request budget, each failure an OutlookError; a 429 holds
 * back the whole mailbox for its Retry-After and is sent again (graphRetryOf). Paths are relative to the version
 * root (`/users/{id}/events`) or absolute next/delta links, query strings already encoded.
 */
export class GraphTransport {
  private readonly limiter: RequestLimiter;
  private readonly retry: GraphRetry;

  constructor(
    private readonly client: Client,
    options: GraphTransportOptions = {},
  ) {
    this.limiter = options.limiter ?? processLimiter(options.mailbox ?? 'me');
    this.retry = graphRetryOf(options.retry);
  }

  /** One try inside the budget; a throttled answer pauses the mailbox (Graph throttles per mailbox, not per call). */
  private attempt<T>(what: string, run: () => Promise<T>, cost: number): Promise<T> {
    return this.limiter(async () => {
      try {
        return await run();
      } catch (error) {
        const failure = translateGraphError(error, what);
        if (failure.kind === 'throttled') this.pause(failure.retryAfterSeconds ?? this.retry.policy.baseDelayMs / 1000);
        throw failure;
      }
    }, cost);
  }

  /**
   * The call, its 429s and 503/504s waited out (outside the budget, so the wait holds no slot) under the one retry
   * policy: the answers Microsoft's throttling guidance says to retry after Retry-After, as the SDK's RetryHandler did.
   */
  private call<T>(what: string, run: () => Promise<T>, cost = 1): Promise<T> {
    return withRetry(this.retry.policy, () => this.attempt(what, run, cost), {
      retryable: (error): { error: OutlookError; retryAfterSeconds: number | null } | null =>
        isOutlookError(error) && (error.kind === 'throttled' || RETRIED_UNAVAILABLE.has(error.cause.status))
          ? { error, retryAfterSeconds: error.retryAfterSeconds }
          : null,
      sleep: this.retry.sleep,
    });
  }

  /** Holds back every request of the mailbox for this long (a 429 inside a `$batch`: Graph throttles per mailbox). */
  pause(retryAfterSeconds: number): void {
    this.limiter.pause?.(retryAfterSeconds);
  }

  /** The answer parsed with `schema` (wire-schemas.ts): a wrong shape is an OutlookError naming the field. */
  get<T>(path: string, schema: z.ZodType<T>, headers: Headers_ = {}): Promise<T> {
    const what = `GET ${pathOnly(path)}`;
    return this.call(what, async () => {
      const answer: unknown = await this.client.api(path).headers(headers).get();
      return parseGraph(schema, answer, what);
    });
  }

  /** The answer unparsed: a caller that reads it parses it (parseGraph). */
  post(path: string, body: unknown, headers: Headers_ = {}): Promise<unknown> {
    return this.call(`POST ${pathOnly(path)}`, async (): Promise<unknown> => {
      return this.client.api(path).headers(headers).post(body);
    });
  }

  /** The answer unparsed: a caller that reads it parses it (parseGraph). */
  patch(path: string, body: unknown, headers: Headers_ = {}): Promise<unknown> {
    return this.call(`PATCH ${pathOnly(path)}`, async (): Promise<unknown> => {
      return this.client.api(path).headers(headers).patch(body);
    });
  }

  delete(path: string, headers: Headers_ = {}): Promise<void> {
    return this.call(`DELETE ${pathOnly(path)}`, async () => {
      await this.client.api(path).headers(headers).delete();
    });
  }

  /**
   * POST /$batch (at most 20 requests, each counted in the budget); sub-responses come back in any order. One try:
   * batch.ts re-sends the envelope and its sub-requests under the same policy.
   */
  async batch(requests: readonly GraphBatchRequest[]): Promise<GraphBatchResponse[]> {
    const answer = await this.attempt(
      'POST /$batch',
      async () =>
        parseGraph(GraphBatchAnswerSchema, await this.client.api('/$batch').post({ requests }), 'POST /$batch'),
      requests.length,
    );
    return answer.responses ?? [];
  }
}

/** A path without its query, for messages (queries can hold mapping ids and tokens). */
function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}
