/**
 * The ERP port: the one interface the sync engine uses and every ERP adapter (Odoo, the open REST contract)
 * implements. It speaks canonical events and opaque cursors; wire types never cross it.
 */
import type { CanonicalEvent, EventField } from '../core/model';

/** An ERP user a mailbox acts as (found by e-mail or login). */
export interface ErpUser {
  id: string;
  login: string;
  email: string;
  name: string;
}

/** A calendar record as the ERP holds it. */
export interface ErpEvent {
  id: string;
  /** A stamp that changes on every write (Odoo `write_date`, a REST `version`): the base keeps it. */
  version: string;
  event: CanonicalEvent;
  /** False when archived: still the ERP's, no longer on anyone's calendar. */
  active: boolean;
  needsReview: boolean;
}

export type ErpChange =
  | { kind: 'upsert'; record: ErpEvent }
  | { kind: 'archived'; record: ErpEvent }
  /** Vanished (hard delete), detected by the ERP's tombstones or by diffing known ids. */
  | { kind: 'deleted'; id: string };

export interface ErpChanges {
  changes: ErpChange[];
  /** Opaque; persist it only after every change above has been recorded. */
  cursor: string;
}

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** A record a person can link an event to, for the add-in's picker. */
export interface LinkableRecord {
  model: string;
  id: string;
  kind: 'customer' | 'document';
  name: string;
  /** A second line for the picker: an address, a document state, a customer name. */
  description: string;
  url: string;
}

export interface WriteOptions {
  /** Quiet mode: the ERP must not mail attendees (Odoo: context `no_mail_to_attendees`). */
  quiet: boolean;
}

export interface ErpPort {
  readonly kind: string;
  /** Fields this ERP stores faithfully; the engine does not diff the others on the ERP side. */
  readonly fields: readonly EventField[];
  checkConnection(): Promise<{ version: string; protocol: string }>;
  findUser(email: string): Promise<ErpUser | null>;
  /** Changes to `user`'s events since `cursor` (null: everything in the window), `knownIds` for delete detection. */
  listChanges(user: ErpUser, cursor: string | null, window: TimeWindow, knownIds: readonly string[]): Promise<ErpChanges>;
  readEvents(ids: readonly string[]): Promise<ErpEvent[]>;
  /** Creating twice with the same key returns the first record. */
  createEvent(user: ErpUser, event: CanonicalEvent, idempotencyKey: string, options: WriteOptions & { needsReview: boolean }): Promise<ErpEvent>;
  /** Writes only `fields`; fails with a conflict when `expectedVersion` is stale and the ERP can tell. */
  updateEvent(id: string, event: CanonicalEvent, fields: readonly EventField[], options: WriteOptions & { expectedVersion?: string }): Promise<ErpEvent>;
  /** Deleting what is already gone is success. */
  deleteEvent(id: string, mode: 'delete' | 'archive', options: WriteOptions): Promise<void>;
  searchLinkable(query: string, limit: number): Promise<LinkableRecord[]>;
  recordUrl(model: string, id: string): string;
}
