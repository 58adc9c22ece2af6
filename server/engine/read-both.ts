/**
 * Reading both sides for a run: the Outlook delta and the ERP changes, then the other side of every paired item
 * either feed touched, read by id, so no write is ever decided on a side this run did not read ("not re-read" is
 * never "unchanged"). Also re-read: rows still pending, failed or with a write in flight (retried every run),
 * paired events after a full Outlook round, paired ids a delta reported removed (a move out of the window is not a
 * delete), and creates whose answer was lost (by our mapping id in Outlook, by idempotency key in the ERP).
 */
import type { Mapping } from '../store';
import type { EngineDeps, OutlookSide } from './ports';
import type { RunContext } from './load-context';
import {
  findLostCreates,
  followCreatedSeries,
  mergeErpReads,
  readErpByIds,
  readErpChanges,
  type ErpDeltaRead,
} from './read-erp';
import { mergeReads, readOutlookByIds, readOutlookDelta, type OutlookDeltaRead } from './read-outlook';

/**
 * Rows read every run whatever the feeds say: not synced yet, failed, with a write whose outcome is unknown, or with
 * a person's (or admin's) choice for their conflict waiting to be applied.
 */
export function retried(mappings: readonly Mapping[], extra: ReadonlySet<string> = new Set()): Set<string> {
  const due = (m: Mapping) =>
    m.status === 'pending' || m.status === 'error' || m.intent !== null || m.resolution !== null || extra.has(m.id);
  return new Set(mappings.filter(due).map((m) => m.id));
}

/**
 * Rows whose create on a side may have landed without its answer: no id there yet, and not given up; or a create
 * still intended there (a row that keeps the id of a record deleted on that side, when the person chose to keep the
 * event, has one: its new copy is found by the row's key, never taken for a new event of that side).
 */
function lostOn(mappings: readonly Mapping[], side: 'outlook' | 'erp'): Mapping[] {
  return mappings.filter(
    (m) =>
      ((m.status === 'pending' || m.status === 'error') && (side === 'outlook' ? m.outlookId : m.erpId) === null) ||
      m.intent?.writes[side]?.op === 'create',
  );
}

export async function readOutlookSide(
  outlook: OutlookSide,
  ctx: RunContext,
  extra: ReadonlySet<string> = new Set(),
): Promise<OutlookDeltaRead> {
  const { mappings, window } = ctx;
  const pairedSeries = mappings.flatMap((m) => (m.base?.recurrence && m.outlookId ? [m.outlookId] : []));
  const retry = retried(mappings, extra);
  // Events in good standing whose changeKey we recorded: a delta item still carrying it is our own write's echo.
  const known = new Map(
    mappings.flatMap((m) =>
      m.outlookId !== null && m.outlookChangeKey !== null && !retry.has(m.id) && !m.base?.recurrence
        ? [[m.outlookId, m.outlookChangeKey] as const]
        : [],
    ),
  );
  const delta = await readOutlookDelta(outlook, ctx.outlookCursor, window, pairedSeries, known);
  // An echo the round recognised by its changeKey is seen too: reading it again was one GET per event we created.
  const seen = (id: string) => delta.reads.has(id) || delta.echoed.has(id);
  // Our creates of the previous run come back as echoes; one that does not was deleted before this round.
  const created = new Set(ctx.outlookCreated);
  const again = mappings.flatMap(({ id, outlookId, base }) =>
    outlookId !== null &&
    !seen(outlookId) &&
    (retry.has(id) || (delta.full && base !== null) || delta.gone.has(outlookId) || created.has(outlookId))
      ? [outlookId]
      : [],
  );
  // A copy carrying a pairing's mapping id while the pairing holds another (a duplicate of ours): that other copy is
  // read too, even as an echo, since removing the duplicate means comparing the two.
  const byMappingId = new Map(mappings.map((m) => [m.id, m]));
  const duplicated = [...delta.reads.values()].flatMap((read) => {
    const row = read.record.marks.mappingId ? byMappingId.get(read.record.marks.mappingId) : undefined;
    return row?.outlookId && row.outlookId !== read.id && !delta.reads.has(row.outlookId) ? [row.outlookId] : [];
  });
  const found = (await Promise.all(lostOn(mappings, 'outlook').map((m) => outlook.findByMappingId(m.id)))).flat();
  const ids = [...again, ...duplicated, ...found.map((r) => r.id).filter((id) => !seen(id))];
  mergeReads(delta, await readOutlookByIds(outlook, [...new Set(ids)], window));
  return delta;
}

export async function readErpSide(
  deps: EngineDeps,
  ctx: RunContext,
  extra: ReadonlySet<string> = new Set(),
): Promise<ErpDeltaRead> {
  const known = ctx.mappings.map((m) => m.erpId).filter((id) => id !== null);
  const changes =
    ctx.readsErp || ctx.erpCursor === undefined
      ? await readErpChanges(deps.erp, ctx.user, ctx.erpCursor?.value ?? null, ctx.window, known)
      : unread(ctx.erpCursor.value);
  const retry = retried(ctx.mappings, extra);
  const again = ctx.mappings.flatMap(({ id, erpId }) =>
    erpId !== null && retry.has(id) && !changes.reads.has(erpId) && !changes.gone.has(erpId) ? [erpId] : [],
  );
  const byKey = await findLostCreates(
    deps.erp,
    lostOn(ctx.mappings, 'erp').map((m) => m.id),
  );
  const adopted = byKey ? [...byKey.values()].filter((id) => !changes.reads.has(id)) : [];
  mergeErpReads(changes, await readErpByIds(deps.erp, [...again, ...adopted]));
  if (byKey) changes.byKey = byKey;
  await followCreatedSeries(deps.erp, changes, ctx.mappings);
  return changes;
}

/**
 * Both feeds side by side: they are independent (each reads its own cursor and the same rows). An Outlook failure
 * is the one the run reports when both fail, as when they were read one after the other (a revoked consent marks
 * the mailbox for reconnection whatever the ERP answered).
 */
export async function readBothSides(
  deps: EngineDeps,
  outlook: OutlookSide,
  ctx: RunContext,
  extra: ReadonlySet<string> = new Set(),
): Promise<{ outlookRead: OutlookDeltaRead; erpRead: ErpDeltaRead }> {
  const [o, e] = await Promise.allSettled([readOutlookSide(outlook, ctx, extra), readErpSide(deps, ctx, extra)]);
  if (o.status === 'rejected') throw o.reason;
  if (e.status === 'rejected') throw e.reason;
  return { outlookRead: o.value, erpRead: e.value };
}

/** The ERP's changes not read (the tenant feed saw nothing of this person's change): the cursor stays. */
function unread(cursor: string): ErpDeltaRead {
  return { reads: new Map(), gone: new Set(), cursor, unread: true };
}

/**
 * The other side of every paired item a feed touched, read by id: an ERP change is planned against the Outlook
 * event as it is now (and its changeKey is what the write is conditional on), and the other way round.
 */
export async function readOtherSides(
  deps: EngineDeps,
  outlook: OutlookSide,
  ctx: RunContext,
  o: OutlookDeltaRead,
  e: ErpDeltaRead,
): Promise<void> {
  const touched = (m: Mapping) =>
    (m.outlookId !== null && (o.reads.has(m.outlookId) || o.gone.has(m.outlookId))) ||
    (m.erpId !== null && (e.reads.has(m.erpId) || e.gone.has(m.erpId)));
  // An opted-out pairing is read on the ERP side only when its Outlook event came back (marked again?).
  const resumable = (m: Mapping) => m.outlookId !== null && o.reads.has(m.outlookId);
  const rows = ctx.mappings.filter((m) => (m.status === 'not_tracked' ? resumable(m) : touched(m)));
  const outlookIds = rows
    .map((m) => m.outlookId)
    .filter((id): id is string => id !== null && !o.reads.has(id) && !o.gone.has(id));
  const erpIds = rows
    .map((m) => m.erpId)
    .filter((id): id is string => id !== null && !e.reads.has(id) && !e.gone.has(id));
  mergeReads(o, await readOutlookByIds(outlook, [...new Set(outlookIds)], ctx.window));
  mergeErpReads(e, await readErpByIds(deps.erp, [...new Set(erpIds)]));
}
