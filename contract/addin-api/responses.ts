/**
 * The add-in API's answers (backend -> pane), as TypeScript types: the backend builds them, the pane reads them.
 * Prose in docs/ADDIN-API.md. Request bodies are zod schemas in requests.ts.
 */
import type { ConditionKind, SyncErrorCode } from './codes';
import type { ErpRecordRef } from './requests';

/** Whether the backend holds a usable delegated token cache for this mailbox. */
export type MailboxConnection = 'connected' | 'needs_reconnect' | 'not_connected';

/**
 * A state that stops or limits the mailbox's sync (server/store/mailbox-conditions.ts). The pane words it from its
 * own catalogue by `kind`; `reason` and `action` are the backend's English words, for kinds the pane does not know.
 */
export interface MailboxConditionView {
  kind: ConditionKind;
  reason: string;
  action: string;
  /** `stops`: nothing syncs; `limits`: some events or triggers do not. */
  effect: 'stops' | 'limits';
  /** Who clears it: an administrator, the person in the pane, or the next sync by itself. */
  clearedBy: 'admin' | 'person' | 'next_run';
  since: string;
}

/** `GET /api/me`: the signed-in mailbox as the backend sees it. */
export interface MeResponse {
  mailbox: { tenantId: string; userId: string; email: string; displayName: string };
  /** `not_connected`: the person never connected (first run); `needs_reconnect`: access was lost. */
  connection: MailboxConnection;
  /** When access was lost (`needs_reconnect`), else null. */
  connectionLostAt: string | null;
  erp: { kind: 'odoo' | 'rest'; name: string; baseUrl: string | null };
  policy: PolicySummary;
  /** True until the person dismisses the first-run explanation (`POST /api/me/first-run-done`). */
  firstRun: boolean;
  conditions: MailboxConditionView[];
}

/** What the person needs to know about the tenant's sync policy. */
export interface PolicySummary {
  direction: 'two_way' | 'outlook_to_erp' | 'erp_to_outlook';
  scope: 'marked' | 'all_in_window';
  conflicts: 'prefer_outlook' | 'prefer_erp' | 'latest' | 'ask';
  /** Outlook category that also marks an event for sync (default "ERP"). */
  category: string;
  /** What turning sync off does to the ERP copy of an event made in Outlook: kept (unlinked) or deleted. */
  optOut: 'keep' | 'delete';
}

/** Per-event sync state. `not_tracked`: the backend knows nothing of the event, or sync is off for it. */
export type SyncState = 'synced' | 'pending' | 'conflict' | 'error' | 'not_tracked' | 'gone';

/** An ERP record as shown to the person. `url` opens it in the ERP, when the ERP has a web UI. */
export interface ErpRecord extends ErpRecordRef {
  name: string;
  url: string | null;
}

/** The last failure on this event. The pane words it by `code`; `message` is the backend's English sentence. */
export interface SyncError {
  /** One of the closed list (codes.ts); the pane has words for each. */
  code: SyncErrorCode;
  message: string;
  /** The other system's own words (e.g. why the ERP refused the data), when it gave some; else null. */
  detail: string | null;
  /** Whether "Retry" can help (false for e.g. a validation error that needs an edit first). */
  retryable: boolean;
  at: string;
}

/** A field value as the pane shows it; dates and words are formatted by the pane in the person's language. */
export type FieldValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'timed'; start: string; end: string; timeZone: string }
  | { kind: 'allDay'; startDate: string; endDate: string }
  /** A closed choice (showAs, sensitivity): the pane's catalogue names it. */
  | { kind: 'option'; option: string }
  | { kind: 'minutes'; minutes: number | null }
  | { kind: 'recurrence'; rrule: string | null }
  /** Delete-versus-change: deleted on this side, or changed (these fields) on this side. */
  | { kind: 'deleted' }
  | { kind: 'changed'; fields: string[] };

/**
 * What a choice cannot do, said before the person chooses. `cancelledInOutlook`: Outlook cannot bring back the
 * occurrences cancelled there (original starts: instants, or dates for all-day series, shown in `timeZone`); choosing
 * the ERP's version keeps its other changes and these stay cancelled on both sides (unless, `unlessErpTimes`, the
 * ERP's series times are chosen too, which rewrites the whole series in Outlook).
 */
export interface ConflictNote {
  kind: 'cancelledInOutlook';
  starts: string[];
  timeZone: string;
  unlessErpTimes: boolean;
}

/** One field that changed on both sides since the last sync, to be chosen by the person. */
export interface FieldConflict {
  /** Canonical field name (title, timing, location, ...) or `event` for a delete-versus-change conflict. */
  field: string;
  outlookValue: FieldValue;
  erpValue: FieldValue;
  /** Present when choosing one side cannot do all it says. */
  note?: ConflictNote;
}

/** The mailbox's latest sync run, so the pane can follow a run it asked for to its end. */
export interface SyncRunView {
  startedAt: string;
  /** Null while it runs. */
  finishedAt: string | null;
  outcome: 'running' | 'succeeded' | 'partial' | 'failed' | 'abandoned';
}

/** `GET /api/events/{outlookId}`. */
export interface EventStatus {
  /** The REST (immutable) id the pane sent, echoed. */
  outlookId: string;
  state: SyncState;
  /** Sync is on for this event: the pane's switch (also true for an event the ERP made and syncs). */
  marked: boolean;
  /** Where the event was made first; null when unknown to the backend. */
  origin: 'outlook' | 'erp' | null;
  lastSyncedAt: string | null;
  /** The ERP calendar record this event is synced to. */
  erpRecord: ErpRecord | null;
  /** The customer or business document the event is linked to (chosen in the picker). */
  link: ErpRecord | null;
  /** The ERP flagged its record for review (made from Outlook, not yet opened there); null: not asked. */
  reviewInErp: boolean | null;
  lastError: SyncError | null;
  conflicts: FieldConflict[];
  /** The mailbox's latest sync run (null before the first). */
  run: SyncRunView | null;
  /** When an action in this request queued a sync: the server time it was asked (follow `run` past it). */
  syncRequestedAt: string | null;
  conditions: MailboxConditionView[];
}

/** `POST /api/events/{outlookId}/sync` answers 202 with this: the sync is queued; follow `run` past `requestedAt`. */
export interface SyncAccepted {
  state: SyncState;
  jobId: string;
  requestedAt: string;
}

/** What a history line says happened; the pane words it. */
export type HistoryAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'archived'
  | 'failed'
  | 'not_synced'
  | 'conflict'
  | 'unpaired'
  | 'agreed'
  | 'tracked'
  | 'untracked'
  | 'linked'
  | 'link_removed'
  | 'resolved'
  | 'other';

/** One line of the event's sync history (`GET /api/events/{outlookId}/history`, newest first). */
export interface HistoryEntry {
  at: string;
  action: HistoryAction;
  /** Where the change came from (a copy goes to the other side); null for notes and the person's own actions. */
  from: 'outlook' | 'erp' | null;
  /** Canonical field names the change touched. */
  fields: string[];
  ok: boolean;
  /** `failed`: the error code; `not_synced`: the rule; `linked`: the record's name; `other`: the raw action. */
  detail: string | null;
  /** `resolved`: the fields kept from each side. */
  kept: { outlook: string[]; erp: string[] } | null;
}

export interface HistoryResponse {
  entries: HistoryEntry[];
}

/** What kind of record a linkable record is, for its label in the picker. */
export type LinkableType = 'customer' | 'contact' | 'opportunity' | 'lead' | 'quotation' | 'order' | 'document';

/** A record the event can be linked to (`GET /api/erp/records?q=`). */
export interface LinkableRecord extends ErpRecord {
  kind: 'customer' | 'document';
  type: LinkableType;
  /** The customer a document (or a contact) belongs to; null for a customer itself or when unknown. */
  customer: { id: string; name: string } | null;
  /** Secondary line, e.g. the customer's city or the document's state. */
  detail: string | null;
}

export interface LinkableRecordsResponse {
  records: LinkableRecord[];
}

/** An ERP contact (a person) as the attendee list shows it. */
export interface ErpContactView extends ErpRecord {
  email: string;
  /** The company the contact belongs to, when the ERP knows it. */
  company: string | null;
}

/** `POST /api/erp/contacts/lookup`: the ERP contact of each e-mail address, or null. */
export interface ContactMatchesResponse {
  matches: Array<{ email: string; contact: ErpContactView | null }>;
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

/**
 * `GET|PUT|DELETE /api/erp/private-key`: whether the person's private appointments can sync. `not_needed`: the
 * ERP's integration reaches them (REST contract); `missing`: the ERP shows them to the person only and no key of
 * theirs is linked, so they stay out of sync; `linked`: their key is in use; `refused`: the ERP refused the linked
 * key (expired or revoked): they enter a new one.
 */
export interface PrivateKeyResponse {
  state: 'not_needed' | 'missing' | 'linked' | 'refused';
  /**
   * True when the pane's ERP search, link check, contacts and leads act with this key too (tenant policy
   * `paneRights: personKey`): without it they answer `erp-key-required`.
   */
  forPane?: boolean;
}

/** The `reason` of a 422 to `PUT /api/erp/private-key`: the ERP refused the key, or it is another ERP user's. */
export type PrivateKeyProblemReason = 'key_refused' | 'key_of_someone_else';
