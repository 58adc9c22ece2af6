/**
 * Row <-> Mapping conversion for the mappings table: JSON snapshots, the marked flag, and partial patches
 * turned into column updates. Pure; the queries live in mappings-repository.ts.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { fromFlag, fromJsonText, toFlag, toInstantText, toJsonText } from './columns';
import { storedAnything, storedEvent, storedIntent, storedResolution } from './stored-json';
import type { MappingsTable } from './schema';
import type { Mapping, MappingOrigin, MappingPatch, MappingStatus, NewMapping, Timestamp } from './types';

export function toMapping(row: Selectable<MappingsTable>): Mapping {
  return {
    id: row.id,
    mailboxId: row.mailbox_id,
    outlookId: row.outlook_id,
    outlookIcalUid: row.outlook_ical_uid,
    outlookChangeKey: row.outlook_change_key,
    erpModel: row.erp_model,
    erpId: row.erp_id,
    erpVersion: row.erp_version,
    base: fromJsonText(row.base_json, storedEvent, 'mapping base'),
    baseFingerprint: row.base_fingerprint,
    marked: fromFlag(row.marked),
    linkModel: row.link_model,
    linkId: row.link_id,
    linkName: row.link_name,
    // Cast: status and origin are written only by the mappings repository, from their union types.
    status: row.status as MappingStatus,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    conflict: fromJsonText(row.conflict_json, storedAnything, 'mapping conflict'),
    resolution: fromJsonText(row.resolution_json, storedResolution, 'conflict resolution'),
    intent: fromJsonText(row.intent_json ?? null, storedIntent, 'write intent'),
    // Cast: written only by the mappings repository, from a MappingOrigin.
    origin: row.origin as MappingOrigin,
    lastSyncedAt: row.last_synced_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type ColumnPatch = Omit<Updateable<MappingsTable>, 'id' | 'mailbox_id' | 'created_at'>;

/** Only the fields present in the patch become column updates; `undefined` means "leave as is". */
export function toColumnPatch(patch: MappingPatch): ColumnPatch {
  const columns: ColumnPatch = {};
  const put = <K extends keyof ColumnPatch>(key: K, value: ColumnPatch[K] | undefined): void => {
    if (value !== undefined) columns[key] = value;
  };
  put('outlook_id', patch.outlookId);
  put('outlook_ical_uid', patch.outlookIcalUid);
  put('outlook_change_key', patch.outlookChangeKey);
  put('erp_model', patch.erpModel);
  put('erp_id', patch.erpId);
  put('erp_version', patch.erpVersion);
  if (patch.base !== undefined) columns.base_json = toJsonText(patch.base);
  put('base_fingerprint', patch.baseFingerprint);
  if (patch.marked !== undefined) columns.marked = toFlag(patch.marked);
  put('link_model', patch.linkModel);
  put('link_id', patch.linkId);
  put('link_name', patch.linkName);
  put('status', patch.status);
  put('last_error_code', patch.lastErrorCode);
  put('last_error_message', patch.lastErrorMessage);
  if (patch.conflict !== undefined) columns.conflict_json = toJsonText(patch.conflict);
  if (patch.resolution !== undefined) columns.resolution_json = toJsonText(patch.resolution);
  if (patch.intent !== undefined) columns.intent_json = toJsonText(patch.intent);
  put('origin', patch.origin);
  put('last_synced_at', patch.lastSyncedAt ? toInstantText(patch.lastSyncedAt) : patch.lastSyncedAt);
  return columns;
}

export function toInsertRow(input: NewMapping, id: string, at: Timestamp): Insertable<MappingsTable> {
  return {
    id,
    mailbox_id: input.mailboxId,
    outlook_id: null,
    outlook_ical_uid: null,
    outlook_change_key: null,
    erp_model: null,
    erp_id: null,
    erp_version: null,
    base_json: null,
    base_fingerprint: null,
    marked: 0,
    link_model: null,
    link_id: null,
    link_name: null,
    last_error_code: null,
    last_error_message: null,
    conflict_json: null,
    resolution_json: null,
    intent_json: null,
    last_synced_at: null,
    ...toColumnPatch(input),
    status: input.status,
    origin: input.origin,
    created_at: at,
    updated_at: at,
  };
}
