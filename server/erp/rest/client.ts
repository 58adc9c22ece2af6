/**
 * HTTP to a REST ERP by contract operation: builds the URL, signs (bearer or HMAC), retries 429/5xx within
 * bounds, turns problems into typed ErpErrors and checks every success body against the contract's schema.
 */
import { ErpError, type ErpErrorKind } from '../errors';
import type { Contract } from './contract';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from '../../retry';

/** Not an HTTP status: the client's marker for "no response at all" (refused, reset), retried like a 503. */
export const NO_RESPONSE = 599;
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504, NO_RESPONSE]);
import { hmacAuthorization } from './signing';
import { ContractViolationError, type ContractValidator } from './validate';
import type { WireProblem } from './wire-types';

export type RestErpAuth = { kind: 'bearer'; token: string } | { kind: 'hmac'; keyId: string; secret: string };

export interface RestErpClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: RestErpClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CallInput {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RestErpClientOptions {
  baseUrl: string;
  auth: RestErpAuth;
  contract: Contract;
  validator: ContractValidator;
  clock: RestErpClock;
  retry: RetryPolicy;
  /** A request without an answer after this long is abandoned and treated as no response (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

function kindForStatus(status: number): ErpErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429 || status >= 500) return 'transient';
  return 'validation';
}

export class RestErpClient {
  private readonly base: URL;

  constructor(private readonly options: RestErpClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  /** `/appointments?ids=a` -> the full URL under the base URL's own path prefix. */
  url(pathAndQuery: string): URL {
    return new URL(pathAndQuery.replace(/^\//, ''), this.base);
  }

  /** One authenticated request, no retry, no interpretation: the conformance checks start from this. */
  async send(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<RawResponse> {
    const url = this.url(pathAndQuery);
    const auth = this.options.auth;
    const authorization =
      auth.kind === 'bearer'
        ? `Bearer ${auth.token}`
        : hmacAuthorization(
            { method, pathAndQuery: url.pathname + url.search, body: body ?? '' },
            auth,
            Math.floor(this.options.clock.now().getTime() / 1000),
          );
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers, authorization } };
    if (body !== undefined) {
      init.body = body;
      // Cast: init.headers is the plain object built above.
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    init.signal = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const response = await fetch(url, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Calls a contract operation; resolves with the validated body of a 2xx, rejects with an ErpError otherwise. */
  async call<T>(operationId: string, input: CallInput = {}): Promise<CallResult<T>> {
    const operation = this.options.contract.operations.get(operationId);
    if (!operation) throw new Error(`The ERP contract has no operation ${operationId}`);
    const pathAndQuery = buildPath(operation.path, input);
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    const what = `${operation.method} ${operation.path}`;
    for (let attempt = 1; ; attempt++) {
      const response = await this.attempt(operation.method, pathAndQuery, input.headers, body, what);
      if (response.status >= 200 && response.status < 300) return this.success<T>(operationId, what, response);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now());
      const delay = RETRYABLE_STATUSES.has(response.status)
        ? retryDelayMs(this.options.retry, attempt, retryAfter)
        : null;
      if (delay === null) throw this.failure(operationId, what, response, retryAfter ?? undefined);
      await this.options.clock.sleep(delay);
    }
  }

  private async attempt(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string> | undefined,
    body: string | undefined,
    what: string,
  ): Promise<RawResponse> {
    try {
      return await this.send(method, pathAndQuery, headers, body);
    } catch (cause) {
      // A refused connection or reset: the response never came, so it is reported as a 503 would be.
      const message = cause instanceof Error ? cause.message : String(cause);
      return {
        status: NO_RESPONSE,
        headers: new Headers(),
        text: JSON.stringify({ networkError: `${what}: ${message}` }),
      };
    }
  }

  private success<T>(operationId: string, what: string, response: RawResponse): CallResult<T> {
    const schema = this.options.contract.responseSchema(operationId, response.status);
    // Cast: the contract declares no body for this answer, so callers ask for T = undefined.
    if (schema === null) return { status: response.status, headers: response.headers, body: undefined as T };
    const subject = `The ERP's answer to ${what} (${response.status})`;
    try {
      const parsed: unknown = JSON.parse(response.text);
      const body = this.options.validator.check<T>(schema, parsed, subject);
      return { status: response.status, headers: response.headers, body };
    } catch (cause) {
      const message = cause instanceof ContractViolationError ? cause.message : `${subject} is not JSON`;
      throw new ErpError('validation', message, { cause });
    }
  }

  private failure(operationId: string, what: string, response: RawResponse, retryAfter: number | undefined): ErpError {
    const problem = readProblem(response.text);
    const summary = problem
      ? `${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`
      : response.text.slice(0, 200);
    const status = response.status === NO_RESPONSE ? 'no response' : `HTTP ${response.status}`;
    const kind = kindForStatus(response.status);
    const options: { cause: unknown; retryAfterSeconds?: number; erpMessage?: string } = {
      cause: {
        operationId,
        status: response.status,
        problem,
        body: problem ? undefined : response.text.slice(0, 2000),
      },
    };
    if (retryAfter !== undefined) options.retryAfterSeconds = retryAfter;
    if (kind === 'validation' && problem) options.erpMessage = erpWords(problem);
    const note = this.errorBodyNote(operationId, response);
    return new ErpError(kind, `ERP ${what} failed (${status}): ${summary}${note}`, options);
  }

  /** Error answers are checked too: the kind still follows the status, the message says what broke the contract. */
  private errorBodyNote(operationId: string, response: RawResponse): string {
    const schema = this.options.contract.responseSchema(operationId, response.status);
    if (schema === null) return '';
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return ` (the error body is not JSON, the contract wants a ${schema})`;
    }
    const issues = this.options.validator.issues(schema, body);
    return issues.length === 0 ? '' : ` (the error body does not match the ERP contract: ${issues.join('; ')})`;
  }
}

/** The ERP's own words about refused data, for the person: the detail and each member's complaint. */
function erpWords(problem: WireProblem): string {
  const members = (problem.errors ?? []).map((e) => `${e.pointer || '/'} ${e.detail}`);
  return [problem.detail ?? problem.title, ...members].join('; ');
}

function readProblem(text: string): WireProblem | null {
  try {
    // Cast: read as partial, returned as a problem only once title and status are checked.
    const value = JSON.parse(text) as Partial<WireProblem> | null;
    return value && typeof value.title === 'string' && typeof value.status === 'number' ? (value as WireProblem) : null;
  } catch {
    // Not JSON (a proxy's HTML page, say): the caller reports the raw text instead.
    return null;
  }
}

/** `/appointments/{id}` + `{id: 'a/b'}` + query -> `/appointments/a%2Fb?x=1`. Undefined query values are left out. */
export function buildPath(template: string, input: CallInput): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.path?.[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) if (value !== undefined) query.set(key, String(value));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
