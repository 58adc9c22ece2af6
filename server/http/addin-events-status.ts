/**
 * A mapping row as the pane's `EventStatus`: state, mark, the ERP calendar record and the linked record with
 * their URLs, the last error in plain words with whether "Retry" can help, and the conflict to choose. Pure.
 */
import type { ErpRecord, EventStatus, SyncError } from '../../contract/addin-api';
import type { ErpPort } from '../erp/port';
import type { Mapping } from '../store';
import { renderConflicts } from './addin-events-conflicts';

export interface StatusContext {
  erp: Pick<ErpPort, 'recordUrl'>;
  /** The ERP's display name ("Odoo"), for sentences. */
  erpName: string;
  /**
   * The ERP model of the calendar records events sync to (Odoo `calendar.event`). Mapping rows carry the ERP
   * port's kind in `erp_model`, which is not a model the ERP's web client opens.
   */
  erpCalendarModel: string;
}

/**
 * Error codes (server/engine/errors-in-plain-words.ts) a plain retry cannot fix: the data or the rights must
 * change first. Everything else (unavailable, throttled, a concurrent edit, ...) is worth retrying.
 */
const NOT_RETRYABLE = new Set([
  'erp_validation',
  'erp_auth',
  'erp_not_found',
  'outlook_validation',
  'outlook_mapping',
  'outlook_auth',
  'outlook_not_found',
  'problem',
]);

export function isRetryable(code: string): boolean {
  return !NOT_RETRYABLE.has(code);
}

export function notTracked(outlookId: string): EventStatus {
  return {
    outlookId,
    state: 'not_tracked',
    marked: false,
    lastSyncedAt: null,
    erpRecord: null,
    link: null,
    lastError: null,
    conflicts: [],
  };
}

function lastErrorOf(mapping: Mapping): SyncError | null {
  if (mapping.lastErrorCode === null && mapping.lastErrorMessage === null) return null;
  const code = mapping.lastErrorCode ?? 'error';
  return {
    code,
    message: mapping.lastErrorMessage ?? 'The last sync of this event failed.',
    retryable: isRetryable(code),
    at: mapping.updatedAt,
  };
}

function erpRecordOf(mapping: Mapping, ctx: StatusContext): ErpRecord | null {
  if (mapping.erpId === null) return null;
  const model = ctx.erpCalendarModel;
  const name = mapping.base?.title || `${ctx.erpName} event ${mapping.erpId}`;
  return { model, id: mapping.erpId, name, url: ctx.erp.recordUrl(model, mapping.erpId) };
}

function linkOf(mapping: Mapping, ctx: StatusContext): ErpRecord | null {
  if (mapping.linkModel === null || mapping.linkId === null) return null;
  const { linkModel: model, linkId: id } = mapping;
  const synced = mapping.base?.erpLink;
  const name =
    mapping.linkName ?? (synced?.model === model && synced.id === id ? synced.name : undefined) ?? `${model} ${id}`;
  return { model, id, name, url: ctx.erp.recordUrl(model, id) };
}

/** The pane's view of one mapping; `outlookId` is echoed as the pane sent it. */
export function eventStatus(outlookId: string, mapping: Mapping | undefined, ctx: StatusContext): EventStatus {
  if (mapping === undefined) return notTracked(outlookId);
  return {
    outlookId,
    state: mapping.status,
    marked: mapping.marked,
    lastSyncedAt: mapping.lastSyncedAt,
    erpRecord: erpRecordOf(mapping, ctx),
    link: linkOf(mapping, ctx),
    lastError: lastErrorOf(mapping),
    conflicts: mapping.status === 'conflict' ? renderConflicts(mapping, ctx.erpName) : [],
  };
}
