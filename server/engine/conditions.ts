/**
 * What a run tells the mailbox's conditions (server/store): the guard's held deletions (raised per side with the
 * list, cleared once the guard holds nothing there), the ERP refusing our rights, Outlook asking to wait longer than
 * a run waits, and events that failed run after run. Also the deletions an admin confirmed, which the guard then lets through. Decides nothing about syncing.
 */
import { otherSide, type PlanItem, type SyncSide } from '../core';
import { isErpError } from '../erp';
import { isOutlookError } from '../outlook';
import type { HeldDeletion, HeldDeletions, StoreRepositories } from '../store';
import { plainError } from './errors-in-plain-words';
import type { EngineDeps } from './ports';
import type { RunSummary } from './summary';

/** An event failing in this many runs in a row is a mailbox condition, not a passing fault. */
export const REPEATED_FAILURE_RUNS = 3;

const SIDES: readonly SyncSide[] = ['outlook', 'erp'];

/** Keys whose held deletions an admin confirmed, on either side. */
export async function confirmedDeletes(store: Pick<StoreRepositories, 'conditions'>, mailboxId: string) {
  const keys = new Set<string>();
  for (const side of SIDES) {
    const condition = await store.conditions.get(mailboxId, 'delete_guard', side);
    // Cast: delete_guard conditions are raised only here, with HeldDeletions details.
    const details = condition?.details as HeldDeletions | null | undefined;
    for (const key of details?.confirmed?.keys ?? []) keys.add(key);
  }
  return keys;
}

function heldOf(item: PlanItem): HeldDeletion | null {
  if (item.action.kind !== 'problem' || item.action.held === undefined) return null;
  const { lostOn, action } = item.action.held;
  const survivor = otherSide(lostOn);
  const state = item[survivor];
  const survivorId = state.kind === 'present' ? state.id : (item.base?.[survivor].id ?? null);
  const deletes = action.kind === 'deleteInErp' || action.kind === 'deleteInOutlook';
  const how = action.kind === 'deleteInErp' ? action.mode : 'delete';
  const snapshot = item.base?.snapshot ?? null;
  const timing = snapshot?.timing;
  return {
    mappingId: item.key.startsWith('new:') ? null : item.key,
    key: item.key,
    title: snapshot?.title ?? null,
    start: timing === undefined ? null : timing.kind === 'timed' ? timing.start : timing.startDate,
    lostOn,
    wouldDelete: deletes ? { side: survivor, id: survivorId, how } : null,
  };
}

/** The plan's held deletions, per side that lost them. */
export function heldDeletions(plan: readonly PlanItem[]): Map<SyncSide, HeldDeletions> {
  const bySide = new Map<SyncSide, HeldDeletions>();
  for (const item of plan) {
    const held = heldOf(item);
    if (held === null) continue;
    const entry = bySide.get(held.lostOn) ?? { side: held.lostOn, held: [], confirmed: null };
    entry.held.push(held);
    bySide.set(held.lostOn, entry);
  }
  return bySide;
}

async function reflectGuard(deps: EngineDeps, mailboxId: string, plan: readonly PlanItem[]): Promise<void> {
  const bySide = heldDeletions(plan);
  for (const side of SIDES) {
    const held = bySide.get(side);
    if (held === undefined) {
      await deps.store.conditions.clear(mailboxId, 'delete_guard', side);
      continue;
    }
    const reason = plan.find((i) => i.action.kind === 'problem' && i.action.held?.lostOn === side)?.reason ?? '';
    await deps.store.conditions.raise(mailboxId, { kind: 'delete_guard', key: side, reason, details: held });
  }
}

async function reflectErpRights(deps: EngineDeps, mailboxId: string, summary: RunSummary, failure: unknown) {
  const refused = summary.errors.find((e) => e.code === 'erp_auth');
  if (isErpError(failure) && failure.kind === 'auth') {
    await deps.store.conditions.raise(mailboxId, { kind: 'erp_rights', reason: summary.fatal ?? failure.message });
  } else if (refused) {
    await deps.store.conditions.raise(mailboxId, { kind: 'erp_rights', reason: refused.message });
  } else if (failure === null) {
    await deps.store.conditions.clear(mailboxId, 'erp_rights');
  }
}

interface FailedItem {
  mappingId: string | null;
  key: string;
  code: string;
  message: string;
}

function failedItems(summary: unknown): FailedItem[] {
  // Cast: an optional read of an unknown summary (checked to be an array below); its errors are FailedItems, written by the engine.
  const errors = (summary as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as FailedItem[]) : [];
}

/** Events that failed in each of the last REPEATED_FAILURE_RUNS runs (this one included). */
async function reflectRepeatedFailures(deps: EngineDeps, mailboxId: string, summary: RunSummary): Promise<void> {
  const runs = await deps.store.syncRuns.listRecent(mailboxId, REPEATED_FAILURE_RUNS);
  const failing = (run: unknown) => new Set(failedItems(run).map((e) => e.mappingId ?? e.key));
  const earlier = runs.filter((r) => r.id !== summary.runId).map((r) => failing(r.summary));
  const repeated = summary.errors.filter(
    (e) => earlier.length >= REPEATED_FAILURE_RUNS - 1 && earlier.every((set) => set.has(e.mappingId ?? e.key)),
  );
  const [first] = repeated;
  if (first === undefined) {
    await deps.store.conditions.clear(mailboxId, 'item_failures');
    return;
  }
  const count = repeated.length === 1 ? '1 event' : `${repeated.length} events`;
  await deps.store.conditions.raise(mailboxId, {
    kind: 'item_failures',
    reason: `${count} failed to sync in each of the last ${REPEATED_FAILURE_RUNS} runs; first: ${first.message}`,
    details: { items: repeated.map(({ key, mappingId, code, message }) => ({ key, mappingId, code, message })) },
  });
}

/**
 * A run stopped by a 429 whose Retry-After is beyond what a run waits in-line (server/outlook client.ts) raises
 * `outlook_throttled` in plain words; a run that got past Outlook's reads and writes clears it.
 */
async function reflectOutlookThrottled(deps: EngineDeps, mailboxId: string, failure: unknown) {
  if (isOutlookError(failure) && failure.kind === 'throttled') {
    await deps.store.conditions.raise(mailboxId, { kind: 'outlook_throttled', reason: plainError(failure).message });
  } else if (failure === null) {
    await deps.store.conditions.clear(mailboxId, 'outlook_throttled');
  }
}

/** After a run (not a dry run): raise or clear the conditions the run shows. `plan` is null when planning failed. */
export async function reflectRun(
  deps: EngineDeps,
  run: { mailboxId: string; plan: readonly PlanItem[] | null; summary: RunSummary; failure: unknown },
): Promise<void> {
  try {
    if (run.plan !== null) await reflectGuard(deps, run.mailboxId, run.plan);
    await reflectErpRights(deps, run.mailboxId, run.summary, run.failure);
    await reflectOutlookThrottled(deps, run.mailboxId, run.failure);
    if (run.summary.runId !== null) await reflectRepeatedFailures(deps, run.mailboxId, run.summary);
  } catch (error) {
    deps.logger.error({ err: error, mailboxId: run.mailboxId }, 'mailbox conditions could not be updated');
  }
}
