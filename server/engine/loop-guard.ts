/**
 * The engine half of the loop breaker (core/loop-breaker.ts): the mailbox's creates of the last day read from the
 * audit log, which pairings still hold their copies, and which refused items an admin released (their row still says
 * `loop_breaker` but the condition was cleared). Also removes duplicates of ours (a second Outlook copy carrying a
 * pairing's mapping id while the pairing holds another) when they are identical to the pairing's copy.
 */
import { breakCopyLoops, copyKey, diffFields, type LedgerCopy, type PlanItem, type SyncSide } from '../core';
import type { EngineItem } from './pair';
import type { EngineDeps } from './ports';
import type { RunContext } from './load-context';
import type { OutlookReads } from './read-outlook';
import type { SyncErrorCode } from '../../contract/addin-api/codes';

const DAY_MS = 86_400_000;

export const LOOP_BREAKER_CODE = 'loop_breaker' satisfies SyncErrorCode;

function isCreate(item: PlanItem): boolean {
  return item.action.kind === 'createInErp' || item.action.kind === 'createInOutlook';
}

async function released(deps: EngineDeps, ctx: RunContext): Promise<Set<string>> {
  const refused = ctx.mappings.filter((m) => m.lastErrorCode === LOOP_BREAKER_CODE);
  const out = new Set<string>();
  for (const row of refused) {
    if (!(await deps.store.conditions.get(ctx.mailbox.id, 'loop_breaker', row.id))) out.add(row.id);
  }
  return out;
}

/** The plan with creates refused that would make a second live copy of the same content on one side. */
export async function guardCreates(deps: EngineDeps, ctx: RunContext, plan: PlanItem[]): Promise<PlanItem[]> {
  if (!plan.some(isCreate)) return plan;
  const since = new Date(ctx.now.getTime() - DAY_MS).toISOString();
  const tag = ctx.policy.marking.subjectTag;
  const ledger: LedgerCopy[] = [];
  for (const entry of await deps.store.audit.listCreatesSince(ctx.mailbox.id, since)) {
    if (entry.side === 'base' || entry.after === null || typeof entry.after !== 'object') continue;
    // Cast: a create's audit `after` is the fields it wrote (outcome.ts pick), an object (checked above).
    const key = copyKey(entry.after as Parameters<typeof copyKey>[0], tag);
    if (key !== null) ledger.push({ side: entry.side, key, mappingId: entry.mappingId });
  }
  const rows = new Map(ctx.mappings.map((m) => [m.id, m]));
  const live = (mappingId: string, side: SyncSide) => {
    const row = rows.get(mappingId);
    return (
      row !== undefined && row.status !== 'not_tracked' && (side === 'outlook' ? row.outlookId : row.erpId) !== null
    );
  };
  return breakCopyLoops(plan, ledger, live, await released(deps, ctx), tag);
}

/** Duplicates of ours identical to their pairing's Outlook copy are deleted (If-Match); others stay for a person. */
export function removeDuplicates(plan: PlanItem[], items: readonly EngineItem[], outlook: OutlookReads): PlanItem[] {
  const byKey = new Map(items.map((e) => [e.item.key, e]));
  return plan.map((p) => {
    const engine = byKey.get(p.key);
    const of = engine?.duplicateOf;
    const copy = of?.outlookId ? outlook.reads.get(of.outlookId) : undefined;
    const mine = engine?.outlookRead?.event;
    if (!of || !copy?.event.ok || !mine?.ok) return p;
    const differ = diffFields(mine.value, copy.event.value);
    if (differ.length > 0) {
      const reason = `a second Outlook copy of an event ERP Sync pairs already (differs in ${differ.join(', ')}): keep one`;
      return { ...p, action: { kind: 'problem', reason }, reason, result: null };
    }
    const reason = 'a second Outlook copy ERP Sync made of an event it pairs already: removed';
    return { ...p, action: { kind: 'deleteInOutlook' }, reason, result: null };
  });
}
