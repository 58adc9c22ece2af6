/**
 * Identity recovered, never a new event: unpaired reads joined to the pairing they belong to. Outlook: an event
 * carrying our mapping id (a create whose answer was lost; or, when its pairing holds another copy, a duplicate of
 * ours: never a source), an event whose id changed (same iCalUId, or same content, while the paired id vanished).
 * ERP: a lost create found by idempotency key (or, without that lookup, by title + start + end), a record whose id
 * changed (same content while the paired id vanished). Pure.
 */
import { normalizeRrule, stripSubjectTag, timingSpan, type BaseRecord, type CanonicalEvent } from '../core';
import type { ErpEvent } from '../erp';
import type { Mapping } from '../store';
import type { PairInput } from './pair';
import type { OutlookRead } from './read-outlook';

/** Title + start + end (+ rule for a series): how the same event is recognised whatever its ids. */
export function matchKey(event: CanonicalEvent, subjectTag: string): string {
  const span = timingSpan(event.timing);
  const title = stripSubjectTag(event.title, subjectTag).trim().toLowerCase();
  const rule = event.recurrence ? normalizeRrule(event.recurrence.rrule, event.timing, event.recurrence.timeZone) : '';
  return `${title}|${span.start}|${span.end}|${rule}`;
}

export interface OutlookAdoption {
  /** mapping id -> the Outlook id it now holds (adopted or re-keyed). */
  attached: Map<string, string>;
  unpaired: OutlookRead[];
  /** Copies of ours whose pairing holds another live copy: never copied to the ERP, removed when identical. */
  duplicates: Array<{ read: OutlookRead; of: Mapping }>;
}

function contentOf(read: OutlookRead): CanonicalEvent | null {
  return read.event.ok ? read.event.value : null;
}

/** The row whose paired Outlook event vanished this run and that `read` is, by iCalUId or by content. */
function movedRow(input: PairInput, read: OutlookRead, taken: Map<string, string>): Mapping | undefined {
  const vanished = input.mappings.filter(
    (m) => m.outlookId !== null && input.outlook.gone.has(m.outlookId) && !taken.has(m.id),
  );
  const byUid = vanished.find((m) => m.outlookIcalUid !== null && m.outlookIcalUid === read.record.iCalUId);
  if (byUid) return byUid;
  const event = contentOf(read);
  if (event === null) return undefined;
  const key = matchKey(event, input.policy.marking.subjectTag);
  return vanished.find((m) => m.base !== null && matchKey(m.base, input.policy.marking.subjectTag) === key);
}

export function adoptOutlook(input: PairInput): OutlookAdoption {
  const byId = new Map(input.mappings.map((m) => [m.id, m]));
  const mappedOutlook = new Set(input.mappings.map((m) => m.outlookId).filter((id) => id !== null));
  const out: OutlookAdoption = { attached: new Map(), unpaired: [], duplicates: [] };
  for (const read of input.outlook.reads.values()) {
    if (mappedOutlook.has(read.id)) continue;
    const own = read.record.marks.mappingId ? byId.get(read.record.marks.mappingId) : undefined;
    const ownFree = own !== undefined && (own.outlookId === null || input.outlook.gone.has(own.outlookId));
    const target = ownFree ? own : own === undefined ? movedRow(input, read, out.attached) : undefined;
    if (target && !out.attached.has(target.id)) out.attached.set(target.id, read.id);
    else if (own) out.duplicates.push({ read, of: own });
    else out.unpaired.push(read);
  }
  return out;
}

/** ERP ids some row pairs. */
function mappedErp(input: PairInput): Set<string> {
  return new Set(input.mappings.map((m) => m.erpId).filter((id) => id !== null));
}

/** Unpaired ERP records by match key (the first of each key). */
export function unpairedErp(input: PairInput): Map<string, ErpEvent> {
  const mapped = mappedErp(input);
  const byMatch = new Map<string, ErpEvent>();
  for (const record of input.erp.reads.values()) {
    if (mapped.has(record.id)) continue;
    const key = matchKey(record.event, input.policy.marking.subjectTag);
    if (!byMatch.has(key)) byMatch.set(key, record);
  }
  return byMatch;
}

function take(byMatch: Map<string, ErpEvent>, key: string): ErpEvent | undefined {
  const record = byMatch.get(key);
  if (record) byMatch.delete(key);
  return record;
}

/**
 * Attaches unpaired ERP records to rows: a create that may have landed without its answer (no ERP id, pending or
 * failed) takes the record the ERP found by the row's idempotency key, or (an ERP without that lookup) the record
 * matching the row's Outlook event; a row whose paired record vanished this run takes the record with its content.
 */
export function adoptErp(
  input: PairInput,
  outlookIds: Map<string, string>,
  byMatch: Map<string, ErpEvent>,
): Map<string, string> {
  const attached = new Map<string, string>(); // mapping id -> adopted ERP id
  const tag = input.policy.marking.subjectTag;
  for (const [mappingId, erpId] of input.erp.byKey ?? []) {
    attached.set(mappingId, erpId);
    for (const [key, record] of byMatch) if (record.id === erpId) byMatch.delete(key);
  }
  for (const mapping of input.mappings) {
    if (attached.has(mapping.id) || mapping.status === 'not_tracked') continue;
    const lost = mapping.erpId === null && (mapping.status === 'pending' || mapping.status === 'error');
    let record: ErpEvent | undefined;
    if (lost && input.erp.byKey === undefined) {
      const outlookId = outlookIds.get(mapping.id) ?? mapping.outlookId;
      const read = outlookId === null ? undefined : input.outlook.reads.get(outlookId);
      const event = read ? contentOf(read) : null;
      if (event !== null) record = take(byMatch, matchKey(event, tag));
    } else if (mapping.erpId !== null && input.erp.gone.has(mapping.erpId) && mapping.base !== null) {
      // The row's paired record vanished this run.
      // The ERP replaced the series (its new record says which it continues), else a record with the same content.
      const successor = input.erp.replaced?.get(mapping.erpId);
      const next = successor === undefined ? undefined : input.erp.reads.get(successor);
      record = next && !mappedErp(input).has(next.id) ? next : take(byMatch, matchKey(mapping.base, tag));
      if (next && record === next) for (const [key, r] of byMatch) if (r.id === next.id) byMatch.delete(key);
    }
    if (record) attached.set(mapping.id, record.id);
  }
  return attached;
}

/**
 * The base of a row whose ids were just attached. A paired row keeps its base, the re-keyed side compared field by
 * field (stamp ''). A lost create has none yet: what we wrote is the agreed snapshot, so an edit made since, on either
 * side, is a change, not a conflict. What we wrote is the intent recorded before the create (the created side and the
 * source compared field by field with it); a row without one (recorded before intents existed) takes the record as
 * found (by idempotency key, or the lost Outlook copy of this row's ERP record).
 */
export function adoptedBase(
  input: PairInput,
  mapping: Mapping,
  outlookId: string | null,
  erpId: string | null,
): BaseRecord | null {
  if (outlookId === null || erpId === null) return null;
  if (mapping.base !== null && mapping.outlookId !== null && mapping.erpId !== null) {
    return {
      snapshot: mapping.base,
      outlook: { id: outlookId, stamp: outlookId === mapping.outlookId ? (mapping.outlookChangeKey ?? '') : '' },
      erp: { id: erpId, stamp: erpId === mapping.erpId ? (mapping.erpVersion ?? '') : '' },
    };
  }
  const intent = mapping.intent;
  const written = intent?.result;
  if (intent && written) {
    const source = intent.writes.erp?.op === 'create' ? 'outlook' : 'erp';
    const stamp = (side: 'outlook' | 'erp') => (side === source ? (intent.stamps[side] ?? '') : '');
    return {
      snapshot: written,
      outlook: { id: outlookId, stamp: stamp('outlook') },
      erp: { id: erpId, stamp: stamp('erp') },
    };
  }
  const lostOutlook = mapping.outlookId === null && mapping.erpId !== null;
  const keyed = input.erp.byKey?.get(mapping.id) ?? (lostOutlook ? mapping.erpId : undefined);
  const record = keyed === undefined || keyed === null ? undefined : input.erp.reads.get(keyed);
  if (!record) return null;
  return {
    snapshot: record.event,
    outlook: { id: outlookId, stamp: '' },
    erp: { id: record.id, stamp: record.version },
  };
}
