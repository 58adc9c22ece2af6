/**
 * Odoo's exceptions as the emulator raises them: the Python class name, the message, and the HTTP status JSON-2
 * answers with. JSON-RPC always answers 200 with an `error` member; it does not use `status`.
 */
export type OdooExceptionName =
  | 'odoo.exceptions.AccessDenied'
  | 'odoo.exceptions.AccessError'
  | 'odoo.exceptions.MissingError'
  | 'odoo.exceptions.ValidationError'
  | 'odoo.exceptions.UserError'
  | 'werkzeug.exceptions.Unauthorized'
  | 'werkzeug.exceptions.NotFound'
  | 'werkzeug.exceptions.BadRequest'
  | 'werkzeug.exceptions.UnprocessableEntity'
  | 'builtins.ValueError'
  | 'builtins.TypeError'
  | 'builtins.AttributeError';

/**
 * JSON-2 statuses, as Odoo 19's JSON-2 dispatcher answers (odoo/http.py handle_error, checked against the real server
 * by test/sandbox/odoo/differential): a UserError's own `http_status`, an HTTP exception's code, 500 for the rest.
 */
const STATUS: Record<OdooExceptionName, number> = {
  'odoo.exceptions.AccessDenied': 401,
  'werkzeug.exceptions.Unauthorized': 401,
  'odoo.exceptions.AccessError': 403,
  'odoo.exceptions.MissingError': 404,
  'werkzeug.exceptions.NotFound': 404,
  'odoo.exceptions.ValidationError': 422,
  'odoo.exceptions.UserError': 422,
  'werkzeug.exceptions.BadRequest': 400,
  'werkzeug.exceptions.UnprocessableEntity': 422,
  'builtins.ValueError': 500,
  'builtins.TypeError': 500,
  'builtins.AttributeError': 500,
};

export class OdooFault extends Error {
  readonly exception: OdooExceptionName;
  readonly status: number;
  readonly args: unknown[];

  constructor(exception: OdooExceptionName, message: string, args?: unknown[]) {
    super(message);
    this.name = 'OdooFault';
    this.exception = exception;
    this.status = STATUS[exception];
    this.args = args ?? [message];
  }
}

export const accessDenied = (): OdooFault => new OdooFault('odoo.exceptions.AccessDenied', 'Access Denied');
export const missing = (model: string, ids: number[]): OdooFault =>
  new OdooFault(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(', ')}), User: 0)`,
  );
export const validation = (message: string): OdooFault => new OdooFault('odoo.exceptions.ValidationError', message);
export const userError = (message: string): OdooFault => new OdooFault('odoo.exceptions.UserError', message);
export const valueError = (message: string): OdooFault => new OdooFault('builtins.ValueError', message);

/** A fake but plausible traceback, so clients see the `debug` member they would see from Odoo. */
export function fakeTraceback(fault: OdooFault): string {
  return `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2212, in _transactioning\n${fault.exception}: ${fault.message}\n`;
}
