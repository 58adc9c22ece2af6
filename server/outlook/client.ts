/**
 * The Graph HTTP client of one mailbox: the real @microsoft/microsoft-graph-client (auth header, RetryHandler for
 * 429/503/504 with Retry-After, redirects) plus `Prefer: IdType="ImmutableId"` on every request, a request-budget
 * hook (`limiter`) around every call, and Graph faults translated into OutlookError. No paging, no mapping.
 */
import { Client, MiddlewareFactory, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { translateGraphError } from './errors';
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

/** Gives every request attempt its own deadline (the caller's own signal still counts). */
class RequestTimeout implements Middleware {
  private nextMiddleware: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const deadline = AbortSignal.timeout(this.timeoutMs);
    options.signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    if (!this.nextMiddleware) throw new Error('RequestTimeout must not be the last middleware');
    await this.nextMiddleware.execute(context);
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

/** The real Graph client for one mailbox, its token provider as the auth provider. */
export function createGraphClient(options: GraphClientOptions): Client {
  const { origin, host } = splitBaseUrl(options.baseUrl);
  const authProvider = { getAccessToken: () => options.getAccessToken({ mailbox: options.mailbox }) };
  const chain = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
  chain.splice(1, 0, new ImmutableIdPreference());
  // Just before the HTTP handler, after the retry handler: every attempt gets a fresh deadline.
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
 * Graph calls for one mailbox, each inside the limiter, each failure an OutlookError. Paths are relative to the
 * version root (`/users/{id}/events`) or absolute next/delta links, query strings already encoded.
 */
export class GraphTransport {
  private readonly limiter: RequestLimiter;

  constructor(
    private readonly client: Client,
    limiter?: RequestLimiter,
  ) {
    this.limiter = limiter ?? (<T>(fn: () => Promise<T>) => fn());
  }

  private async call<T>(what: string, run: () => Promise<T>, cost = 1): Promise<T> {
    return this.limiter(async () => {
      try {
        return await run();
      } catch (error) {
        throw translateGraphError(error, what);
      }
    }, cost);
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

  /** POST /$batch (at most 20 requests, each counted in the budget); sub-responses come back in any order. */
  async batch(requests: readonly GraphBatchRequest[]): Promise<GraphBatchResponse[]> {
    const answer = await this.call(
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
