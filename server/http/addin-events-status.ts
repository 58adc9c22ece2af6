/**
 * A mapping row as the pane's `EventStatus`: state, switch, origin, the ERP calendar record and the linked record
 * with their URLs, the last error with the other system's own words and whether "Retry" can help, the conflict to
 * choose, and what the request adds (the mailbox's latest run and conditions, a sync it queued). Pure.
 */
import { isRetryableSyncError, isSyncErrorCode } from '../../contract/addin-api/codes';
import type { ErpRecord, EventStatus, MailboxConditionView, SyncError, SyncRunView } from '../../contract/addin-api';
import type { ErpPort } from '../erp';
import type { MailboxCondition, Mapping, SyncRun } from '../store';
import { renderConflicts } from './addin-events-conflicts';

export interface StatusContext {
  erp: Pick<ErpPort, 'recordUrl'>;
  /** The ERP's display name ("Odoo"), for names of records the backend knows only by id. */
  erpName: string;
  /**
   * The ERP model of the calendar records events sync to (Odoo `calendar.event`). Mapping rows carry the ERP
   * port's kind in `erp_model`, which is not a model the ERP's web client opens.
   */
  erpCalendarModel: string;
}

/** What a request knows besides the row: the mailbox's latest run and conditions, and a sync it queued. */
export interface StatusExtras {
  run: SyncRun | undefined;
  conditions: readonly MailboxCondition[];
  syncRequestedAt?: string | null;
  /** The ERP's review flag, read now; undefined when not asked. */
  reviewInErp?: boolean;
  /** The caller's calendar no longer holds the event. */
  gone?: boolean;
}

/** Codes whose message ends with the other system's own words after "...: ". */
const WITH_DETAIL = new Set(['erp_validation', 'outlook_validation', 'outlook_mapping', 'problem']);

export function conditionViews(conditions: readonly MailboxCondition[]): MailboxConditionView[] {
  return conditions.map((c) => ({
    kind: c.kind,
    reason: c.reason,
    action: c.action,
    effect: c.effect,
    clearedBy: c.clearedBy,
    since: c.since,
  }));
}

function runView(run: SyncRun | undefined): SyncRunView | null {
  if (run === undefined) return null;
  return { startedAt: run.startedAt, finishedAt: run.finishedAt, outcome: run.status };
}

function lastErrorOf(mapping: Mapping): SyncError | null {
  if (mapping.lastErrorCode === null && mapping.lastErrorMessage === null) return null;
  // A code outside the contract's closed list (an older row) is shown as the generic 'error', with its message.
  const code =
    mapping.lastErrorCode !== null && isSyncErrorCode(mapping.lastErrorCode) ? mapping.lastErrorCode : 'error';
  const message = mapping.lastErrorMessage ?? 'The last sync of this event failed.';
  const colon = message.indexOf(': ');
  const detail = WITH_DETAIL.has(code) && colon >= 0 ? message.slice(colon + 2) : code === 'problem' ? message : null;
  return { code, message, detail, retryable: isRetryableSyncError(code), at: mapping.updatedAt };
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

/** The pane's view of one mapping (or of an event the backend does not know); `outlookId` is echoed as sent. */
export function eventStatus(
  outlookId: string,
  mapping: Mapping | undefined,
  ctx: StatusContext,
  extras: StatusExtras,
): EventStatus {
  const common = {
    outlookId,
    run: runView(extras.run),
    syncRequestedAt: extras.syncRequestedAt ?? null,
    conditions: conditionViews(extras.conditions),
  };
  if (mapping === undefined) {
    return {
      ...common,
      state: extras.gone ? 'gone' : 'not_tracked',
      marked: false,
      origin: null,
      lastSyncedAt: null,
      erpRecord: null,
      link: null,
      reviewInErp: null,
      lastError: null,
      conflicts: [],
    };
  }
  const reviewInErp = extras.reviewInErp ?? (mapping.status === 'needs_review' ? true : null);
  return {
    ...common,
    // The ERP's review flag is not a sync state: the event is synced, and the pane explains the flag.
    state: extras.gone ? 'gone' : mapping.status === 'needs_review' ? 'synced' : mapping.status,
    marked: mapping.marked,
    origin: mapping.origin,
    lastSyncedAt: mapping.lastSyncedAt,
    erpRecord: erpRecordOf(mapping, ctx),
    link: linkOf(mapping, ctx),
    reviewInErp,
    lastError: lastErrorOf(mapping),
    conflicts: mapping.status === 'conflict' ? renderConflicts(mapping) : [],
  };
}
