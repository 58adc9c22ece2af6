/**
 * The one error type that crosses module edges. Adapters translate protocol faults (Graph, Odoo, HTTP) into it;
 * server/http turns it into an RFC 9457 problem. It carries no stack to clients, only `code` and `message`.
 */
import type { ProblemCode } from '../contract/addin-api/codes';

/** The closed list is the add-in contract's (contract/addin-api/codes.ts): the pane has words for every code. */
export type ErrorCode = ProblemCode;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  throttled: 429,
  auth_revoked: 401,
  /** The stored delegated token is gone or revoked: the person must reconnect from the pane. */
  needs_reconnect: 409,
  consent_required: 403,
  /** The person's own ERP key is missing or refused: the pane asks them to link it. */
  erp_key_required: 403,
  claims_challenge: 401,
  validation: 422,
  transient: 503,
  config: 500,
  internal: 500,
};

export interface AppErrorOptions {
  cause?: unknown;
  /** Expected failures (bad input, remote refusals) are operational; bugs are not. */
  operational?: boolean;
  status?: number;
  /** Extra members for the problem body (e.g. `claims`, `retryAfterSeconds`). Never secrets. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly operational: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? STATUS_BY_CODE[code];
    this.operational = options.operational ?? code !== 'internal';
    this.details = options.details ?? {};
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
