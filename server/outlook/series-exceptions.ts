/**
 * A series' cancelled and modified occurrences, written to Outlook: the master's instances listed in a range
 * (`/events/{masterId}/instances`, original start -> occurrence id), then DELETE / PATCH of single occurrences
 * through `$batch`. The rule itself is never rewritten here, so the series keeps its id and other exceptions.
 */
import type { CanonicalEvent, OccurrenceFields } from '../core';
import { answerTo, executeBatch, type BatchRetryOptions } from './batch';
import type { GraphTransport } from './client';
import { outlookErrorFromResponse } from './errors';
import { toGraphOccurrenceWrite } from './from-canonical';
import { collectAll, paginate } from './paginate';
import { GraphEventSchema } from './wire-schemas';
import { originalKey, shapeOf, type UtcWindow } from './series';
import { DAY_MS } from './time-zones';
import type { GraphBatchRequest } from './wire-types';

/** One occurrence to turn into (or rewrite as) an exception: `fields` of `event` are written. */
export interface OccurrenceChange {
  /** Original start: a UTC instant for timed series, a date for all-day series. */
  originalStart: string;
  event: OccurrenceFields;
  fields: readonly (keyof OccurrenceFields)[];
}

/** What to do to a series' occurrences after its master is written. */
export interface SeriesExceptions {
  /** Original starts of occurrences to cancel (already gone is success). */
  cancel: readonly string[];
  modify: readonly OccurrenceChange[];
}

export interface ExceptionContext {
  transport: GraphTransport;
  userPath: string;
  batch: BatchRetryOptions;
}

/** True when there is nothing to write. */
export function noExceptions(exceptions: SeriesExceptions | undefined): boolean {
  return !exceptions || (exceptions.cancel.length === 0 && exceptions.modify.length === 0);
}

function startMs(key: string): number {
  return Date.parse(key.length === 10 ? `${key}T00:00:00Z` : key);
}

/** A range holding every original start named (widened: zones, moved exceptions and all-day spans of two weeks). */
export function rangeOf(exceptions: SeriesExceptions): UtcWindow {
  const starts = [...exceptions.cancel, ...exceptions.modify.map((m) => m.originalStart)].map(startMs);
  return { from: new Date(Math.min(...starts) - 15 * DAY_MS), to: new Date(Math.max(...starts) + 15 * DAY_MS) };
}

/** The master's instances in `window`, keyed by canonical original start -> occurrence (or exception) id. */
export async function listInstances(
  ctx: ExceptionContext,
  masterId: string,
  master: CanonicalEvent,
  window: UtcWindow,
): Promise<Map<string, string>> {
  const shape = shapeOf(master);
  if (!shape.ok) throw new Error(shape.error.message);
  const range = `startDateTime=${encodeURIComponent(window.from.toISOString())}&endDateTime=${encodeURIComponent(window.to.toISOString())}`;
  const path = `${ctx.userPath}/events/${encodeURIComponent(masterId)}/instances?${range}&$select=id,start,originalStart,type`;
  const instances = await collectAll(paginate(ctx.transport, path, GraphEventSchema));
  const byStart = new Map<string, string>();
  for (const instance of instances) {
    const key = originalKey(instance, shape.value);
    if (key !== undefined) byStart.set(key, instance.id);
  }
  return byStart;
}

/**
 * Cancels and rewrites the occurrences of the written master `masterId`; answers why it failed, or null. A
 * cancelled occurrence not listed is already gone; a modified one not listed is a failure (nothing to write to).
 */
export async function applyExceptions(
  ctx: ExceptionContext,
  masterId: string,
  master: CanonicalEvent,
  exceptions: SeriesExceptions,
): Promise<string | null> {
  const ids = await listInstances(ctx, masterId, master, rangeOf(exceptions));
  const requests: GraphBatchRequest[] = [];
  const events = `${ctx.userPath}/events`;
  for (const original of exceptions.cancel) {
    const id = ids.get(original);
    if (id !== undefined)
      requests.push({ id: String(requests.length + 1), method: 'DELETE', url: `${events}/${encodeURIComponent(id)}` });
  }
  for (const change of exceptions.modify) {
    const id = ids.get(change.originalStart);
    if (id === undefined) return `The occurrence of ${change.originalStart} is not in the series.`;
    const body = toGraphOccurrenceWrite(change.event, change.fields, master.recurrence?.timeZone);
    if (!body.ok) return body.error.message;
    requests.push({
      id: String(requests.length + 1),
      method: 'PATCH',
      url: `${events}/${encodeURIComponent(id)}`,
      body: body.value,
    });
  }
  const responses = await executeBatch(ctx.transport, requests, ctx.batch);
  for (const request of requests) {
    const response = answerTo(responses, request.id);
    const gone = request.method === 'DELETE' && (response.status === 404 || response.status === 410);
    if (gone || (response.status >= 200 && response.status < 300)) continue;
    const error = outlookErrorFromResponse(
      response.status,
      response.body,
      (h) => response.headers?.[h] ?? response.headers?.[h.toLowerCase()],
      `${request.method} occurrence`,
    );
    return error.message;
  }
  return null;
}
