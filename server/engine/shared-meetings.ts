/**
 * Shared meetings (issue 13 Must 5): one meeting, one ERP record per tenant. A marked Outlook event whose iCalUId
 * another mailbox of the tenant has paired joins that mailbox's ERP record instead of minting a second one; an
 * ERP record another mailbox pairs is, under full attendee sync, never copied into this Outlook (the person has or
 * gets the meeting's invitation, and joins it by marking it); an attendee's copy of such a meeting syncs nothing.
 * Identity across mailboxes is the iCalUId and the ERP record's id, read with one tenant-scoped store query.
 */
import type { Mapping } from '../store';
import type { RunContext } from './load-context';
import type { EngineItem } from './pair';
import type { EngineDeps } from './ports';
import { mergeErpReads, readErpByIds, type ErpReads } from './read-erp';
import type { OutlookReads } from './read-outlook';

export interface SharedMeetings {
  /** Unpaired Outlook event id -> the ERP record another mailbox pairs the same meeting with. */
  join: Map<string, string>;
  /** ERP record ids another mailbox of the tenant pairs. */
  elsewhere: Set<string>;
}

const NONE: SharedMeetings = { join: new Map(), elsewhere: new Set() };

/** Looks the run's unpaired Outlook meetings and its ERP records up in the tenant's other mailboxes. */
export async function findSharedMeetings(
  deps: EngineDeps,
  ctx: RunContext,
  outlook: OutlookReads,
  erp: ErpReads,
): Promise<SharedMeetings> {
  const paired = new Set(ctx.mappings.map((m) => m.outlookId));
  const unpaired = [...outlook.reads.values()].filter(
    (r) => !paired.has(r.id) && r.record.iCalUId && r.record.marks.mappingId === null && r.event.ok,
  );
  const icalUids = [...new Set(unpaired.flatMap((r) => (r.record.iCalUId ? [r.record.iCalUId] : [])))];
  const erpIds = [...erp.reads.keys()];
  const rows = await deps.store.mappings.listSharedInTenant(ctx.mailbox.tenantId, ctx.mailbox.id, {
    icalUids,
    erpModel: deps.erp.kind,
    erpIds,
  });
  if (rows.length === 0) return NONE;
  const ours = (m: Mapping): m is Mapping & { erpId: string } =>
    m.erpId !== null && m.erpModel === deps.erp.kind && m.status !== 'not_tracked';
  const byUid = new Map(rows.filter(ours).map((m) => [m.outlookIcalUid, m.erpId]));
  const join = new Map<string, string>();
  for (const read of unpaired) {
    const erpId = byUid.get(read.record.iCalUId);
    if (erpId !== undefined) join.set(read.id, erpId);
  }
  const missing = [...new Set(join.values())].filter((id) => !erp.reads.has(id));
  if (missing.length > 0) mergeErpReads(erp, await readErpByIds(deps.erp, missing));
  const elsewhere = new Set(rows.filter(ours).map((m) => m.erpId));
  if (ctx.policy.attendees === 'full') {
    // Never minted here: the meeting's invitation is (or will be) this person's copy.
    const mapped = new Set(ctx.mappings.map((m) => m.erpId));
    const joined = new Set(join.values());
    for (const id of elsewhere) if (!mapped.has(id) && !joined.has(id)) erp.reads.delete(id);
  }
  return { join, elsewhere };
}

/** Marks the items whose Outlook side is an attendee's copy (organized by someone else) of a shared ERP record. */
export function markAttendeeCopies(items: EngineItem[], shared: SharedMeetings, mailboxEmail: string): void {
  if (shared.elsewhere.size === 0) return;
  const me = mailboxEmail.trim().toLowerCase();
  for (const engine of items) {
    const erpId = engine.erpRead?.id ?? engine.mapping?.erpId ?? null;
    if (erpId === null || !shared.elsewhere.has(erpId)) continue;
    // A copy deleted this run is known by its base.
    const event = engine.outlookRead?.event;
    const known = event?.ok ? event.value : engine.mapping?.base;
    const organizer = (known?.organizer?.email ?? '').trim().toLowerCase();
    if (organizer !== '' && organizer !== me) engine.item.attendeeCopy = true;
  }
}
