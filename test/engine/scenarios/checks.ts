/**
 * What every scenario must end in: a run that writes nothing more, both sides holding the same events (each
 * occurrence's title and UTC start, read with each side's own API), no standing error, no mail from a run.
 */
import type { RunSummary } from '../../../server/engine';
import { erpView, outlookLines, type ScenarioWorld } from './world';

/** Syncs and expects the run to succeed without errors and without a mail from the ERP; answers its summary. */
export async function syncClean(w: ScenarioWorld): Promise<RunSummary> {
  const before = await w.erp.mails();
  const summary = await w.sync();
  expect(summary.errors).toEqual([]);
  expect({ status: summary.status, fatal: summary.fatal }).toEqual({ status: 'succeeded', fatal: null });
  expect((await w.erp.mails()).slice(before.length)).toEqual([]);
  return summary;
}

/**
 * Both sides hold the same occurrences of `prefix` (and `expected` of them, when given), and a further run writes
 * nothing: the pairing is settled, not flapping.
 */
export async function expectSettled(w: ScenarioWorld, prefix: string, expected?: number): Promise<string[]> {
  const quiet = await syncClean(w);
  expect(quiet.applied).toEqual({ outlook: {}, erp: {} });
  const outlook = await outlookLines(w, prefix);
  expect(await erpView(w, prefix)).toEqual(outlook);
  if (expected !== undefined) expect(outlook).toHaveLength(expected);
  return outlook;
}

/** Mapping rows of the mailbox that are in error or conflict (a scenario that expects none checks this). */
export async function standingTrouble(w: ScenarioWorld): Promise<string[]> {
  const rows = await w.store.mappings.listByMailbox(w.mailbox.id);
  return rows
    .filter((m) => m.status === 'error' || m.status === 'conflict' || m.status === 'pending')
    .map((m) => `${m.status}: ${m.base?.title ?? m.id} ${m.lastErrorMessage ?? ''}`);
}
