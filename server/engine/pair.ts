/**
 * Pairing: one SyncItem per key from the mapping rows and both sides' reads. A read joins its mapping by id, or
 * by the identity recovery of adopt.ts (lost creates, changed ids, duplicates of ours); unpaired events on both sides
 * join by title + start + end (+ rule). Pure.
 */
import {
  erpEventBelongs,
  inWindow,
  outlookInScope,
  type BaseRecord,
  type SideState,
  type SyncItem,
  type SyncPolicy,
  type SyncWindow,
} from '../core';
import type { ErpEvent, ErpUser } from '../erp';
import { adoptedBase, adoptErp, adoptOutlook, matchKey, unpairedErp } from './adopt';
import { lostMarks, markedAgain } from './opt-out';
import type { Mapping } from '../store';
import type { ErpReads } from './read-erp';
import type { OutlookRead, OutlookReads } from './read-outlook';

/** A SyncItem with what the engine needs to apply and record it. */
export interface EngineItem {
  item: SyncItem;
  mapping: Mapping | null;
  outlookRead: OutlookRead | null;
  erpRead: ErpEvent | null;
  /** A lost create was adopted into the row: its base is not recorded yet, so "nothing to do" must still record. */
  adopted?: boolean;
  /** A second Outlook copy we made (it carries this row's mapping id) while the row holds another live copy. */
  duplicateOf?: Mapping;
  /** The paired Outlook event lost every mark (policy scope `marked`): the pairing stops (opt-out.ts). */
  unmarked?: boolean;
  /** An opted-out pairing whose Outlook event was marked again: sync resumes from Outlook's version. */
  remarked?: boolean;
}

export interface PairInput {
  mappings: readonly Mapping[];
  outlook: OutlookReads;
  erp: ErpReads;
  policy: SyncPolicy;
  user: ErpUser;
  window: SyncWindow;
  /** Whether the ERP stores each event's own zone (the port's `keepsTimeZone`). */
  erpKeepsTimeZone: boolean;
  /** Shared meetings: unpaired Outlook event id -> the ERP record another mailbox of the tenant pairs it with. */
  shared?: ReadonlyMap<string, string>;
}

export function baseOf(mapping: Mapping): BaseRecord | null {
  if (!mapping.base || !mapping.outlookId || !mapping.erpId) return null;
  return {
    snapshot: mapping.base,
    outlook: { id: mapping.outlookId, stamp: mapping.outlookChangeKey ?? '' },
    erp: { id: mapping.erpId, stamp: mapping.erpVersion ?? '' },
  };
}

export function outlookState(read: OutlookRead, policy: SyncPolicy, window: SyncWindow): SideState {
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

export function erpState(record: ErpEvent, policy: SyncPolicy, user: ErpUser, window: SyncWindow): SideState {
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

/**
 * One side of a mapped key: the fresh read or the tombstone. A side not read this run is an error, never "unchanged"
 * (read-both.ts reads the other side of every touched item, so this is a safety net, not a path).
 */
function mappedSide<R>(
  id: string | null,
  reads: Map<string, R>,
  gone: Set<string>,
  state: (read: R) => SideState,
): SideState {
  if (id === null) return { kind: 'absent' };
  const read = reads.get(id);
  if (read !== undefined) return state(read);
  if (gone.has(id)) return { kind: 'deleted', id };
  return { kind: 'error', id, message: 'not read in this run; it is read again on the next one' };
}

function mappedItem(input: PairInput, mapping: Mapping, outlookId: string | null, erpId: string | null): EngineItem {
  const { policy, user, window } = input;
  const adopted = outlookId !== mapping.outlookId || erpId !== mapping.erpId;
  const o = input.outlook;
  const e = input.erp;
  const erpRead = erpId === null ? undefined : e.reads.get(erpId);
  const outlookRead = outlookId === null ? null : (o.reads.get(outlookId) ?? null);
  if (adopted && erpId !== null && erpRead && !input.erpKeepsTimeZone)
    e.reads.set(erpId, alignZone(erpRead, outlookRead));
  const base = adopted ? adoptedBase(input, mapping, outlookId, erpId) : baseOf(mapping);
  return {
    mapping,
    ...(adopted ? { adopted } : {}),
    ...(lostMarks(outlookRead, policy) ? { unmarked: true } : {}),
    outlookRead: outlookId === null ? null : (o.reads.get(outlookId) ?? null),
    erpRead: erpId === null ? null : (e.reads.get(erpId) ?? null),
    item: {
      key: mapping.id,
      base,
      outlook: mappedSide(outlookId, o.reads, o.gone, (r) => outlookState(r, policy, window)),
      erp:
        erpId !== null && leftTheMeeting(mapping, erpRead, user)
          ? { kind: 'deleted', id: erpId }
          : mappedSide(erpId, e.reads, e.gone, (r) => erpState(r, policy, user, window)),
      ...(mapping.intent && !adopted ? { intent: mapping.intent } : {}),
    },
  };
}

/**
 * An ERP-made meeting the person is no longer in (neither organizer nor attendee: taken off it, or handed over and
 * left): for this mailbox it is gone, so its Outlook copy goes. An Outlook-made original is never deleted this way.
 */
function leftTheMeeting(mapping: Mapping, read: ErpEvent | undefined, user: ErpUser): boolean {
  if (!read || mapping.origin !== 'erp') return false;
  const me = user.email.trim().toLowerCase();
  const people = [read.event.organizer?.email ?? user.email, ...read.event.attendees.map((a) => a.email)];
  return me !== '' && !people.some((email) => email.trim().toLowerCase() === me);
}

/**
 * An opted-out pairing marked again: Outlook's version wins, so the ERP record as it is now is the base (only what
 * Outlook holds differently is written); a record gone meanwhile is created again.
 */
function resumedItem(input: PairInput, mapping: Mapping, read: OutlookRead): EngineItem {
  const { policy, user, window } = input;
  const found = mapping.erpId === null ? undefined : input.erp.reads.get(mapping.erpId);
  const record = found && !input.erpKeepsTimeZone ? alignZone(found, read) : found;
  const base: BaseRecord | null = record
    ? { snapshot: record.event, outlook: { id: read.id, stamp: '' }, erp: { id: record.id, stamp: record.version } }
    : null;
  return {
    mapping: { ...mapping, erpId: record ? mapping.erpId : null },
    remarked: true,
    outlookRead: read,
    erpRead: record ?? null,
    item: {
      key: mapping.id,
      base,
      outlook: outlookState(read, policy, window),
      erp: record ? erpState(record, policy, user, window) : { kind: 'absent' },
    },
  };
}

/**
 * Two unpaired copies matched by their instants: an ERP that keeps no zone (Odoo single events report the user's)
 * is read in the Outlook copy's zone, as core does against a base, so the zone alone is never a conflict.
 */
function alignZone(record: ErpEvent, read: OutlookRead | null): ErpEvent {
  const theirs = read?.event.ok ? read.event.value.timing : null;
  const ours = record.event.timing;
  if (theirs?.kind !== 'timed' || ours.kind !== 'timed') return record;
  return { ...record, event: { ...record.event, timing: { ...ours, timeZone: theirs.timeZone } } };
}

/** A new item has an Outlook event, an ERP record, or both: never neither. */
type NewSides = { read: OutlookRead; found: ErpEvent | null } | { read: null; found: ErpEvent };

function newItem(input: PairInput, { read, found }: NewSides): EngineItem {
  const { policy, user, window } = input;
  const record = found && !input.erpKeepsTimeZone ? alignZone(found, read) : found;
  return {
    mapping: null,
    outlookRead: read,
    erpRead: record,
    item: {
      key: read ? `new:outlook:${read.id}` : `new:erp:${found.id}`,
      base: null,
      outlook: read ? outlookState(read, policy, window) : { kind: 'absent' },
      erp: record ? erpState(record, policy, user, window) : { kind: 'absent' },
    },
  };
}

/** The ERP record of the meeting another mailbox pairs, taken out of the unpaired ones (never paired twice here). */
function sharedRecord(input: PairInput, read: OutlookRead, erpByMatch: Map<string, ErpEvent>): ErpEvent | undefined {
  const erpId = input.shared?.get(read.id);
  const record = erpId === undefined ? undefined : input.erp.reads.get(erpId);
  if (!record || input.mappings.some((m) => m.erpId === record.id)) return undefined;
  for (const [key, candidate] of erpByMatch) if (candidate.id === record.id) erpByMatch.delete(key);
  return record;
}

/** Builds the items of one run: every mapping touched by a read (or still pending/failed) and every new event. */
export function pairItems(input: PairInput, alwaysInclude: ReadonlySet<string>): EngineItem[] {
  const { attached, unpaired: unpairedOutlook, duplicates } = adoptOutlook(input);
  const erpByMatch = unpairedErp(input);
  const attachedErp = adoptErp(input, attached, erpByMatch);
  const items: EngineItem[] = [];
  const touches = (id: string | null, reads: { has(id: string): boolean }, gone: Set<string>) =>
    id !== null && (reads.has(id) || gone.has(id));
  for (const mapping of input.mappings) {
    // Opted out: both ids stay known (neither copy looks new) and nothing of it syncs, until it is marked again.
    if (mapping.status === 'not_tracked') {
      const read = mapping.outlookId === null ? undefined : input.outlook.reads.get(mapping.outlookId);
      if (read !== undefined && markedAgain(mapping, read, input.policy)) items.push(resumedItem(input, mapping, read));
      continue;
    }
    const outlookId = attached.get(mapping.id) ?? mapping.outlookId;
    const erpId = attachedErp.get(mapping.id) ?? mapping.erpId;
    const touched =
      alwaysInclude.has(mapping.id) ||
      touches(outlookId, input.outlook.reads, input.outlook.gone) ||
      touches(erpId, input.erp.reads, input.erp.gone);
    if (touched) items.push(mappedItem(input, mapping, outlookId, erpId));
  }
  for (const { read, of } of duplicates) {
    const item = newItem(input, { read, found: null });
    // A copy of ours is never a source: out of scope here, removed by the engine when identical to its pairing's.
    if (item.item.outlook.kind === 'present') item.item.outlook = { ...item.item.outlook, inScope: false };
    items.push({ ...item, duplicateOf: of });
  }
  for (const read of unpairedOutlook) {
    const joined = sharedRecord(input, read, erpByMatch);
    if (joined) {
      items.push(newItem(input, { read, found: joined }));
      continue;
    }
    const key = read.event.ok ? matchKey(read.event.value, input.policy.marking.subjectTag) : null;
    const match = key === null ? undefined : erpByMatch.get(key);
    if (match && key !== null) erpByMatch.delete(key);
    items.push(newItem(input, { read, found: match ?? null }));
  }
  for (const record of erpByMatch.values()) items.push(newItem(input, { read: null, found: record }));
  return items;
}
