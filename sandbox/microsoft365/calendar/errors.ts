/**
 * Graph-shaped errors for the calendar routes: `{"error":{"code","message","innerError":{...}}}`, never a stack trace.
 * Express's own failures (bad JSON) are translated here too.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';
import type { Clock } from '../contracts';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export function badRequest(message: string, code = 'ErrorInvalidRequest'): GraphError {
  return new GraphError(400, code, message);
}

export function itemNotFound(): GraphError {
  return new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

export function accessDenied(): GraphError {
  return new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

export function sendGraphError(res: Response, clock: Clock, error: GraphError, clientRequestId?: string): void {
  const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : randomUUID();
  res.status(error.status).json({
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: clock.now().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  });
}

/** Last handler of both routers: typed errors keep their status; anything else is a 500 without internals. */
export function graphErrorHandler(clock: Clock): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const clientRequestId = req.header('client-request-id');
    if (err instanceof GraphError) return sendGraphError(res, clock, err, clientRequestId);
    const type = (err as { type?: unknown }).type;
    if (type === 'entity.parse.failed' || type === 'entity.verify.failed') {
      return sendGraphError(
        res,
        clock,
        badRequest('Unable to read JSON request payload.', 'BadRequest'),
        clientRequestId,
      );
    }
    if (type === 'entity.too.large') {
      return sendGraphError(
        res,
        clock,
        new GraphError(413, 'RequestEntityTooLarge', 'The request is too large.'),
        clientRequestId,
      );
    }
    const internal = new GraphError(500, 'ErrorInternalServerError', 'An internal server error occurred.');
    return sendGraphError(res, clock, internal, clientRequestId);
  };
}
