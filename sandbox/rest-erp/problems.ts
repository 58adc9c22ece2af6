/**
 * RFC 9457 problems for the reference ERP: a throwable ProblemError, the Express error handler that turns it
 * (and body-parser faults) into `application/problem+json`, and never a stack trace.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { WireProblem } from './contract-types';

export const PROBLEM_BASE = 'https://outlook-erp-sync.example/erp-contract/problems/';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: WireProblem['errors']; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export function problemBody(problem: ProblemError): WireProblem {
  const body: WireProblem = { type: `${PROBLEM_BASE}${problem.slug}`, title: problem.title, status: problem.status };
  if (problem.detail) body.detail = problem.detail;
  if (problem.extra.errors) body.errors = problem.extra.errors;
  return body;
}

export function sendProblem(res: Response, problem: ProblemError): void {
  const body = problemBody(problem);
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

export const badRequest = (detail: string) => new ProblemError(400, 'bad-request', 'Bad request', detail);
export const notFound = (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail);
export const unprocessable = (detail: string, errors: NonNullable<WireProblem['errors']>) =>
  new ProblemError(422, 'validation', 'Unprocessable', detail, { errors });

/** Last middleware: known problems as they are, JSON syntax errors as 400, anything else as a bare 500. */
export const problemHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof ProblemError) return sendProblem(res, error);
  const status = (error as { status?: number; type?: string }).status;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendProblem(res, new ProblemError(status, 'bad-request', 'Bad request', 'The body is not valid JSON.'));
  }
  console.error('reference ERP: unexpected error', error);
  sendProblem(res, new ProblemError(500, 'internal', 'Internal error', 'The reference ERP failed; see its log.'));
};
