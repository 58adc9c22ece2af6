/**
 * Typed ERP failures, the same for every adapter, so the engine decides retry / reconnect / show-to-person
 * without knowing which ERP spoke.
 */
import { AppError } from '../errors';

export type ErpErrorKind = 'auth' | 'not_found' | 'validation' | 'conflict' | 'transient';

const CODE = { auth: 'auth_revoked', not_found: 'not_found', validation: 'validation', conflict: 'conflict', transient: 'transient' } as const;

export class ErpError extends AppError {
  readonly kind: ErpErrorKind;
  readonly retryable: boolean;
  /** Seconds the ERP asked us to wait (429 Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErpErrorKind, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(CODE[kind], message, { cause: options.cause });
    this.name = 'ErpError';
    this.kind = kind;
    this.retryable = kind === 'transient';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
