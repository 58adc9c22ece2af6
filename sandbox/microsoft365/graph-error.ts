/**
 * Graph's error shape, shared by every part of the emulator that answers on /v1.0:
 * `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
 */
import type { Response } from 'express';
import type { GraphErrorSpec } from './contracts';

export class GraphError extends Error implements GraphErrorSpec {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Graph's innerError date has no fraction and no zone designator, e.g. "2025-02-13T10:17:05". */
export function graphErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(
  spec: GraphErrorSpec,
  requestId: string,
  clientRequestId: string,
  now: Date,
): GraphErrorBody {
  return {
    error: {
      code: spec.code,
      message: spec.message,
      innerError: { date: graphErrorDate(now), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

/** Writes a Graph error; request ids come from the platform middleware (res.locals) or the request headers. */
export function sendGraphError(res: Response, spec: GraphErrorSpec, now: Date = new Date()): void {
  const locals = res.locals as { requestId?: string };
  const requestId = locals.requestId ?? String(res.getHeader('request-id') ?? '');
  const clientRequestId = String(res.getHeader('client-request-id') ?? requestId);
  for (const [name, value] of Object.entries(spec.headers ?? {})) res.setHeader(name, value);
  res.status(spec.status).json(graphErrorBody(spec, requestId, clientRequestId, now));
}
