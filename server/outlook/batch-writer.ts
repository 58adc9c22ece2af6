/**
 * Applies create/update/delete operations to one mailbox through `POST /$batch` (chunks of 20) and reports one
 * outcome per operation: the new id/changeKey/iCalUId, or a typed failure. Creates carry `transactionId` and our
 * mapping-id property so a retried create is found again; updates PATCH only the given fields, with If-Match when
 * a changeKey is expected. A series write may carry `exceptions`: once its master is written, the occurrences are
 * cancelled / rewritten (series-exceptions.ts); a failure there fails the operation. One failing item fails alone.
 */
import type { CanonicalEvent, EventField } from '../core';
import { answerTo, executeBatch, type BatchRetryOptions } from './batch';
import type { GraphTransport } from './client';
import { outlookErrorFromResponse, type OutlookErrorKind } from './errors';
import { writeMarks, type MarksToWrite } from './extended-properties';
import { toGraphEventWrite, type FromCanonicalOptions } from './from-canonical';
import type { OutlookMappingError } from './mapping-result';
import { applyExceptions, noExceptions, type SeriesExceptions } from './series-exceptions';
import { WrittenEventSchema } from './wire-schemas';
import type { GraphBatchRequest, GraphBatchResponse, GraphEventWrite } from './wire-types';

export type WriteOperation =
  | {
      kind: 'create';
      /** The caller's key for this operation; outcomes carry it back. */
      key: string;
      /** Our mapping id: sent as transactionId and stamped in the erpSyncMappingId property. */
      mappingId: string;
      event: CanonicalEvent;
      /** Extra marks (erpSync...); the mapping id is always written. */
      marks?: Omit<MarksToWrite, 'mappingId'>;
      /** A series' cancelled and modified occurrences, written after the master. */
      exceptions?: SeriesExceptions;
    }
  | {
      kind: 'update';
      key: string;
      eventId: string;
      event: CanonicalEvent;
      fields: readonly EventField[];
      /** The changeKey the base holds: a concurrent edit makes the update fail with `conflict`. */
      expectedChangeKey?: string;
      marks?: MarksToWrite;
      /** Occurrences to cancel / rewrite after the master (empty `fields`: the master itself is not written). */
      exceptions?: SeriesExceptions;
    }
  | { kind: 'delete'; key: string; eventId: string; expectedChangeKey?: string };

/** `partial`: a series master was written but not all of its occurrences (the write half landed). */
export type WriteFailureKind = OutlookErrorKind | 'mapping' | 'dependency_failed' | 'partial';

export type WriteOutcome =
  | { key: string; ok: true; kind: 'created' | 'updated'; id: string; changeKey: string | null; iCalUId: string | null }
  | { key: string; ok: true; kind: 'deleted' }
  | {
      key: string;
      ok: false;
      failure: WriteFailureKind;
      message: string;
      status: number | null;
      retryAfterSeconds: number | null;
      /** The Graph error (status, code, request-id, body) or the mapping error. */
      cause: unknown;
    };

export interface WriterContext {
  transport: GraphTransport;
  userPath: string;
  mapping: FromCanonicalOptions;
  batch: BatchRetryOptions;
}

function ifMatch(changeKey: string | undefined): Record<string, string> {
  return changeKey ? { 'If-Match': `W/"${changeKey}"` } : {};
}

function withMarks(body: GraphEventWrite, marks: MarksToWrite | undefined): GraphEventWrite {
  const extra = marks ? writeMarks(marks) : [];
  if (extra.length === 0) return body;
  // A mark written explicitly replaces the same property from the mapper (the erpLink of the event).
  const ids = new Set(extra.map((p) => p.id));
  const kept = (body.singleValueExtendedProperties ?? []).filter((p) => !ids.has(p.id));
  return { ...body, singleValueExtendedProperties: [...kept, ...extra] };
}

type Built = { request: GraphBatchRequest } | { error: OutlookMappingError };

function build(ctx: WriterContext, op: WriteOperation, id: string): Built {
  const events = `${ctx.userPath}/events`;
  if (op.kind === 'delete') {
    return {
      request: {
        id,
        method: 'DELETE',
        url: `${events}/${encodeURIComponent(op.eventId)}`,
        headers: ifMatch(op.expectedChangeKey),
      },
    };
  }
  const body = toGraphEventWrite(op.event, op.kind === 'create' ? 'all' : op.fields, ctx.mapping);
  if (!body.ok) return { error: body.error };
  if (op.kind === 'create') {
    const marked = withMarks({ ...body.value, transactionId: op.mappingId }, { ...op.marks, mappingId: op.mappingId });
    return { request: { id, method: 'POST', url: events, body: marked } };
  }
  const url = `${events}/${encodeURIComponent(op.eventId)}`;
  return {
    request: {
      id,
      method: 'PATCH',
      url,
      headers: ifMatch(op.expectedChangeKey),
      body: withMarks(body.value, op.marks),
    },
  };
}

function outcome(op: WriteOperation, response: GraphBatchResponse): WriteOutcome {
  const { status } = response;
  if (op.kind === 'delete' && (status === 404 || status === 410 || (status >= 200 && status < 300))) {
    return { key: op.key, ok: true, kind: 'deleted' }; // already gone is success
  }
  if (op.kind !== 'delete' && status >= 200 && status < 300) {
    const written = WrittenEventSchema.safeParse(response.body ?? {});
    if (!written.success) {
      const field = written.error.issues[0]?.path.join('.') || 'answer';
      const message = `${op.kind} ${op.key}: Graph answered ${status} with an unexpected ${field}`;
      // Like a lost answer: the engine checks what landed before writing again.
      const cause = { status, body: response.body, issues: written.error.issues.slice(0, 5) };
      return { key: op.key, ok: false, failure: 'transient', message, status, retryAfterSeconds: null, cause };
    }
    const event = written.data;
    const kind = op.kind === 'create' ? 'created' : 'updated';
    const id = event.id ?? (op.kind === 'update' ? op.eventId : '');
    return { key: op.key, ok: true, kind, id, changeKey: event.changeKey ?? null, iCalUId: event.iCalUId ?? null };
  }
  if (status === 424) {
    const message = 'A sub-request this one depends on failed.';
    return {
      key: op.key,
      ok: false,
      failure: 'dependency_failed',
      message,
      status,
      retryAfterSeconds: null,
      cause: response.body,
    };
  }
  const error = outlookErrorFromResponse(
    status,
    response.body,
    (h) => response.headers?.[h] ?? response.headers?.[h.toLowerCase()],
    `${op.kind} ${op.key}`,
  );
  return {
    key: op.key,
    ok: false,
    failure: error.kind,
    message: error.message,
    status,
    retryAfterSeconds: error.retryAfterSeconds,
    cause: error.cause,
  };
}

/** Applies the operations; the answer has one outcome per operation, in the operations' order. */
export async function applyWrites(ctx: WriterContext, operations: readonly WriteOperation[]): Promise<WriteOutcome[]> {
  const outcomes = new Map<string, WriteOutcome>();
  const requests: GraphBatchRequest[] = [];
  const byRequestId = new Map<string, WriteOperation>();
  operations.forEach((op, i) => {
    if (op.kind === 'update' && op.fields.length === 0 && !noExceptions(op.exceptions)) {
      // Only occurrences change: the master is left alone (its changeKey is unknown until read again).
      outcomes.set(String(i + 1), {
        key: op.key,
        ok: true,
        kind: 'updated',
        id: op.eventId,
        changeKey: null,
        iCalUId: null,
      });
      return;
    }
    const built = build(ctx, op, String(i + 1));
    if ('error' in built) {
      const failure = {
        key: op.key,
        ok: false as const,
        failure: 'mapping' as const,
        status: null,
        retryAfterSeconds: null,
      };
      outcomes.set(String(i + 1), { ...failure, message: built.error.message, cause: built.error });
      return;
    }
    requests.push(built.request);
    byRequestId.set(built.request.id, op);
  });
  const responses = await executeBatch(ctx.transport, requests, ctx.batch);
  for (const [id, op] of byRequestId) outcomes.set(id, outcome(op, answerTo(responses, id)));
  return Promise.all(
    operations.map((op, i) => {
      // Each operation got an outcome above: a mapping failure, or its sub-response (answerTo throws on a miss).
      const answer = outcomes.get(String(i + 1));
      if (!answer) throw new Error(`No outcome for write operation ${i + 1} (${op.key})`);
      return withExceptions(ctx, op, answer);
    }),
  );
}

/** Writes the occurrences of a series whose master write succeeded; their failure fails the operation. */
async function withExceptions(ctx: WriterContext, op: WriteOperation, answer: WriteOutcome): Promise<WriteOutcome> {
  if (op.kind === 'delete' || !op.exceptions || noExceptions(op.exceptions) || !answer.ok || answer.kind === 'deleted')
    return answer;
  let failure: string | null;
  try {
    failure = await applyExceptions(ctx, answer.id, op.event, op.exceptions);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  if (failure === null) return answer;
  const message = `The series was written but not its exceptions: ${failure}`;
  return {
    key: op.key,
    ok: false,
    failure: 'partial',
    message,
    status: null,
    retryAfterSeconds: null,
    cause: failure,
  };
}
