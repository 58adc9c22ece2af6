/**
 * Odoo's failures as typed ErpErrors: exception names from either protocol's error body, HTTP statuses, network
 * failures. AccessError (a rights problem) becomes 'auth' too, but says "not allowed" rather than "refused".
 */
import { ErpError, isErpError, PersonRightsError, type ErpErrorKind } from '../errors';

const NOT_ALLOWED = "Odoo's user is not allowed to do this";

/** Odoo's AccessError (the user's rights refuse this), not a refused key: the user exists and is signed in. */
export function isAccessError(error: unknown): boolean {
  return (
    (isErpError(error, 'auth') && error.message.startsWith(NOT_ALLOWED)) ||
    (error instanceof PersonRightsError && error.reason === 'not_allowed')
  );
}

const TRANSIENT_NAMES = ['SerializationFailure', 'LockNotAvailable', 'OperationalError', 'ConcurrencyError'];

/** ErpError for an Odoo exception `name` (e.g. `odoo.exceptions.MissingError`). */
export function fromOdooException(name: string, message: string, where: string, cause: unknown): ErpError {
  const short = name.split('.').pop() ?? name;
  const text = message || short;
  switch (short) {
    case 'AccessDenied':
    case 'Unauthorized':
    case 'SessionExpiredException':
      return new ErpError('auth', `Odoo refused the credentials (${where}): ${text}`, { cause, erpMessage: text });
    case 'AccessError':
      return new ErpError('auth', `${NOT_ALLOWED} (${where}): ${text}`, {
        cause,
        erpMessage: text,
      });
    case 'MissingError':
      return new ErpError('not_found', `Odoo record not found (${where}): ${text}`, { cause, erpMessage: text });
    default:
      if (TRANSIENT_NAMES.some((n) => short.includes(n))) {
        return new ErpError('transient', `Odoo could not complete ${where} now: ${text}`, { cause, erpMessage: text });
      }
      // ValidationError, UserError, ValueError, TypeError...: Odoo refused the data or the call; retrying won't help.
      return new ErpError('validation', `Odoo refused ${where}: ${text}`, { cause, erpMessage: text });
  }
}

export function kindForStatus(status: number): ErpErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429 || status >= 500 || status === 408) return 'transient';
  if (status === 409) return 'conflict';
  return 'validation';
}

/** An HTTP answer without an Odoo error body (a proxy's 502, an injected 503, a 404 for a missing route). */
export function fromStatus(
  status: number,
  where: string,
  body: string,
  retryAfterSeconds: number | undefined,
): ErpError {
  const kind = kindForStatus(status);
  const hint = status === 404 ? ': is the URL right, and does this Odoo version serve this protocol?' : '';
  return new ErpError(kind, `Odoo answered HTTP ${status} to ${where}${hint} ${body.slice(0, 200)}`.trim(), {
    cause: { status, body: body.slice(0, 2000) },
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

export function fromNetwork(error: unknown, where: string): ErpError {
  const reason =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new ErpError('transient', `Odoo could not be reached for ${where}: ${reason}`, { cause: error });
}
