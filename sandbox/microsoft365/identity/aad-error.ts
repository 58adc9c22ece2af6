/**
 * The identity platform's error body: `{error, error_description: "AADSTSnnnn: ...\r\nTrace ID...\r\nCorrelation
 * ID...\r\nTimestamp...", error_codes, timestamp, trace_id, correlation_id, error_uri, suberror?, claims?}`.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
    readonly extra: { suberror?: string; claims?: string; headers?: Record<string, string> } = {},
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'AadError';
  }
}

/** "2017-05-01 22:43:20Z", the platform's timestamp format. */
export function aadTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadErrorBody(err: AadError, correlationId: string, now: Date) {
  const traceId = randomUUID();
  const timestamp = aadTimestamp(now);
  return {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
    ...(err.extra.suberror ? { suberror: err.extra.suberror } : {}),
    ...(err.extra.claims ? { claims: err.extra.claims } : {}),
  };
}

export function sendAadError(res: Response, err: AadError, correlationId: string | undefined, now: Date): void {
  for (const [name, value] of Object.entries(err.extra.headers ?? {})) res.setHeader(name, value);
  res.status(err.status).json(aadErrorBody(err, correlationId ?? randomUUID(), now));
}
