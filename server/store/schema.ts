/**
 * The database as Kysely sees it: one row type per table, snake_case, as stored. Internal to server/store;
 * repositories convert these rows to the plain types in types.ts. Timestamps are ISO UTC text, JSON is text,
 * booleans are integers 0/1: the same on SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  auth_mode: string;
  policy_json: string;
  erp_settings_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface MailboxesTable {
  id: string;
  tenant_id: string;
  user_object_id: string;
  upn: string;
  email: string;
  status: string;
  status_reason: string | null;
  erp_user_id: string | null;
  last_sync_at: string | null;
  last_sync_summary_json: string | null;
  /** Migration 0002: when the person dismissed the add-in's first-run explanation. */
  first_run_done_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MappingsTable {
  id: string;
  mailbox_id: string;
  outlook_id: string | null;
  outlook_ical_uid: string | null;
  outlook_change_key: string | null;
  erp_model: string | null;
  erp_id: string | null;
  erp_version: string | null;
  base_json: string | null;
  base_fingerprint: string | null;
  marked: number;
  link_model: string | null;
  link_id: string | null;
  /** Migration 0002: display name of the linked record, as the person picked it. */
  link_name: string | null;
  status: string;
  last_error_code: string | null;
  last_error_message: string | null;
  conflict_json: string | null;
  /** Migration 0002: the person's conflict choices (`ConflictResolution`), until the engine applies them. */
  resolution_json: string | null;
  /** Migration 0006: the write the engine is about to make (`WriteIntent`), until its outcome is recorded. */
  intent_json: string | null;
  origin: string;
  last_synced_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CursorsTable {
  mailbox_id: string;
  kind: string;
  value: string;
  window_start: string | null;
  window_end: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  /** PostgreSQL returns bigint as a string; repositories convert. */
  id: Generated<number | string>;
  mailbox_id: string;
  mapping_id: string | null;
  run_id: string | null;
  at: string;
  side: string;
  action: string;
  fields_json: string;
  before_json: string | null;
  after_json: string | null;
  rule: string | null;
  worker_id: string | null;
}

export interface SyncRunsTable {
  id: string;
  mailbox_id: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  summary_json: string | null;
  worker_id: string | null;
  error: string | null;
}

export interface TokenCacheTable {
  partition_key: string;
  ciphertext: string;
  key_id: string;
  updated_at: string;
}

/** Migration 0003: one Graph change-notification subscription per mailbox. */
export interface GraphSubscriptionsTable {
  mailbox_id: string;
  subscription_id: string;
  client_state_hash: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
}

/** Migration 0004: what stops or limits a mailbox's sync; a row lives while the condition holds. */
export interface MailboxConditionsTable {
  mailbox_id: string;
  kind: string;
  key: string;
  reason: string;
  details_json: string | null;
  effect: string;
  cleared_by: string;
  action: string;
  since: string;
  last_seen_at: string;
  occurrences: number;
}

/** Migration 0004: one row per admin API action. */
export interface AdminActionsTable {
  id: Generated<number | string>;
  at: string;
  actor: string;
  actor_id: string | null;
  action: string;
  tenant_id: string | null;
  mailbox_id: string | null;
  outcome: string;
  details_json: string | null;
  request_id: string | null;
}

/** Migration 0005: identities of accepted webhook deliveries, until they can no longer be replayed. */
export interface WebhookReceiptsTable {
  key: string;
  received_at: string;
  expires_at: string;
}

export interface Database {
  tenants: TenantsTable;
  mailboxes: MailboxesTable;
  mappings: MappingsTable;
  cursors: CursorsTable;
  audit_log: AuditLogTable;
  sync_runs: SyncRunsTable;
  token_cache: TokenCacheTable;
  graph_subscriptions: GraphSubscriptionsTable;
  mailbox_conditions: MailboxConditionsTable;
  admin_actions: AdminActionsTable;
  webhook_receipts: WebhookReceiptsTable;
}
