/**
 * Resetting a mailbox, as Odoo's sync reset offers: what to do with the events already synced (leave them, or
 * delete them in Outlook, in the ERP, or both), then forget every pairing and cursor, and either sync everything
 * again on the next run (matching by title + start + end, so nothing duplicates) or only what changes from now on.
 */
import { outlookSideFor } from './customer-details';
import type { OutlookSide, EngineDeps } from './ports';
import type { AuditEntryInput, Mapping } from '../store';
import { dayWindow, findErpUser, loadMailbox, loadPolicy } from './load-context';
import { windowKey } from './read-outlook';

export type ResetExisting = 'leave' | 'deleteOutlook' | 'deleteErp' | 'deleteBoth';
export type ResetThen = 'newOnly' | 'all';

export interface ResetOptions {
  existing: ResetExisting;
  then: ResetThen;
}

export interface ResetReport {
  mailboxId: string;
  mappingsRemoved: number;
  deleted: { outlook: number; erp: number };
  failures: Array<{ side: 'outlook' | 'erp'; id: string; message: string }>;
  then: ResetThen;
}

async function deleteInOutlook(outlook: OutlookSide, mappings: readonly Mapping[], report: ResetReport) {
  const ids = mappings.map((m) => m.outlookId).filter((id) => id !== null);
  if (ids.length === 0) return;
  const outcomes = await outlook.applyWrites(ids.map((id) => ({ kind: 'delete' as const, key: id, eventId: id })));
  for (const outcome of outcomes) {
    if (outcome.ok) report.deleted.outlook += 1;
    else report.failures.push({ side: 'outlook', id: outcome.key, message: outcome.message });
  }
}

async function deleteInErp(deps: EngineDeps, quiet: boolean, mappings: readonly Mapping[], report: ResetReport) {
  for (const id of mappings.map((m) => m.erpId).filter((x) => x !== null)) {
    try {
      await deps.erp.deleteEvent(id, 'delete', { quiet });
      report.deleted.erp += 1;
    } catch (error) {
      report.failures.push({ side: 'erp', id, message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function auditOf(mailboxId: string, mappings: readonly Mapping[], options: ResetOptions): AuditEntryInput[] {
  return mappings.map((m) => ({
    mailboxId,
    mappingId: m.id,
    side: 'base',
    action: 'reset',
    fields: [],
    before: { outlookId: m.outlookId, erpId: m.erpId },
    after: null,
    rule: `reset: existing=${options.existing}, then=${options.then}`,
  }));
}

/**
 * The pairings whose two copies both exist now (read by id on both sides): a reset that deletes one side deletes
 * only these, never an event whose other copy never came to be (a create the ERP refused) or is gone already.
 */
async function bothSidesExist(deps: EngineDeps, outlook: OutlookSide, mappings: readonly Mapping[]) {
  const paired = mappings.flatMap((mapping) => {
    const { base, outlookId, erpId } = mapping;
    return base !== null && outlookId !== null && erpId !== null ? [{ mapping, outlookId, erpId }] : [];
  });
  if (paired.length === 0) return [];
  const inOutlook = await outlook.getEvents(paired.map((p) => p.outlookId));
  const inErp = new Set((await deps.erp.readEvents(paired.map((p) => p.erpId))).map((r) => r.id));
  return paired.filter((p) => inOutlook.has(p.outlookId) && inErp.has(p.erpId)).map((p) => p.mapping);
}

/** Resets the mailbox; the next run starts from nothing (`all`) or from now (`newOnly`). */
export async function resetMailbox(deps: EngineDeps, mailboxId: string, options: ResetOptions): Promise<ResetReport> {
  const mailbox = await loadMailbox(deps, mailboxId);
  const policy = await loadPolicy(deps, mailbox);
  const mappings = await deps.store.mappings.listByMailbox(mailboxId);
  const report: ResetReport = {
    mailboxId,
    mappingsRemoved: 0,
    deleted: { outlook: 0, erp: 0 },
    failures: [],
    then: options.then,
  };
  const outlook = outlookSideFor(deps, mailbox, policy);
  const inOutlook = options.existing === 'deleteOutlook' || options.existing === 'deleteBoth';
  const inErp = options.existing === 'deleteErp' || options.existing === 'deleteBoth';
  // Both sides are read before anything is deleted: a copy goes only while its other side exists.
  const paired = inOutlook || inErp ? await bothSidesExist(deps, outlook, mappings) : [];
  if (inOutlook) await deleteInOutlook(outlook, paired, report);
  if (inErp) await deleteInErp(deps, policy.attendees === 'quiet', paired, report);
  await deps.store.transaction(async (tx) => {
    await tx.audit.append(auditOf(mailboxId, mappings, options));
    for (const m of mappings) if (await tx.mappings.delete(mailboxId, m.id)) report.mappingsRemoved += 1;
    await tx.cursors.clear(mailboxId, 'outlook_delta');
    await tx.cursors.clear(mailboxId, 'erp');
    await tx.cursors.clear(mailboxId, 'outlook_created');
  });
  if (options.then === 'newOnly') {
    // Start both feeds from now: what exists stays as it is and only later changes sync.
    const window = dayWindow(policy, deps.clock.now());
    const round = await outlook.readChanges({ window });
    const user = await findErpUser(deps, mailbox);
    const erp = await deps.erp.listChanges(user, null, window, []);
    await deps.store.transaction(async (tx) => {
      await tx.cursors.set(mailboxId, 'outlook_delta', { value: round.deltaLink, ...windowKey(window) });
      await tx.cursors.set(mailboxId, 'erp', { value: erp.cursor, ...windowKey(window) });
    });
  }
  return report;
}
