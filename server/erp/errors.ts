/**
 * Typed ERP failures, the same for every adapter, so the engine decides retry / reconnect / show-to-person
 * without knowing which ERP spoke.
 */
import { AppError } from '../errors';

/**
 * - auth: credentials refused or revoked, or the ERP user may not do this (reconnect / fix rights; not retried)
 * - not_found: the record does not exist (a delete treats it as done)
 * - validation: the ERP refused the data; `erpMessage` is its own words, for the person
 * - conflict: the record changed since the version the caller holds
 * - transient: network failure, timeout, 5xx, 429: retry later (`retryAfterSeconds` when the ERP said)
 */
export type ErpErrorKind = 'auth' | 'not_found' | 'validation' | 'conflict' | 'transient';

const CODE = {
  auth: 'auth_revoked',
  not_found: 'not_found',
  validation: 'validation',
  conflict: 'conflict',
  transient: 'transient',
} as const;

export class ErpError extends AppError {
  readonly kind: ErpErrorKind;
  readonly retryable: boolean;
  /** Seconds the ERP asked us to wait (429 Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  /** The ERP's own message (validation errors), fit to show a person. */
  readonly erpMessage: string | undefined;

  constructor(
    kind: ErpErrorKind,
    message: string,
    options: { cause?: unknown; retryAfterSeconds?: number; erpMessage?: string } = {},
  ) {
    super(CODE[kind], message, {
      cause: options.cause,
      details: {
        ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
        ...(options.erpMessage !== undefined ? { erpMessage: options.erpMessage } : {}),
      },
    });
    this.name = 'ErpError';
    this.kind = kind;
    this.retryable = kind === 'transient';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.erpMessage = options.erpMessage;
  }
}

/**
 * A pane call refused for the person it acts for (ErpPort.actingFor), never for the integration: `key_required`,
 * no usable key of theirs is linked; `key_refused`, the ERP refused the key they linked (expired, revoked);
 * `not_allowed`, the ERP's own rights refuse the person this. Kind `auth`, so code that knows only ErpError
 * still never retries it.
 */
export class PersonRightsError extends ErpError {
  constructor(
    readonly reason: 'key_required' | 'key_refused' | 'not_allowed',
    message: string,
    options: { cause?: unknown; erpMessage?: string } = {},
  ) {
    super('auth', message, options);
    this.name = 'PersonRightsError';
  }
}

export function isErpError(value: unknown, kind?: ErpErrorKind): value is ErpError {
  return value instanceof ErpError && (kind === undefined || value.kind === kind);
}

/** The HTTP status an adapter kept in an error's cause, when it kept one. */
export function causeStatus(cause: unknown): number | undefined {
  return typeof cause === 'object' && cause !== null && 'status' in cause && typeof cause.status === 'number'
    ? cause.status
    : undefined;
}
