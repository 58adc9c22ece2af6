/**
 * The store's own plain types: what repositories take and return. camelCase, timestamps as ISO 8601 UTC strings,
 * JSON columns already parsed. Nothing here mentions Kysely or a database row.
 */
import { type CanonicalEvent, type WriteIntent } from '../core';

/** ISO 8601 UTC instant with milliseconds, as written by the store: `2025-03-30T01:00:00.000Z`. */
export type Timestamp = string;

export type AuthMode = 'delegated' | 'app_only';

export interface Tenant {
  /** The Entra tenant id. */
  id: string;
  name: string;
  authMode: AuthMode;
  /** The tenant's sync policy as configured; validated by its owner, stored as given. */
  policy: Record<string, unknown>;
  /** Names the ERP connection settings (kept outside the database); null until configured. */
  erpSettingsRef: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface TenantInput {
  id: string;
  name: string;
  authMode: AuthMode;
  policy?: Record<string, unknown>;
  erpSettingsRef?: string | null;
}

export type MailboxStatus = 'connected' | 'needs_reconnect' | 'disabled';

export interface Mailbox {
  id: string;
  tenantId: string;
  /** The person's Entra object id (`oid`). */
  userObjectId: string;
  upn: string;
  email: string;
  status: MailboxStatus;
  statusReason: string | null;
  erpUserId: string | null;
  lastSyncAt: Timestamp | null;
  lastSyncSummary: unknown;
  /** When the person dismissed the add-in's first-run explanation; null until then. */
  firstRunDoneAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Upsert by (tenantId, userObjectId). Fields left undefined keep their stored value on update. */
export interface MailboxInput {
  tenantId: string;
  userObjectId: string;
  upn: string;
  email: string;
  status?: MailboxStatus;
  statusReason?: string | null;
  erpUserId?: string | null;
}

export type MappingStatus = 'synced' | 'pending' | 'conflict' | 'error' | 'needs_review' | 'not_tracked';

export type MappingOrigin = 'outlook' | 'erp';

/** One event known on both sides (or about to be): the join between Outlook and the ERP, with the base snapshot. */
export interface Mapping {
  /** Our id: stamped in Outlook's extended property and used as the ERP idempotency key. */
  id: string;
  mailboxId: string;
  /** Outlook immutable id; null until the Outlook event exists. */
  outlookId: string | null;
  outlookIcalUid: string | null;
  outlookChangeKey: string | null;
  erpModel: string | null;
  erpId: string | null;
  /** The ERP's change stamp (e.g. Odoo write_date) as last seen. */
  erpVersion: string | null;
  /** The canonical event as last synced on both sides; null before the first successful sync. */
  base: CanonicalEvent | null;
  baseFingerprint: string | null;
  /** Whether the person marked the event for sync. */
  marked: boolean;
  linkModel: string | null;
  linkId: string | null;
  /** Display name of the linked record, as the person picked it; null when unknown. */
  linkName: string | null;
  status: MappingStatus;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  /** The unresolved conflict, as the engine describes it; null when none. */
  conflict: unknown;
  /** The person's choices for `conflict`, recorded by the add-in API; the engine applies and clears them. */
  resolution: ConflictResolution | null;
  /**
   * The write the engine decided and is making (recorded before it, cleared once its outcome is recorded). Still
   * set on the next run: the answer was lost or the process died, and the engine checks what landed.
   */
  intent: WriteIntent | null;
  origin: MappingOrigin;
  lastSyncedAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Which side's value the person keeps for one conflicting field. */
export type ConflictChoice = 'outlook' | 'erp';

/**
 * A person's answer to a mapping's conflict, stored until the engine's next run applies it. `choices` has one
 * entry per field of the conflict (canonical field names; `event` for a delete-versus-change conflict), and
 * `conflict` is the conflict as it stood when the person chose, so a conflict that changed since is not settled
 * with stale choices.
 */
export interface ConflictResolution {
  choices: Record<string, ConflictChoice>;
  conflict: unknown;
  chosenAt: Timestamp;
}

/** Fields a caller may set; ids and timestamps are the store's. */
export type MappingFields = Omit<Mapping, 'id' | 'mailboxId' | 'createdAt' | 'updatedAt'>;

export type NewMapping = Partial<MappingFields> &
  Pick<MappingFields, 'origin' | 'status'> & {
    mailboxId: string;
    /** Set when the id was chosen before the insert (e.g. already stamped on a created event). */
    id?: string;
  };

export type MappingPatch = Partial<MappingFields>;

export interface ErpRef {
  model: string;
  id: string;
}

/**
 * `outlook_created`: the Outlook ids the last run created (JSON list), after its delta link was taken: the next
 * delta round must report them (an echo); one that does not is read by id (created, then deleted before that round).
 */
/**
 * `erp_feed`: the tenant feed's last digest of the person's ERP events and the ERP user (JSON); `erp_due`: set by the
 * feed when that digest changed, cleared (compare-and-clear) by the run that read the ERP after it.
 */
export type CursorKind = 'outlook_delta' | 'erp' | 'outlook_created' | 'erp_feed' | 'erp_due';

export interface Cursor {
  mailboxId: string;
  kind: CursorKind;
  /** Delta link / token, or the ERP's change cursor. */
  value: string;
  windowStart: Timestamp | null;
  windowEnd: Timestamp | null;
  updatedAt: Timestamp;
}

export interface CursorInput {
  value: string;
  windowStart?: Timestamp | null;
  windowEnd?: Timestamp | null;
}

export type AuditSide = 'outlook' | 'erp' | 'base';

export interface AuditEntry {
  id: number;
  mailboxId: string;
  mappingId: string | null;
  runId: string | null;
  at: Timestamp;
  side: AuditSide;
  action: string;
  /** Names of the fields the action touched. */
  fields: string[];
  before: unknown;
  after: unknown;
  /** The reconciliation or policy rule that decided the action. */
  rule: string | null;
  workerId: string | null;
}

export type AuditEntryInput = Omit<AuditEntry, 'id' | 'at' | 'mappingId' | 'runId' | 'rule' | 'workerId'> &
  Partial<Pick<AuditEntry, 'at' | 'mappingId' | 'runId' | 'rule' | 'workerId'>>;

export type SyncTrigger = 'notification' | 'user' | 'sweep' | 'admin' | 'retry';
/** `abandoned`: the process running it stopped before it finished (closed by the mailbox's next run). */
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'abandoned';

export interface SyncRun {
  id: string;
  mailboxId: string;
  trigger: SyncTrigger;
  startedAt: Timestamp;
  finishedAt: Timestamp | null;
  status: SyncRunStatus;
  summary: unknown;
  workerId: string | null;
  error: string | null;
}

export interface SyncRunFinish {
  status: Exclude<SyncRunStatus, 'running'>;
  summary?: unknown;
  error?: string | null;
}

/** One encrypted token-cache partition. The store never sees plaintext: the auth module encrypts. */
export interface TokenCacheEntry {
  /** e.g. `<tenantId>.<objectId>`. */
  partitionKey: string;
  /** Base64 ciphertext. */
  ciphertext: string;
  /** Which key encrypted it, so keys can rotate. */
  keyId: string;
  updatedAt: Timestamp;
}

export interface StoreHealth {
  ok: boolean;
  migrations: { applied: string[]; pending: string[] };
  /** Why the store is unhealthy, when it is. */
  error?: string;
}
