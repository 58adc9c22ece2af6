/**
 * Reading the ERP for one run: changes since the cursor (the adapter reads with an overlap; repeats are no-ops
 * downstream), known ids for delete detection, and records re-read by id. Archived records count as deleted.
 */
import type { ErpEvent, ErpPort, ErpUser } from '../erp';
import type { UtcWindow } from '../outlook';
import type { Mapping } from '../store';

export interface ErpReads {
  reads: Map<string, ErpEvent>;
  gone: Set<string>;
  /**
   * Lost creates found by idempotency key: mapping id -> ERP id (the record is in `reads`). Undefined when the ERP
   * has no such lookup (pairing then matches by title + start + end).
   */
  byKey?: Map<string, string>;
  /**
   * Series the ERP replaced (Odoo makes a new calendar.recurrence when a whole series moves or its rule changes):
   * old id -> the record that continues it. The old id is in `gone` too; pairing re-keys instead of deleting.
   */
  replaced?: Map<string, string>;
}

export interface ErpDeltaRead extends ErpReads {
  cursor: string;
  /** True when the changes were not read (the cursor is the stored one, not moved). */
  unread?: boolean;
}

export async function readErpChanges(
  erp: ErpPort,
  user: ErpUser,
  cursor: string | null,
  window: UtcWindow,
  knownIds: readonly string[],
): Promise<ErpDeltaRead> {
  const answer = await erp.listChanges(user, cursor, window, knownIds);
  const out: ErpDeltaRead = { reads: new Map(), gone: new Set(), cursor: answer.cursor };
  for (const change of answer.changes) {
    if (change.kind === 'upsert') {
      out.reads.set(change.record.id, change.record);
      if (change.replaces !== undefined) (out.replaced ??= new Map()).set(change.replaces, change.record.id);
    } else out.gone.add(change.kind === 'deleted' ? change.id : change.record.id);
  }
  return out;
}

/** Records by id (archived ones count as gone), for paired records the change feed did not return. */
export async function readErpByIds(erp: ErpPort, ids: readonly string[]): Promise<ErpReads> {
  const out: ErpReads = { reads: new Map(), gone: new Set() };
  if (ids.length === 0) return out;
  const found = new Map((await erp.readEvents(ids)).map((r) => [r.id, r]));
  const missing = ids.filter((id) => !found.has(id));
  // A private appointment the ERP hides from the integration is not gone: its Outlook copy must stay.
  const hidden = new Set(missing.length && erp.hiddenAmong ? await erp.hiddenAmong(missing) : []);
  for (const id of ids) {
    const record = found.get(id);
    if (record && record.active) out.reads.set(id, record);
    else if (!hidden.has(id)) out.gone.add(id);
  }
  return out;
}

/** Records the ERP created for these pending rows (by the row id as idempotency key), when the ERP can look up. */
export async function findLostCreates(erp: ErpPort, mappingIds: readonly string[]): Promise<ErpReads['byKey']> {
  const lookUp = erp.findByIdempotencyKey?.bind(erp);
  if (!lookUp) return undefined;
  const byKey = new Map<string, string>();
  const found = await Promise.all(mappingIds.map(async (id) => [id, await lookUp(id)] as const));
  for (const [id, record] of found) if (record && record.active) byKey.set(id, record.id);
  return byKey;
}

/**
 * Series we created whose id vanished without a successor reported: the ERP may have replaced them before it ever
 * reported them to us (Odoo follows a replaced series by marks taken when it was read, which a series created by the
 * previous run's writes does not have yet). The record our key marks, when it is now another live series, continues it.
 */
export async function followCreatedSeries(erp: ErpPort, out: ErpReads, mappings: readonly Mapping[]): Promise<void> {
  if (!erp.findByIdempotencyKey) return;
  const paired = new Set(mappings.map((m) => m.erpId));
  const lost = mappings.flatMap(({ id, origin, base, erpId }) =>
    origin === 'outlook' && base?.recurrence && erpId !== null && out.gone.has(erpId) && !out.replaced?.has(erpId)
      ? [{ id, erpId }]
      : [],
  );
  for (const mapping of lost) {
    const record = await erp.findByIdempotencyKey(mapping.id);
    if (!record?.active || !record.event.recurrence || paired.has(record.id)) continue;
    out.reads.set(record.id, record);
    (out.replaced ??= new Map()).set(mapping.erpId, record.id);
  }
}

export function mergeErpReads(target: ErpReads, extra: ErpReads): void {
  for (const [id, read] of extra.reads) {
    target.reads.set(id, read);
    target.gone.delete(id);
  }
  for (const id of extra.gone) if (!target.reads.has(id)) target.gone.add(id);
}
