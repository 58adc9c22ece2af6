/**
 * HTTP to Odoo: the JSON-RPC (`/jsonrpc`, execute_kw, API key as password) and JSON-2 (`/json/2/<model>/<method>`,
 * bearer key) transports behind one `call(model, method, {ids, context, ...named})`, protocol detection from
 * `/web/version`, timeouts, typed errors and retries of transient failures. No calendar knowledge here.
 */
import { firstIssue } from '../../zod-issue';
import { z } from 'zod';
import { ErpError } from '../errors';
import { parseRetryAfter, withRetry, type RetryPolicy } from '../../retry';
import { fromNetwork, fromOdooException, fromStatus } from './faults';
import { parseOdooVersion, servesJson2 } from './versions';

export type OdooProtocol = 'jsonrpc' | 'json2';

export interface OdooCallParams {
  ids?: number[];
  context?: Record<string, unknown>;
  [name: string]: unknown;
}

export interface OdooClientOptions {
  url: string;
  database: string;
  login: string;
  apiKey: string;
  protocol: OdooProtocol | 'auto';
  timeoutMs: number;
  retry: RetryPolicy;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  onRetry?: (error: ErpError, attempt: number, delayMs: number) => void;
}

// The envelopes of Odoo's answers, parsed here; what the result holds is the caller's to parse (answers.ts).
const VersionAnswer = z.looseObject({ version: z.string().optional() });
const ServerVersion = z.looseObject({ server_version: z.string() });
const UserContext = z.looseObject({ uid: z.number().int() });
/** JSON-2's error body. */
const Json2Error = z.looseObject({ name: z.string().optional(), message: z.string().optional() });
/** JSON-RPC's answer: a result, or an error member. */
const JsonRpcAnswer = z.looseObject({
  result: z.unknown().optional(),
  error: z
    .looseObject({
      code: z.number().optional(),
      message: z.string(),
      data: z.looseObject({ name: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .optional(),
});

interface HttpAnswer {
  status: number;
  text: string;
  retryAfterSeconds: number | undefined;
}

export class OdooClient {
  private protocolInUse: OdooProtocol | null;
  private uid: number | null = null;
  /** `major.minor` once known. */
  serverVersion: string | null = null;

  constructor(private readonly options: OdooClientOptions) {
    this.protocolInUse = options.protocol === 'auto' ? null : options.protocol;
  }

  get baseUrl(): string {
    return this.options.url.replace(/\/+$/, '');
  }

  /** The protocol in use, detecting it from the server version when configured 'auto'. */
  async protocol(): Promise<OdooProtocol> {
    if (this.protocolInUse) return this.protocolInUse;
    const version = await this.version();
    this.protocolInUse = servesJson2(parseOdooVersion(version)) ? 'json2' : 'jsonrpc';
    return this.protocolInUse;
  }

  /** The server version from `/web/version`, else JSON-RPC `common.version`. */
  async version(): Promise<string> {
    if (this.serverVersion) return this.serverVersion;
    const answer = await this.retrying(() => this.http('GET', '/web/version', undefined, {}));
    // A page that is not Odoo's version JSON (a proxy's, an old server's): ask over JSON-RPC instead.
    const body = answer.status === 200 ? VersionAnswer.safeParse(parseJson(answer.text)) : null;
    if (body?.success && body.data.version) return (this.serverVersion = body.data.version);
    const info = this.parsed(ServerVersion, await this.jsonRpc('common', 'version', []), 'common.version');
    return (this.serverVersion = info.server_version);
  }

  /** Proves the credentials; returns the uid they belong to. */
  async authenticate(): Promise<number> {
    if ((await this.protocol()) === 'jsonrpc') return this.jsonRpcUid();
    const context = this.parsed(UserContext, await this.call<unknown>('res.users', 'context_get', {}), 'context_get');
    return context.uid;
  }

  /**
   * The answer of `model.method`. `T` is not checked here: a caller that relies on the answer's shape asks for
   * `unknown` and parses it (answers.ts callParsed); the rest only pass it on.
   */
  async call<T>(model: string, method: string, params: OdooCallParams): Promise<T> {
    const protocol = await this.protocol();
    const answer = await this.retrying(() =>
      protocol === 'json2' ? this.json2(model, method, params) : this.executeKw(model, method, params),
    );
    // Cast: unchecked by design (see above): callers that rely on the shape ask for unknown and parse it.
    return answer as T;
  }

  /** A wrong shape is 'transient', like an answer that is not JSON: most often a proxy's passing fault. */
  private parsed<S extends z.ZodType>(schema: S, answer: unknown, where: string): z.infer<S> {
    const result = schema.safeParse(answer);
    if (result.success) return result.data;
    const { field, message } = firstIssue(result.error, 'answer');
    throw new ErpError('transient', `Odoo answered ${where} with an unexpected ${field}: ${message}`, {
      cause: { where, issues: result.error.issues.slice(0, 5) },
    });
  }

  private retrying<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(this.options.retry, operation, {
      retryable: (error) =>
        error instanceof ErpError && error.retryable
          ? { error, retryAfterSeconds: error.retryAfterSeconds ?? null }
          : null,
      sleep: this.options.sleep,
      ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
    });
  }

  private async json2(model: string, method: string, params: OdooCallParams): Promise<unknown> {
    const where = `${model}.${method}`;
    const answer = await this.http('POST', `/json/2/${model}/${method}`, params, {
      Authorization: `bearer ${this.options.apiKey}`,
      'X-Odoo-Database': this.options.database,
    });
    if (answer.status === 200) {
      const result = parseJson(answer.text);
      if (result === NOT_JSON) throw notJson(where, answer.text);
      return result;
    }
    const parsedBody = Json2Error.safeParse(parseJson(answer.text));
    const body = parsedBody.success ? parsedBody.data : null;
    // A named exception is Odoo's own answer, whatever the status: JSON-2 answers 500 for a ValueError such as an
    // invalid field, which no retry will cure. Only an unnamed answer (a proxy's 502, a 503) is judged by status.
    if (body?.name) throw fromOdooException(body.name, body.message ?? '', where, { status: answer.status, body });
    if (answer.status === 404 && /No database is selected/.test(answer.text)) throw this.noSuchDatabase(answer.text);
    throw fromStatus(answer.status, where, answer.text, answer.retryAfterSeconds);
  }

  private noSuchDatabase(cause: unknown): ErpError {
    return noSuchDatabaseError(this.baseUrl, this.options.database, cause);
  }

  private async jsonRpcUid(): Promise<number> {
    if (this.uid !== null) return this.uid;
    const { database, login, apiKey } = this.options;
    const uid = await this.retrying(() => this.jsonRpc('common', 'authenticate', [database, login, apiKey, {}]));
    if (typeof uid !== 'number') {
      throw new ErpError(
        'auth',
        `Odoo refused the login ${login} on database ${database}: check the login and API key`,
      );
    }
    return (this.uid = uid);
  }

  private async executeKw(model: string, method: string, params: OdooCallParams): Promise<unknown> {
    const uid = await this.jsonRpcUid();
    const { ids, ...named } = params;
    const args: unknown[] = ids === undefined ? [] : [ids];
    // Odoo's call_kw reads create's values from the positional arguments (`args[0]`), so a `vals_list` keyword
    // fails with IndexError on real Odoo 17-19: create's values go positionally, everything else by name.
    const { vals_list: valsList, ...kwargs } = named;
    if (method === 'create' && valsList !== undefined) args.push(valsList);
    else if (valsList !== undefined) kwargs.vals_list = valsList;
    return this.jsonRpc(
      'object',
      'execute_kw',
      [this.options.database, uid, this.options.apiKey, model, method, args, kwargs],
      `${model}.${method}`,
    );
  }

  private async jsonRpc(
    service: string,
    method: string,
    args: unknown[],
    where = `${service}.${method}`,
  ): Promise<unknown> {
    const answer = await this.http(
      'POST',
      '/jsonrpc',
      { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: Date.now() },
      {},
    );
    if (answer.status !== 200) throw fromStatus(answer.status, where, answer.text, answer.retryAfterSeconds);
    const json = parseJson(answer.text);
    if (json === NOT_JSON) throw notJson(where, answer.text);
    const body = this.parsed(JsonRpcAnswer, json, where);
    if (body.error) {
      const data = body.error.data ?? {};
      const message = data.message ?? body.error.message;
      // JSON-RPC names the database in each call; a wrong name fails as PostgreSQL's connection error.
      if (/database "[^"]*" does not exist/.test(message)) throw this.noSuchDatabase(body.error);
      throw fromOdooException(data.name ?? 'UnknownError', message, where, body.error);
    }
    return body.result;
  }

  private async http(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<HttpAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          'User-Agent': 'outlook-erp-sync',
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), this.options.now()) ?? undefined,
      };
    } catch (error) {
      throw fromNetwork(error, `${method} ${path}`);
    }
  }
}

/** Settings, not an outage: never retried. */
function noSuchDatabaseError(url: string, database: string, cause: unknown): ErpError {
  return new ErpError(
    'auth',
    `Odoo at ${url} has no database named "${database}" (or does not serve it to this address): check the database name`,
    { cause, erpMessage: `No database "${database}"` },
  );
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page): the caller reports the status, or notJson.
    return NOT_JSON;
  }
}

function notJson(where: string, text: string): ErpError {
  return new ErpError('transient', `Odoo answered ${where} with something that is not JSON`, {
    cause: text.slice(0, 500),
  });
}
