/**
 * Reading both sides for a run: the Outlook delta and the ERP changes, plus re-reads by id of what the feeds may
 * not return: rows still pending or failed (retried every run), paired events after a full Outlook round (were
 * they deleted while the link was lost?), and creates whose answer was lost (found by our mapping id in Outlook,
 * by idempotency key in an ERP that can look one up).
 */
import type { Mapping } from '../store';
import type { EngineDeps, OutlookSide } from './ports';
import type { RunContext } from './load-context';
import { findLostCreates, mergeErpReads, readErpByIds, readErpChanges, type ErpDeltaRead } from './read-erp';
import { mergeReads, readOutlookByIds, readOutlookDelta, type OutlookDeltaRead } from './read-outlook';

/** Rows retried every run whatever the feeds say. */
export function retried(mappings: readonly Mapping[]): Set<string> {
  return new Set(mappings.filter((m) => m.status === 'pending' || m.status === 'error').map((m) => m.id));
}

export async function readOutlookSide(outlook: OutlookSide, ctx: RunContext): Promise<OutlookDeltaRead> {
  const { mappings, window } = ctx;
  const pairedSeries = mappings.filter((m) => m.base?.recurrence && m.outlookId).map((m) => m.outlookId!);
  const delta = await readOutlookDelta(outlook, ctx.outlookCursor, window, pairedSeries);
  const retry = retried(mappings);
  const seen = (id: string) => delta.reads.has(id) || delta.gone.has(id);
  const again = mappings.filter(
    (m) => m.outlookId !== null && !seen(m.outlookId) && (retry.has(m.id) || (delta.full && m.base !== null)),
  );
  const lost = mappings.filter((m) => m.status === 'pending' && m.outlookId === null);
  const found = (await Promise.all(lost.map((m) => outlook.findByMappingId(m.id)))).flat();
  const ids = [...again.map((m) => m.outlookId!), ...found.map((r) => r.id).filter((id) => !seen(id))];
  mergeReads(delta, await readOutlookByIds(outlook, [...new Set(ids)], window));
  return delta;
}

export async function readErpSide(deps: EngineDeps, ctx: RunContext): Promise<ErpDeltaRead> {
  const known = ctx.mappings.map((m) => m.erpId).filter((id) => id !== null);
  const changes = await readErpChanges(deps.erp, ctx.user, ctx.erpCursor?.value ?? null, ctx.window, known);
  const retry = retried(ctx.mappings);
  const again = ctx.mappings
    .filter((m) => m.erpId !== null && retry.has(m.id) && !changes.reads.has(m.erpId) && !changes.gone.has(m.erpId))
    .map((m) => m.erpId!);
  const lost = ctx.mappings.filter((m) => m.status === 'pending' && m.erpId === null).map((m) => m.id);
  const byKey = await findLostCreates(deps.erp, lost);
  const adopted = byKey ? [...byKey.values()].filter((id) => !changes.reads.has(id)) : [];
  mergeErpReads(changes, await readErpByIds(deps.erp, [...again, ...adopted]));
  if (byKey) changes.byKey = byKey;
  return changes;
}
