/**
 * The add-in API's answers (backend -> pane), as TypeScript types: the backend builds them, the pane reads them.
 * Prose in docs/ADDIN-API.md. Request bodies are zod schemas in requests.ts.
 */
import type { ErpRecordRef } from './requests';

/** Whether the backend holds a usable delegated token cache for this mailbox. */
export type MailboxConnection = 'connected' | 'needs_reconnect' | 'not_connected';

/** `GET /api/me`: the signed-in mailbox as the backend sees it. */
export interface MeResponse {
  mailbox: { tenantId: string; userId: string; email: string; displayName: string };
  connection: MailboxConnection;
  erp: { kind: 'odoo' | 'rest'; name: string; baseUrl: string | null };
  policy: PolicySummary;
  /** True until the person dismisses the first-run explanation (`POST /api/me/first-run-done`). */
  firstRun: boolean;
}

/** What the person needs to know about the tenant's sync policy, in display-ready values. */
export interface PolicySummary {
  direction: 'two_way' | 'outlook_to_erp' | 'erp_to_outlook';
  scope: 'marked' | 'all_in_window';
  conflicts: 'prefer_outlook' | 'prefer_erp' | 'latest' | 'ask';
  /** Outlook category that also marks an event for sync (default "ERP"). */
  category: string;
}

/** Per-event sync state. `not_tracked`: the backend knows nothing of the event or it is unmarked. */
export type SyncState = 'synced' | 'pending' | 'conflict' | 'error' | 'needs_review' | 'not_tracked';

/** An ERP record as shown to the person. `url` opens it in the ERP, when the ERP has a web UI. */
export interface ErpRecord extends ErpRecordRef {
  name: string;
  url: string | null;
}

/** The last failure on this event, already in plain words for the person (no stack, no raw ERP fault). */
export interface SyncError {
  code: string;
  message: string;
  /** Whether "Retry" can help (false for e.g. a validation error that needs an edit first). */
  retryable: boolean;
  at: string;
}

/** One field that changed on both sides since the last sync, to be chosen by the person. */
export interface FieldConflict {
  /** Canonical field name: title, start, end, location, body, attendees, ... */
  field: string;
  /** Display label, e.g. "Start time". */
  label: string;
  /** Display-ready values (dates already formatted by the backend in the person's zone). */
  outlookValue: string;
  erpValue: string;
}

/** `GET /api/events/{outlookId}`. */
export interface EventStatus {
  /** The REST (immutable) id the pane sent, echoed. */
  outlookId: string;
  state: SyncState;
  /** Marked for sync (extended property, category or custom property). */
  marked: boolean;
  lastSyncedAt: string | null;
  /** The ERP calendar record this event is synced to. */
  erpRecord: ErpRecord | null;
  /** The customer or business document the event is linked to (chosen in the picker). */
  link: ErpRecord | null;
  lastError: SyncError | null;
  conflicts: FieldConflict[];
}

/** `POST /api/events/{outlookId}/sync` answers 202 with this: the sync is queued, poll the status. */
export interface SyncAccepted {
  state: SyncState;
  jobId: string;
}

/** One line of the event's sync history (`GET /api/events/{outlookId}/history`, newest first). */
export interface HistoryEntry {
  at: string;
  direction: 'outlook_to_erp' | 'erp_to_outlook' | 'none';
  action: 'created' | 'updated' | 'deleted' | 'linked' | 'unlinked' | 'conflict' | 'resolved' | 'failed';
  /** Plain-words summary, e.g. "Start time changed in Outlook; copied to Odoo". */
  summary: string;
  ok: boolean;
}

export interface HistoryResponse {
  entries: HistoryEntry[];
}

/** A record the event can be linked to (`GET /api/erp/records?q=`). */
export interface LinkableRecord extends ErpRecord {
  kind: 'customer' | 'document';
  /** Secondary line, e.g. the customer's city or the document's reference. */
  detail: string | null;
}

export interface LinkableRecordsResponse {
  records: LinkableRecord[];
}

/** `/addin/config.json`, served by the backend so the bundle carries no tenant-specific value. */
export interface AddinConfig {
  /** Azure app (client) id of the add-in. */
  clientId: string;
  /** Backend origin, e.g. https://sync.example.com (the pane calls `${apiOrigin}/api/...`). */
  apiOrigin: string;
  /** Scope the pane asks a token for, e.g. api://sync.example.com/<clientId>/access_as_user. */
  apiScope: string;
  /** Authority for MSAL, default https://login.microsoftonline.com/common. */
  authority?: string;
}
