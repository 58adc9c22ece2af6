/**
 * One mailbox sync, as a story: load -> read Outlook and the ERP -> pair -> plan -> apply (ERP, then Outlook) ->
 * record each item -> advance the cursors only when everything is recorded -> close the run. The dry run stops
 * after planning. Failures of one item are recorded on it; a failure of the whole mailbox stops the run.
 */
import { DEFAULT_POLICY, EVENT_FIELDS, planSync, type Capabilities, type PlanItem } from '../core';
import type { StoreRepositories, SyncTrigger } from '../store';
import { applyErp } from './apply-erp';
import { checkLease, type RunOptions } from './lease';
import { applyOutlook } from './apply-outlook';
import { applyResolutions } from './apply-resolutions';
import { confirmedDeletes, reflectRun } from './conditions';
import { dryRunReport, type DryRunReport } from './dry-run';
import { plainError } from './errors-in-plain-words';
import { outlookSideFor } from './customer-details';
import { loadContext, loadSubject, type RunContext, type RunSubject } from './load-context';
import type { ItemOutcome } from './outcome';
import { pairItems, type EngineItem } from './pair';
import { findSharedMeetings, markAttendeeCopies } from './shared-meetings';
import type { EngineDeps, OutlookSide } from './ports';
import { guardCreates, removeDuplicates } from './loop-guard';
import { applyOptOuts } from './opt-out';
import { readBothSides, readOtherSides, retried } from './read-both';
import type { ErpDeltaRead } from './read-erp';
import { windowKey, type OutlookDeltaRead } from './read-outlook';
import { applyPending, pendingWrite, recordOutcomes, type RecordContext } from './record';
import { mergePasses, summarize, type RunSummary } from './summary';
import { logFailures, logRun } from './run-log';
import { AppError } from '../errors';
import { isOutlookError } from '../outlook';

export interface Planned {
  ctx: RunContext;
  outlookRead: OutlookDeltaRead;
  erpRead: ErpDeltaRead;
  engineItems: EngineItem[];
  plan: PlanItem[];
}

/**
 * Load, read both sides, pair and plan: everything a run does before writing. `again` are rows read again whatever
 * the feeds say (a write the previous pass found stale).
 */
export async function planMailbox(
  deps: EngineDeps,
  subject: RunSubject,
  outlook: OutlookSide,
  again: ReadonlySet<string> = new Set(),
): Promise<Planned> {
  const mailboxId = subject.mailbox.id;
  const ctx = await loadContext(deps, subject);
  const { outlookRead, erpRead } = await readBothSides(deps, outlook, ctx, again);
  await readOtherSides(deps, outlook, ctx, outlookRead, erpRead);
  const shared = await findSharedMeetings(deps, ctx, outlookRead, erpRead);
  const window = { from: ctx.window.from.toISOString(), to: ctx.window.to.toISOString() };
  const pairing = { mappings: ctx.mappings, outlook: outlookRead, erp: erpRead, policy: ctx.policy, user: ctx.user };
  const keepsZone = deps.erp.keepsTimeZone;
  const input = { ...pairing, window, erpKeepsTimeZone: keepsZone, shared: shared.join };
  const engineItems = pairItems(input, retried(ctx.mappings, again));
  markAttendeeCopies(engineItems, shared, ctx.mailbox.email);
  const paired = {
    outlook: ctx.mappings.filter((m) => m.base && m.outlookId).length,
    erp: ctx.mappings.filter((m) => m.base && m.erpId).length,
  };
  const caps: Capabilities = {
    outlook: { fields: EVENT_FIELDS, keepsTimeZone: true },
    erp: {
      fields: deps.erp.fields,
      keepsTimeZone: keepsZone,
      ...(deps.erp.represent ? { represent: deps.erp.represent } : {}),
    },
  };
  const adopted = new Set(engineItems.filter((e) => e.adopted || e.remarked).map((e) => e.item.key));
  const confirmed = await confirmedDeletes(deps.store, mailboxId);
  const planned = planSync(
    engineItems.map((e) => e.item),
    ctx.policy,
    paired,
    caps,
    confirmed,
  ).map((p) => (adopted.has(p.key) && p.action.kind === 'noop' ? { ...p, action: { kind: 'baseOnly' as const } } : p));
  const optedOut = applyOptOuts(removeDuplicates(planned, engineItems, outlookRead), engineItems, ctx.policy);
  const resolved = applyResolutions(optedOut, engineItems);
  const plan = await guardCreates(deps, ctx, resolved);
  return { ctx, outlookRead, erpRead, engineItems, plan };
}

/**
 * Items per store transaction when preparing and recording: one commit for many items (a first sync of thousands
 * spent most of its time in one transaction per item). A chunk whose transaction fails is redone item by item, so
 * an item whose row cannot be written still fails alone and the others are kept.
 */
export const STORE_CHUNK = 250;

/**
 * Runs `work` over `items`, a chunk per transaction (`work` answers one result per item of its chunk); a chunk that
 * fails is redone item by item; answers each item's result or error.
 */
async function inChunks<T, R>(
  deps: EngineDeps,
  items: readonly T[],
  work: (tx: StoreRepositories, chunk: readonly T[]) => Promise<R[]>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>> {
  const results: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = [];
  const one = async (tx: StoreRepositories, item: T): Promise<R> => {
    const values = await work(tx, [item]);
    const [value] = values;
    if (values.length !== 1 || value === undefined) throw new Error(`${values.length} results for 1 item`);
    return value;
  };
  for (let i = 0; i < items.length; i += STORE_CHUNK) {
    const chunk = items.slice(i, i + STORE_CHUNK);
    try {
      const values = await deps.store.transaction((tx) => work(tx, chunk));
      if (values.length !== chunk.length) throw new Error(`${values.length} results for ${chunk.length} items`);
      for (const value of values) results.push({ ok: true, value });
    } catch (chunkError) {
      if (chunk.length === 1) {
        results.push({ ok: false, error: chunkError });
        continue;
      }
      // Nothing of the chunk was kept: each item alone, so only the failing ones fail.
      for (const item of chunk) {
        try {
          results.push({ ok: true, value: await deps.store.transaction((tx) => one(tx, item)) });
        } catch (error) {
          results.push({ ok: false, error });
        }
      }
    }
  }
  return results;
}

/**
 * Inserts pending rows for new keys (before any remote create), a chunk's new rows in one insert; an item whose row
 * cannot be written fails alone.
 */
async function prepare(deps: EngineDeps, planned: Planned, record: RecordContext): Promise<ItemOutcome[]> {
  const byKey = new Map(planned.engineItems.map((e) => [e.item.key, e]));
  const outcomes: ItemOutcome[] = planned.plan.map((plan) => {
    // Non-null: the plan is made from these engine items, one plan item per key.
    const engine = byKey.get(plan.key)!;
    return { engine, plan, mappingId: engine.mapping?.id ?? null, effects: [], failure: null };
  });
  const results = await inChunks(deps, outcomes, (tx, chunk) =>
    applyPending(
      tx,
      record,
      chunk.map((o) => pendingWrite(record, o.engine, o.plan)),
    ),
  );
  outcomes.forEach((outcome, i) => {
    const result = results[i];
    if (result?.ok) outcome.mappingId = result.value;
    else outcome.failure = { ...plainError(result?.error), side: null };
  });
  return outcomes;
}

/** Records every outcome, many per transaction (inChunks); answers those that could not be recorded. */
async function recordAll(
  deps: EngineDeps,
  record: RecordContext,
  outcomes: readonly ItemOutcome[],
): Promise<ItemOutcome[]> {
  const unrecorded: ItemOutcome[] = [];
  const toRecord = outcomes.filter((outcome) => {
    const quiet = outcome.plan.action.kind === 'noop' && !outcome.failure && !outcome.engine.mapping?.intent;
    if (quiet) return false;
    if (outcome.mappingId === null && outcome.failure) unrecorded.push(outcome); // nothing to retry it from
    return true;
  });
  const results = await inChunks(deps, toRecord, async (tx, chunk) => {
    await recordOutcomes(tx, record, chunk);
    return chunk.map(() => true);
  });
  toRecord.forEach((outcome, i) => {
    const result = results[i];
    if (result?.ok) return;
    unrecorded.push(outcome);
    deps.logger.error({ err: result?.error, key: outcome.plan.key }, 'sync result could not be recorded');
  });
  return unrecorded;
}

const NOT_RECORDED = {
  code: 'not_recorded',
  message: 'ERP Sync could not record the result of this change; the next run recognises what was written.',
};

async function advanceCursors(deps: EngineDeps, planned: Planned, outcomes: readonly ItemOutcome[]): Promise<void> {
  const { mailbox, window } = planned.ctx;
  const created = outcomes.flatMap((o) => o.effects.filter((e) => e.side === 'outlook' && e.action === 'create'));
  await deps.store.transaction(async (tx) => {
    await tx.cursors.set(mailbox.id, 'outlook_delta', { value: planned.outlookRead.deltaLink, ...windowKey(window) });
    if (!planned.erpRead.unread) {
      await tx.cursors.set(mailbox.id, 'erp', { value: planned.erpRead.cursor, ...windowKey(window) });
      // The feed's flag this run answered; one set again since (a newer change) stays for the next run.
      if (planned.ctx.erpDue !== undefined) await tx.cursors.clearIf(mailbox.id, 'erp_due', planned.ctx.erpDue);
    }
    await tx.cursors.set(mailbox.id, 'outlook_created', { value: JSON.stringify(created.map((e) => e.id)) });
  });
}

/** Plans and reports, writing nothing (no run row, no mapping, no cursor, no remote write). */
export async function dryRunMailbox(deps: EngineDeps, mailboxId: string): Promise<DryRunReport> {
  const subject = await loadSubject(deps, mailboxId);
  const planned = await planMailbox(deps, subject, outlookSideFor(deps, subject.mailbox, subject.policy));
  return dryRunReport({ mailboxId, outlookFullRead: planned.outlookRead.fullReason }, planned.plan, planned.ctx.policy);
}

/** Applies a plan and records it; answers the run's summary and the rows whose writes were stale. */
async function applyPlanned(
  deps: EngineDeps,
  planned: Planned,
  outlook: OutlookSide,
  runId: string,
  signal: AbortSignal | undefined,
): Promise<{ summary: RunSummary; stale: Set<string>; outcomes: ItemOutcome[] }> {
  const { ctx } = planned;
  const record: RecordContext = {
    mailboxId: ctx.mailbox.id,
    runId,
    erpModel: deps.erp.kind,
    now: deps.clock.now().toISOString(),
    workerId: deps.workerId ?? null,
  };
  checkLease(signal);
  const outcomes = await prepare(deps, planned, record);
  await applyErp(deps.erp, ctx.user, ctx.policy, outcomes, signal);
  checkLease(signal);
  await applyOutlook(outlook, ctx.policy, outcomes);
  checkLease(signal);
  const unrecorded = await recordAll(deps, record, outcomes);
  const recorded = unrecorded.length === 0;
  checkLease(signal);
  if (recorded) await advanceCursors(deps, planned, outcomes);
  const head = { mailboxId: ctx.mailbox.id, runId, dryRun: false, outlookFullRead: planned.outlookRead.fullReason };
  const summary = summarize({ ...head, cursorsAdvanced: recorded }, planned.plan, outcomes, ctx.policy);
  for (const o of unrecorded) {
    if (!o.failure) summary.errors.push({ key: o.plan.key, mappingId: o.mappingId, ...NOT_RECORDED });
  }
  // A mailbox never reports success while a result could not be recorded.
  if (!recorded) summary.status = 'partial';
  const stale = new Set(outcomes.flatMap((o) => (o.stale && o.mappingId !== null ? [o.mappingId] : [])));
  return { summary, stale, outcomes };
}

/** Stops a run that cannot go on: a mailbox that lost its Outlook consent is marked for reconnection. */
async function failRun(deps: EngineDeps, mailboxId: string, runId: string, error: unknown): Promise<RunSummary> {
  const words = plainError(error);
  if (isOutlookError(error) && error.kind === 'auth') {
    await deps.store.mailboxes.setStatus(mailboxId, 'needs_reconnect', words.message);
  }
  deps.logger.error({ err: error, mailboxId, runId }, 'mailbox sync failed');
  return {
    ...summarize(
      { mailboxId, runId, dryRun: false, outlookFullRead: null, cursorsAdvanced: false },
      [],
      [],
      DEFAULT_POLICY,
    ),
    status: 'failed',
    fatal: words.message,
    // A side that did not answer (network, timeout, 5xx) may answer in a minute; auth, rights or throttling wait.
    retryable: error instanceof AppError && error.code === 'transient',
  };
}

const ABANDONED = 'The process running this sync stopped before it finished; the next run redid its work.';

/** Passes of one run: a write found stale (changed since read) is read and planned again, at most twice. */
const MAX_PASSES = 3;

/** The run's passes; answers the summary of them all and the last pass's plan (what is left stands there). */
async function applyPasses(
  deps: EngineDeps,
  subject: RunSubject,
  outlook: OutlookSide,
  runId: string,
  signal: AbortSignal | undefined,
): Promise<{ summary: RunSummary; plan: PlanItem[]; failed: ItemOutcome[] }> {
  let again = new Set<string>();
  let total: RunSummary | null = null;
  let plan: PlanItem[] = [];
  // Each event's last failure in the run: a write retried in a later pass is logged once, as it ended.
  const lastFailure = new Map<string, ItemOutcome>();
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const planned = await planMailbox(deps, subject, outlook, again);
    plan = planned.plan;
    const { summary, stale, outcomes } = await applyPlanned(deps, planned, outlook, runId, signal);
    for (const o of outcomes) if (o.failure) lastFailure.set(o.plan.key, o);
    total = total === null ? summary : mergePasses(total, summary);
    if (stale.size === 0) break;
    again = stale;
  }
  if (total === null) throw new Error('A mailbox sync ran no pass (MAX_PASSES is at least 1)');
  const failed = total.errors.flatMap((e) => lastFailure.get(e.key) ?? []);
  return { summary: total, plan, failed };
}

/** One mailbox sync, recorded as a sync_runs row; answers its summary (never throws for remote failures). */
export async function runMailboxSync(
  deps: EngineDeps,
  mailboxId: string,
  trigger: SyncTrigger = 'admin',
  options: RunOptions = {},
): Promise<RunSummary> {
  const started = performance.now();
  const subject = await loadSubject(deps, mailboxId);
  const outlook = outlookSideFor(deps, subject.mailbox, subject.policy);
  // This run holds the mailbox's lease: a run still `running` was cut short (its process was killed).
  await deps.store.syncRuns.abandonRunning(mailboxId, ABANDONED);
  const run = await deps.store.syncRuns.start({ mailboxId, trigger, workerId: deps.workerId ?? null });
  let summary: RunSummary;
  let plan: PlanItem[] | null = null;
  let failure: unknown = null;
  const head = { mailboxId, runId: run.id, trigger };
  try {
    let failed: ItemOutcome[];
    ({ summary, plan, failed } = await applyPasses(deps, subject, outlook, run.id, options.signal));
    logFailures(deps.logger, head, failed);
  } catch (error) {
    failure = error;
    summary = await failRun(deps, mailboxId, run.id, error);
  }
  await deps.store.syncRuns.finish(mailboxId, run.id, {
    status: summary.status,
    summary,
    error: summary.fatal,
  });
  logRun(deps.logger, head, summary, performance.now() - started);
  // A run that lost its lease leaves the mailbox's state to the run that holds it now.
  if (options.signal?.aborted) return summary;
  await deps.store.mailboxes.recordSync(mailboxId, deps.clock.now().toISOString(), summary);
  await reflectRun(deps, { mailboxId, plan, summary, failure });
  return summary;
}
