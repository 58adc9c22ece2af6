/**
 * The conformance suite's HTTP probe: sends one contract operation (no retry), and fails unless the ERP answered
 * the expected status, declared it, and sent a body, headers and problem format the contract requires.
 */
import {
  buildPath,
  DEFAULT_RETRY,
  RestErpClient,
  systemClock,
  type CallInput,
  type Contract,
  type ContractValidator,
  type RestErpAuth,
} from '../../server/erp/rest';

export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** A check that does not apply to this ERP (an optional operation it does not offer): reported as skipped. */
export class CheckSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckSkipped';
  }
}

export interface ProbeRequest extends Omit<CallInput, 'body'> {
  body?: unknown;
  /** Sent as is, for bodies that are not JSON on purpose. */
  rawBody?: string;
  /** Send with credentials the ERP cannot know. */
  anonymous?: boolean;
}

export interface ProbeResponse {
  status: number;
  headers: Headers;
  // The body is whatever the contract schema for that status says; checks narrow it.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const RATE_LIMIT_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];

export class Probe {
  /** `operationId status` pairs seen answered as the contract says. */
  readonly covered = new Set<string>();
  private readonly client: RestErpClient;
  private readonly stranger: RestErpClient;

  constructor(
    baseUrl: string,
    auth: RestErpAuth,
    private readonly contract: Contract,
    private readonly validator: ContractValidator,
  ) {
    const options = { baseUrl, contract, validator, clock: systemClock, retry: DEFAULT_RETRY };
    this.client = new RestErpClient({ ...options, auth });
    this.stranger = new RestErpClient({ ...options, auth: { kind: 'bearer', token: 'conformance-unknown-token' } });
  }

  async expect(operationId: string, request: ProbeRequest, expected: number | number[]): Promise<ProbeResponse> {
    const allowed = Array.isArray(expected) ? expected : [expected];
    const operation = this.contract.operations.get(operationId);
    if (!operation) throw new Error(`The contract has no operation ${operationId}`);
    const what = `${operation.method} ${operation.path}`;
    const client = request.anonymous ? this.stranger : this.client;
    const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    const raw = await client.send(operation.method, buildPath(operation.path, request), request.headers, body);
    let parsed: unknown = undefined;
    try {
      parsed = raw.text === '' ? undefined : JSON.parse(raw.text);
    } catch {
      if (this.contract.responseSchema(operationId, raw.status))
        throw new CheckFailure(`${what}: the ${raw.status} body is not JSON`);
    }
    if (!allowed.includes(raw.status)) {
      const detail = (parsed as { detail?: string } | undefined)?.detail ?? raw.text.slice(0, 200);
      throw new CheckFailure(
        `${what}: expected ${allowed.join(' or ')}, got ${raw.status}${detail ? ` (${detail})` : ''}`,
      );
    }
    if (!operation.statuses.includes(String(raw.status)))
      throw new CheckFailure(`${what}: status ${raw.status} is not in the contract`);
    this.checkBody(operationId, what, raw.status, raw.headers, parsed);
    if (!request.anonymous) this.checkRateLimitHeaders(what, raw.headers);
    this.covered.add(`${operationId} ${raw.status}`);
    return { status: raw.status, headers: raw.headers, body: parsed };
  }

  private checkBody(operationId: string, what: string, status: number, headers: Headers, body: unknown): void {
    const schema = this.contract.responseSchema(operationId, status);
    if (schema) {
      const issues = this.validator.issues(schema, body);
      if (issues.length > 0)
        throw new CheckFailure(`${what} (${status}) breaks the ${schema} schema: ${issues.join('; ')}`);
    }
    if (status >= 400) {
      const type = headers.get('content-type') ?? '';
      if (!type.includes('application/problem+json'))
        throw new CheckFailure(`${what} (${status}): content type is ${type}, not application/problem+json`);
      if ((body as { status?: number }).status !== status)
        throw new CheckFailure(`${what} (${status}): the problem's status member differs`);
    }
    if (status === 429 && !/^\d+$/.test(headers.get('retry-after') ?? ''))
      throw new CheckFailure(`${what} (429): no Retry-After in seconds`);
  }

  private checkRateLimitHeaders(what: string, headers: Headers): void {
    for (const name of RATE_LIMIT_HEADERS) {
      if (!/^\d+$/.test(headers.get(name) ?? ''))
        throw new CheckFailure(`${what}: header ${name} is missing or not an integer`);
    }
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}
