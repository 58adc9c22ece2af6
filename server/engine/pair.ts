/**
 * Pairing: one SyncItem per key from the mapping rows and both sides' reads. A read joins its mapping by id;
 * an unpaired Outlook event joins a mapping by our mapping-id property (a create whose record was lost) or by
 * iCalUId (an event whose id changed); unpaired events on both sides join by title + start + end. Pure.
 */
import {
  erpEventBelongs,
  inWindow,
  outlookInScope,
  stripSubjectTag,
  timingSpan,
  type BaseRecord,
  type CanonicalEvent,
  type SideState,
  type SyncItem,
  type SyncPolicy,
  type SyncWindow,
} from '../core';
import type { ErpEvent, ErpUser } from '../erp/port';
import type { Mapping } from '../store';
import type { ErpReads } from './read-erp';
import type { OutlookRead, OutlookReads } from './read-outlook';

/** A SyncItem with what the engine needs to apply and record it. */
export interface EngineItem {
  item: SyncItem;
  mapping: Mapping | null;
  outlookRead: OutlookRead | null;
  erpRead: ErpEvent | null;
}

export interface PairInput {
  mappings: readonly Mapping[];
  outlook: OutlookReads;
  erp: ErpReads;
  policy: SyncPolicy;
  user: ErpUser;
  window: SyncWindow;
}

export function baseOf(mapping: Mapping): BaseRecord | null {
  if (!mapping.base || !mapping.outlookId || !mapping.erpId) return null;
  return {
    snapshot: mapping.base,
    outlook: { id: mapping.outlookId, stamp: mapping.outlookChangeKey ?? '' },
    erp: { id: mapping.erpId, stamp: mapping.erpVersion ?? '' },
  };
}

function outlookState(read: OutlookRead, policy: SyncPolicy, window: SyncWindow): SideState {
  if (!read.event.ok) return { kind: 'error', id: read.id, message: read.event.error.message };
  const event = read.event.value;
  const { record } = read;
  const marked = outlookInScope(
    {
      extendedPropertyValue: record.marks.erpSyncValue,
      categories: record.categories,
      subject: record.subject,
      ...(record.marks.customProperties ? { customProperties: record.marks.customProperties } : {}),
    },
    policy,
  );
  return {
    kind: 'present',
    id: read.id,
    stamp: read.stamp,
    event,
    ...(record.lastModified ? { modifiedAt: record.lastModified } : {}),
    inScope: marked && inWindow(event.timing, window, event.recurrence),
  };
}

function erpState(record: ErpEvent, policy: SyncPolicy, user: ErpUser, window: SyncWindow): SideState {
  const event = record.event;
  // listChanges already answers only the user's events; the organizer defaults to the user for the narrowing.
  const belongs = erpEventBelongs(
    {
      organizerEmail: event.organizer?.email ?? user.email,
      attendeeEmails: event.attendees.map((a) => a.email),
      tags: event.categories,
    },
    { email: user.email },
    policy,
  );
  return {
    kind: 'present',
    id: record.id,
    stamp: record.version,
    event,
    inScope: belongs && inWindow(event.timing, window, event.recurrence),
  };
}

/** One side of a mapped key: fresh read, tombstone, or (not read this run) the base's own record. */
function mappedSide<R>(
  id: string | null,
  base: BaseRecord | null,
  side: 'outlook' | 'erp',
  reads: Map<string, R>,
  gone: Set<string>,
  state: (read: R) => SideState,
): SideState {
  if (id === null) return { kind: 'absent' };
  const read = reads.get(id);
  if (read !== undefined) return state(read);
  if (gone.has(id)) return { kind: 'deleted', id };
  if (base === null) return { kind: 'absent' };
  return { kind: 'present', id, stamp: base[side].stamp, event: base.snapshot };
}

/** Title + start + end: how a first sync recognises the same event on both sides. */
function matchKey(event: CanonicalEvent, policy: SyncPolicy): string {
  const span = timingSpan(event.timing);
  return `${stripSubjectTag(event.title, policy.marking.subjectTag).trim().toLowerCase()}|${span.start}|${span.end}`;
}

/** Attaches unpaired Outlook reads to mappings by our mapping-id property, then by iCalUId of a vanished event. */
function adopt(input: PairInput, attached: Map<string, string>): OutlookRead[] {
  const byId = new Map(input.mappings.map((m) => [m.id, m]));
  const mappedOutlook = new Set(input.mappings.map((m) => m.outlookId).filter((id) => id !== null));
  const unpaired: OutlookRead[] = [];
  for (const read of input.outlook.reads.values()) {
    if (mappedOutlook.has(read.id)) continue;
    const own = read.record.marks.mappingId ? byId.get(read.record.marks.mappingId) : undefined;
    const moved = input.mappings.find(
      (m) =>
        m.outlookIcalUid !== null &&
        m.outlookIcalUid === read.record.iCalUId &&
        m.outlookId !== null &&
        input.outlook.gone.has(m.outlookId),
    );
    const target = own && (own.outlookId === null || input.outlook.gone.has(own.outlookId)) ? own : moved;
    if (target && !attached.has(target.id)) attached.set(target.id, read.id);
    else unpaired.push(read);
  }
  return unpaired;
}

/** Builds the items of one run: every mapping touched by a read (or still pending/failed) and every new event. */
export function pairItems(input: PairInput, alwaysInclude: ReadonlySet<string>): EngineItem[] {
  const { policy, user, window } = input;
  const attached = new Map<string, string>(); // mapping id -> adopted Outlook id
  const unpairedOutlook = adopt(input, attached);
  const mappedErp = new Set(input.mappings.map((m) => m.erpId).filter((id) => id !== null));
  const items: EngineItem[] = [];
  for (const mapping of input.mappings) {
    const outlookId = attached.get(mapping.id) ?? mapping.outlookId;
    const touched =
      alwaysInclude.has(mapping.id) ||
      attached.has(mapping.id) ||
      (outlookId !== null && (input.outlook.reads.has(outlookId) || input.outlook.gone.has(outlookId))) ||
      (mapping.erpId !== null && (input.erp.reads.has(mapping.erpId) || input.erp.gone.has(mapping.erpId)));
    if (!touched) continue;
    const base = attached.has(mapping.id) ? null : baseOf(mapping);
    const o = input.outlook;
    const e = input.erp;
    items.push({
      mapping,
      outlookRead: outlookId === null ? null : (o.reads.get(outlookId) ?? null),
      erpRead: mapping.erpId === null ? null : (e.reads.get(mapping.erpId) ?? null),
      item: {
        key: mapping.id,
        base,
        outlook: mappedSide(outlookId, base, 'outlook', o.reads, o.gone, (r) => outlookState(r, policy, window)),
        erp: mappedSide(mapping.erpId, base, 'erp', e.reads, e.gone, (r) => erpState(r, policy, user, window)),
      },
    });
  }
  const erpByMatch = new Map<string, ErpEvent>();
  for (const record of input.erp.reads.values()) {
    if (mappedErp.has(record.id)) continue;
    const key = matchKey(record.event, policy);
    if (!erpByMatch.has(key)) erpByMatch.set(key, record);
  }
  for (const read of unpairedOutlook) {
    const match = read.event.ok ? erpByMatch.get(matchKey(read.event.value, policy)) : undefined;
    if (match) erpByMatch.delete(matchKey(match.event, policy));
    items.push({
      mapping: null,
      outlookRead: read,
      erpRead: match ?? null,
      item: {
        key: `new:outlook:${read.id}`,
        base: null,
        outlook: outlookState(read, policy, window),
        erp: match ? erpState(match, policy, user, window) : { kind: 'absent' },
      },
    });
  }
  for (const record of erpByMatch.values()) {
    items.push({
      mapping: null,
      outlookRead: null,
      erpRead: record,
      item: {
        key: `new:erp:${record.id}`,
        base: null,
        outlook: { kind: 'absent' },
        erp: erpState(record, policy, user, window),
      },
    });
  }
  return items;
}
