/**
 * What reconciliation reads: the base (last agreed snapshot plus per-side stamps), each side's current state, and
 * each side's capabilities. Types only; detection and reconciliation live in detect.ts and reconcile.ts.
 */
import type { CanonicalEvent, EventField, UtcInstant } from './model';
import { EVENT_FIELDS } from './model';
import type { WriteIntent } from './intent';

/** The two calendars a sync joins. Symmetric code takes a `SyncSide` instead of being written twice. */
export type SyncSide = 'outlook' | 'erp';

/** Both sides, in the fixed order every loop over sides uses (deterministic output). */
export const SYNC_SIDES: readonly SyncSide[] = ['outlook', 'erp'];

/** The side opposite `side`. */
export function otherSide(side: SyncSide): SyncSide {
  return side === 'outlook' ? 'erp' : 'outlook';
}

/**
 * One side's current state as the engine read it. `absent` means the side has nothing for this key (never had, or
 * the engine found nothing); `deleted` is an explicit tombstone (Graph `@removed`, an archived or unlinked ERP record).
 * An engine that knows from a delta read that nothing changed passes `present` with the base's stamp and snapshot.
 */
export type SideState =
  | { kind: 'absent' }
  | {
      kind: 'present';
      id: string;
      /** Cheap change stamp: Graph changeKey, ERP write version. Equal to the base's stamp means "unchanged". */
      stamp: string;
      event: CanonicalEvent;
      /** When the side last modified the event (Graph lastModifiedDateTime, Odoo write_date); drives "latest wins". */
      modifiedAt?: UtcInstant;
      /**
       * Whether the event is in the sync scope (marked, in the window, belongs to the user). Only consulted for
       * events not yet paired: once paired, an event stays paired until deleted or unlinked, so moving it out of
       * the window or removing a category never reads as a delete.
       */
      inScope?: boolean;
    }
  | { kind: 'deleted'; id: string; deletedAt?: UtcInstant }
  | { kind: 'error'; id?: string; message: string };

/** The base's record of one side: its id there and the stamp it had when the base was last recorded. */
export interface BaseSide {
  id: string;
  stamp: string;
}

/**
 * The base: the canonical event as last agreed by both sides, and each side's id and stamp at that moment.
 * It advances only for items applied or found equal; a failed item keeps its old base and is retried.
 */
export interface BaseRecord {
  snapshot: CanonicalEvent;
  outlook: BaseSide;
  erp: BaseSide;
}

/** One key's input to reconciliation: its base (null when never paired) and both sides' states. */
export interface SyncItem {
  key: string;
  base: BaseRecord | null;
  outlook: SideState;
  erp: SideState;
  /** A write of an earlier run whose outcome was never recorded (intent.ts): checked against both sides first. */
  intent?: WriteIntent | null;
  /**
   * The Outlook side is an attendee's copy of a meeting another mailbox of the tenant syncs with the same ERP
   * record (shared meetings): nothing of it is written either way, and a delete on either side only unpairs it.
   */
  attendeeCopy?: boolean;
}

/**
 * What a side can store faithfully. A field a side cannot hold is never a change on that side and is never
 * written to it. `keepsTimeZone: false` says the side stores instants but not the zone they were made in
 * (the zone it reports is then ignored and the base's zone kept).
 */
export interface SideCapabilities {
  fields: readonly EventField[];
  keepsTimeZone: boolean;
  /** Fields the side holds only partly, with the value it stores for each (represent.ts). Absent: none. */
  represent?: FieldProjections;
}

/**
 * Per field, what a side stores for a value it can only partly hold (Odoo: showAs tentative -> busy). Must be
 * idempotent (`p(p(v)) === p(v)`) and leave values the side holds unchanged.
 */
export type FieldProjections = { [F in EventField]?: (value: CanonicalEvent[F]) => CanonicalEvent[F] };

/** What each side holds; the ERP's comes from its port's `fields`. */
export interface Capabilities {
  outlook: SideCapabilities;
  erp: SideCapabilities;
}

/** Both sides hold every field: the default when nothing narrower is known. */
export const FULL_CAPABILITIES: Capabilities = {
  outlook: { fields: EVENT_FIELDS, keepsTimeZone: true },
  erp: { fields: EVENT_FIELDS, keepsTimeZone: true },
};

/** The change detected on one side relative to the base. */
export type SideChange =
  | { kind: 'absent' }
  | { kind: 'unchanged' }
  | { kind: 'changed'; fields: EventField[] }
  | { kind: 'deleted' }
  | { kind: 'created' }
  | { kind: 'error'; message: string };
