/**
 * Graph faults as one typed error: `OutlookError` (an AppError) with a kind the engine can act on, and the
 * status, Graph error code, request-id and parsed body kept in `cause`. Translation only; no retries here.
 */
import { AppError, type ErrorCode } from '../errors';
import { parseRetryAfter } from '../retry';

export type OutlookErrorKind =
  | 'auth'
  | 'not_found'
  /** A stale If-Match (412, or 409 from some Exchange versions). */
  | 'conflict'
  | 'throttled'
  /** 410 on a delta link (SyncStateNotFound / resyncRequired): start a full resync. */
  | 'sync_state_not_found'
  | 'validation'
  | 'transient';

export interface OutlookErrorCause {
  status: number;
  /** Graph's `error.code` (ErrorItemNotFound, ApplicationThrottled...). */
  graphCode: string | null;
  requestId: string | null;
  /** The parsed error body as Graph sent it. */
  body: unknown;
}

const CODES: Record<OutlookErrorKind, ErrorCode> = {
  auth: 'unauthorized',
  not_found: 'not_found',
  conflict: 'precondition_failed',
  throttled: 'throttled',
  sync_state_not_found: 'conflict',
  validation: 'validation',
  transient: 'transient',
};

export class OutlookError extends AppError {
  readonly kind: OutlookErrorKind;
  readonly retryAfterSeconds: number | null;
  declare readonly cause: OutlookErrorCause;

  constructor(
    kind: OutlookErrorKind,
    message: string,
    cause: OutlookErrorCause,
    retryAfterSeconds: number | null = null,
  ) {
    super(CODES[kind], message, {
      cause,
      status: cause.status > 0 ? cause.status : undefined,
      details: {
        graphCode: cause.graphCode,
        requestId: cause.requestId,
        ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }),
      },
    });
    this.name = 'OutlookError';
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isOutlookError(value: unknown): value is OutlookError {
  return value instanceof OutlookError;
}

/** The kind a Graph status (and error code) means. */
export function kindOfStatus(status: number, graphCode: string | null): OutlookErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412)
    return graphCode === 'ErrorIrresolvableConflict' || status === 412 ? 'conflict' : 'validation';
  if (status === 410) return 'sync_state_not_found';
  if (status === 429) return 'throttled';
  if (status >= 500 || status <= 0 || status === 408) return 'transient';
  return 'validation';
}

function errorParts(body: unknown): { code: string | null; message: string | null; requestId: string | null } {
  // Cast: optional reads of an unknown body; each value is checked with typeof before use.
  const error = (body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | null)
    ?.error;
  const requestId = error?.innerError?.['request-id'];
  return {
    code: typeof error?.code === 'string' ? error.code : null,
    message: typeof error?.message === 'string' ? error.message : null,
    requestId: typeof requestId === 'string' ? requestId : null,
  };
}

/** An OutlookError from a Graph status, body and headers (a whole response, or one $batch sub-response). */
export function outlookErrorFromResponse(
  status: number,
  body: unknown,
  header: (name: string) => string | null | undefined,
  what: string,
): OutlookError {
  const parts = errorParts(body);
  const requestId = parts.requestId ?? header('request-id') ?? null;
  const kind = kindOfStatus(status, parts.code);
  const retryAfter = kind === 'throttled' || kind === 'transient' ? parseRetryAfter(header('retry-after')) : null;
  const message = `${what}: Graph answered ${status}${parts.code ? ` ${parts.code}` : ''}${parts.message ? `: ${parts.message}` : ''}`;
  return new OutlookError(kind, message, { status, graphCode: parts.code, requestId, body }, retryAfter);
}

interface GraphClientErrorLike {
  statusCode?: number;
  code?: string | null;
  requestId?: string | null;
  body?: unknown;
  headers?: { get(name: string): string | null };
  message?: string;
}

/** Translates what the Graph client threw (GraphError, or a network failure it wrapped) into an OutlookError. */
export function translateGraphError(error: unknown, what: string): OutlookError {
  if (error instanceof OutlookError) return error;
  // Cast: optional reads of whatever the SDK threw; every field of GraphClientErrorLike is optional and checked before use.
  const e = (error ?? {}) as GraphClientErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : -1;
  let body: unknown = e.body;
  if (typeof body === 'string') {
    try {
      // GraphError keeps `JSON.stringify(error.error)`: put the `error` wrapper back so the body reads as Graph sent it.
      const parsed: unknown = JSON.parse(body);
      body = parsed && typeof parsed === 'object' && !('error' in parsed) ? { error: parsed } : parsed;
    } catch (parseError) {
      if (!(parseError instanceof SyntaxError)) throw parseError;
      body = { error: { code: e.code ?? null, message: body } };
    }
  }
  if (status <= 0) {
    const cause = { status, graphCode: e.code ?? null, requestId: null, body: { message: e.message ?? String(error) } };
    return new OutlookError('transient', `${what}: Graph could not be reached: ${e.message ?? String(error)}`, cause);
  }
  return outlookErrorFromResponse(
    status,
    body,
    (name) => e.headers?.get(name) ?? (name === 'request-id' ? e.requestId : null),
    what,
  );
}
