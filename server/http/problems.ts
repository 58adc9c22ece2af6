/**
 * RFC 9457 problem details: every error a client sees, in one shape. Stacks and internal messages stay in the
 * logs; a client gets the code, a plain-words title and, for operational errors, the message.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_BASE = 'https://outlook-erp-sync.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid data',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problemType(code: string): string {
  return PROBLEM_BASE + code.replace(/_/g, '-');
}

/** Turns anything thrown into a problem; non-operational errors lose their message. */
export function toProblem(error: unknown, instance?: string): Problem {
  const appError = normalize(error);
  const status = appError.status;
  const problem: Problem = {
    type: problemType(appError.code),
    title: TITLES[status] ?? 'Error',
    status,
    ...(appError.operational ? { detail: appError.message } : {}),
    ...(instance ? { instance } : {}),
  };
  for (const [key, value] of Object.entries(appError.details)) {
    if (!(key in problem)) problem[key] = value;
  }
  return problem;
}

/** Errors from Express' own middleware (body-parser) carry `status`/`type`; map them to operational AppErrors. */
function normalize(error: unknown): AppError {
  if (isAppError(error)) return error;
  // Cast: optional reads of an unknown error (body-parser's, express's); each field is checked before use.
  const e = error as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (e.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is too large.');
    if (e.type === 'entity.parse.failed') return new AppError('bad_request', 'The request body is not valid JSON.');
    return new AppError('bad_request', e.message ?? 'Bad request', { status });
  }
  return new AppError('internal', 'Internal error', { cause: error, operational: false });
}

/** Sends the problem; one that says when to come back (`retryAfterSeconds`) also sets `Retry-After`. */
export function sendProblem(res: Response, problem: Problem): void {
  const wait = problem['retryAfterSeconds'];
  if (typeof wait === 'number' && Number.isFinite(wait) && wait > 0 && !res.getHeader('retry-after')) {
    res.setHeader('Retry-After', String(Math.ceil(wait)));
  }
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** The last middleware: logs once (errors at error level, client faults at info) and answers a problem. */
export function problemHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const problem = toProblem(error, req.originalUrl);
    // Cast: pino-http adds req.log when mounted; absent, the process logger.
    const log = (req as Request & { log?: Logger }).log ?? logger;
    if (problem.status >= 500) log.error({ err: error }, 'request failed');
    // A refusal is the caller's to read in the answer; pino-http's request line (debug) already says it happened.
    else log.debug({ problem: problem.type, status: problem.status }, 'request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem);
  };
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a malformed request line or header, headers too
 * large, a bad chunked body, a header timeout) are answered as problems too, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (answered.has(socket)) return; // the parser reports the same broken request again for each later chunk
    // As Node's own default: answer unless the response under way already sent its headers.
    // Cast: Node's own private field, read as its default clientError handler does; absent, nothing is under way.
    const underWay = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || underWay?.headersSent === true) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const title = status === 431 ? 'Request headers too large' : status === 408 ? 'Request timeout' : 'Bad request';
    const body = JSON.stringify({
      type: problemType('bad_request'),
      title,
      status,
      detail: 'The request is not valid HTTP.',
    });
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // Read and drop what the client is still sending, and close once it has been quiet for a moment (at most 2 s):
    // closing on a client still writing resets the connection before it has read the answer.
    socket.resume();
    const close = setTimeout(() => socket.end(), CLIENT_ERROR_LINGER_MS);
    socket.on('data', () => close.refresh());
    setTimeout(() => socket.destroy(), 2_000).unref();
  });
}

const CLIENT_ERROR_LINGER_MS = 100;
