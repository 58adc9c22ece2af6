/**
 * What an operator needs to follow one failed write up with Microsoft or the ERP's owner: Graph's `request-id` and
 * `client-request-id`, its status and error code, or the ERP's own error. Read from the typed errors the adapters
 * throw; never a request body, header or credential (a cause may hold them: only named fields are copied).
 */
import { isErpError } from '../erp';
import { isOutlookError } from '../outlook';

export interface FailureTrace {
  /** The adapter's own words (Graph's status and message, the ERP's fault), for whoever reads the log. */
  detail: string;
  status?: number;
  graphCode?: string;
  /** Graph's `request-id`: what Microsoft support asks for. */
  requestId?: string;
  /** Graph's `client-request-id`: the id our client sent with the request. */
  clientRequestId?: string;
  /** The ERP's error as it said it (a validation message, a fault string). */
  erpError?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Graph's error body `{error: {code, innerError: {request-id, client-request-id}}}`, whatever else it holds. */
function innerIds(body: unknown): { requestId?: string; clientRequestId?: string } {
  // Cast: optional reads of an unknown body; each value is checked with typeof before use.
  const error = (body as { error?: { innerError?: Record<string, unknown> } } | null | undefined)?.error;
  const inner = error && typeof error === 'object' ? error.innerError : undefined;
  const requestId = text(inner?.['request-id']);
  const clientRequestId = text(inner?.['client-request-id']);
  return { ...(requestId ? { requestId } : {}), ...(clientRequestId ? { clientRequestId } : {}) };
}

/** The trace of a Graph failure's cause (OutlookError's cause, or a `$batch` outcome's). */
export function traceOfGraphCause(cause: unknown, detail: string): FailureTrace {
  // Cast: an optional read of an unknown cause, passed on as unknown.
  const trace: FailureTrace = { detail, ...innerIds((cause as { body?: unknown } | null)?.body ?? cause) };
  if (cause && typeof cause === 'object') {
    // Cast: an object (checked above) whose fields are read as unknown and checked before use.
    const c = cause as { status?: unknown; graphCode?: unknown; requestId?: unknown };
    if (typeof c.status === 'number' && c.status > 0) trace.status = c.status;
    const graphCode = text(c.graphCode);
    if (graphCode) trace.graphCode = graphCode;
    const requestId = text(c.requestId);
    if (requestId) trace.requestId = requestId;
  }
  return trace;
}

/** The trace of anything thrown while syncing one event. */
export function traceOf(error: unknown): FailureTrace {
  if (isOutlookError(error)) return traceOfGraphCause(error.cause, error.message);
  if (isErpError(error)) {
    const erpError = text(error.erpMessage) ?? text(error.message);
    return { detail: error.message, ...(erpError ? { erpError } : {}) };
  }
  return { detail: error instanceof Error ? error.message : String(error) };
}
