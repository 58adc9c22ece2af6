/**
 * The ERP port: the one interface the sync engine uses and every ERP adapter (Odoo, the open REST contract)
 * implements. It speaks canonical events and opaque cursors; wire types never cross it.
 */
import { type CanonicalEvent, type EventField, type FieldProjections, type PaneRights } from '../core';

export type { PaneRights };

/** An ERP user a mailbox acts as (found by e-mail or login). */
export interface ErpUser {
  id: string;
  login: string;
  email: string;
  name: string;
  /** The IANA zone the person works in, when the ERP knows it (Odoo `res.users.tz`): used for events without one. */
  timeZone?: string;
}

/** A calendar record as the ERP holds it. */
export interface ErpEvent {
  /**
   * The record's identity. A series is identified as a whole (Odoo: its calendar.recurrence, `recurrence:<id>`),
   * never by a member occurrence: deleting, cancelling, moving or editing any occurrence never changes it. Where the
   * ERP itself replaces a series (Odoo makes a new calendar.recurrence when a whole series' time or rule changes,
   * and for the tail of "this and following") the new record comes with a new id: listChanges reports it with
   * `replaces` (the id it continues), and updateEvent answers the record under its new id.
   */
  id: string;
  /** A stamp that changes on every write (Odoo `write_date`, a REST `version`): the base keeps it. */
  version: string;
  event: CanonicalEvent;
  /** False when archived: still the ERP's, no longer on anyone's calendar. */
  active: boolean;
  needsReview: boolean;
}

export type ErpChange =
  /**
   * `replaces`: the known id this record continues (the ERP replaced the series, see ErpEvent.id). That id is also
   * reported `deleted` in the same answer, for a reader that ignores `replaces`; one that reads it re-keys the
   * pairing and ignores that delete.
   */
  | { kind: 'upsert'; record: ErpEvent; replaces?: string }
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

/** What a linkable record is, for its label in the picker (Dynamics' "Set Regarding" shows the same). */
export type LinkableType = 'customer' | 'contact' | 'opportunity' | 'lead' | 'quotation' | 'order' | 'document';

/** A record a person can link an event to, for the add-in's picker. */
export interface LinkableRecord {
  model: string;
  id: string;
  kind: 'customer' | 'document';
  type: LinkableType;
  name: string;
  /** The customer a document or a contact belongs to; null for a customer, or when the ERP does not say. */
  customer: { id: string; name: string } | null;
  /** A second line for the picker: an address, a document state, a customer name. */
  description: string;
  url: string;
}

/** A person in the ERP (Odoo res.partner, a REST `contact`), for the pane's attendee list. */
export interface ErpContact {
  model: string;
  id: string;
  name: string;
  /** Lower case. */
  email: string;
  /** The company the person belongs to, when the ERP knows it. */
  company: string | null;
  url: string;
}

export interface NewContact {
  name: string;
  email: string;
  company?: string;
}

export interface NewLead {
  title: string;
  contactName: string;
  email: string;
  company?: string;
}

export interface WriteOptions {
  /** Quiet mode: the ERP must not mail attendees (Odoo: context `no_mail_to_attendees`). */
  quiet: boolean;
}

/** One record of a bulk create (ErpPort.createEvents). */
export interface NewErpEvent {
  event: CanonicalEvent;
  idempotencyKey: string;
  needsReview: boolean;
}

/** Per item of a bulk write, in the order asked: the record as written, or what that item failed with. */
export type BulkOutcome = { ok: true; record: ErpEvent } | { ok: false; error: unknown };

/** The pane's ERP calls, made for one person with that person's ERP rights (ErpPort.actingFor). */
export interface PersonErp {
  /** Customers and business documents whose name matches `query` the person may see; at most `limit`. */
  searchLinkable(query: string, limit: number): Promise<LinkableRecord[]>;
  /**
   * The record `model`/`id` the person wants to link an event to, or null when it does not exist, is not of a model
   * the picker offers, or the person may not read it (a malformed id is null too, never an error). Checked before a
   * link is stored: a link names a record the ERP confirmed for the person.
   */
  findLinkable(model: string, id: string): Promise<LinkableRecord | null>;
  /** The ERP contact of each e-mail address (case-insensitive) the person may see; at most one per address. */
  findContacts(emails: readonly string[]): Promise<ErpContact[]>;
  /** Creates a contact; when one with that e-mail exists, returns it instead (a retry never makes a second). */
  createContact(contact: NewContact): Promise<ErpContact>;
  /** Creates a lead; the same `idempotencyKey` returns the first lead. */
  createLead(lead: NewLead, idempotencyKey: string): Promise<LinkableRecord>;
}

export interface ErpPort {
  /** Which adapter this is ('odoo', 'rest'), for logs and the admin view. */
  readonly kind: string;
  /** Fields this ERP stores faithfully; the engine does not diff the others on the ERP side. */
  readonly fields: readonly EventField[];
  /**
   * Whether every timed event keeps its own IANA zone. False (Odoo: only a series keeps `event_tz`) makes the engine
   * take the zone from the base, so the zone the ERP reports is never a change.
   */
  readonly keepsTimeZone: boolean;
  /**
   * Values this ERP holds only partly: per field, the value it stores instead (Odoo: showAs tentative -> busy,
   * sensitivity personal -> private). The engine compares such values by their projection and never writes the
   * projection back over the richer side. Absent: every value of `fields` is held as it is.
   */
  readonly represent?: FieldProjections;
  /**
   * Proves the URL, database, credentials and the integration user's rights. Fails with ErpError 'auth' (a sentence
   * naming what to fix: a refused key, an unknown database, a missing ERP group) and 'transient' when the ERP cannot
   * be reached; returns the ERP's version, the protocol in use, and warnings (rights only some features need).
   * Call it when an administrator tests the connection and at start-up.
   */
  checkConnection(): Promise<{ version: string; protocol: string; warnings?: string[] }>;
  /** The ERP user whose e-mail or login is `email` (case-insensitive), or null. */
  findUser(email: string): Promise<ErpUser | null>;
  /**
   * Changes to `user`'s events since `cursor` (null: everything in the window), `knownIds` for delete detection:
   * a known id that no longer exists is reported `deleted`, an archived one `archived`. The same record may be
   * reported again after a cursor (adapters read with an overlap); the engine treats repeats as no-ops.
   */
  listChanges(
    user: ErpUser,
    cursor: string | null,
    window: TimeWindow,
    knownIds: readonly string[],
  ): Promise<ErpChanges>;
  /**
   * The tenant's change feed in one ERP call: per person (by ErpUser.id), a short digest of every record they own
   * or attend that overlaps `window`, archived included (ids and versions). A digest that differs from the last one
   * seen means the person's events changed, were deleted or entered/left the window; the engine then reads that
   * person's changes with listChanges. Optional: without it every mailbox polls listChanges itself.
   */
  snapshotPeople?(people: readonly ErpUser[], window: TimeWindow): Promise<Map<string, string>>;
  /** The records with these ids, archived ones included; ids that no longer exist are left out (not an error). */
  readEvents(ids: readonly string[]): Promise<ErpEvent[]>;
  /**
   * The record a create with `idempotencyKey` made (archived included), or null when none did. Optional: an ERP
   * without such a lookup leaves it out, and the engine recovers a lost create by title + start + end instead.
   */
  findByIdempotencyKey?(idempotencyKey: string): Promise<ErpEvent | null>;
  /** Creating twice with the same key returns the first record, even when the first answer was lost. */
  createEvent(
    user: ErpUser,
    event: CanonicalEvent,
    idempotencyKey: string,
    options: WriteOptions & { needsReview: boolean },
  ): Promise<ErpEvent>;
  /**
   * Many creates in as few ERP calls as the ERP allows (Odoo: one `load` of many rows; REST: `POST /events/bulk`),
   * each with createEvent's meaning (same key, same record). Answers one outcome per item in order: an item the ERP
   * refused fails alone. Throws only when nothing can be said about any item (the ERP could not be reached: every
   * create may or may not have landed). Optional: without it the engine creates one at a time.
   */
  createEvents?(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]>;
  /**
   * Writes only `fields`; fails with ErpError 'conflict' when `expectedVersion` is stale (adapters whose ERP has no
   * version check compare the version they read just before writing), and 'not_found' when the record is gone.
   * Answers the record as written. Its `version` is '' when the adapter cannot vouch that the version holds nothing
   * but what it read and wrote (an ERP without a conditional write, edited by someone between the check and the
   * read-back): the engine then keeps no stamp for that side and compares it field by field on the next run.
   */
  updateEvent(
    id: string,
    event: CanonicalEvent,
    fields: readonly EventField[],
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<ErpEvent>;
  /**
   * Deleting (or archiving) what is already gone is success. With `expectedVersion`, a record changed since that
   * version is not deleted: ErpError 'conflict' (a delete carries the version it was decided on).
   */
  deleteEvent(
    id: string,
    mode: 'delete' | 'archive',
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<void>;
  /**
   * The pane's ERP calls for `user`, each made with that person's ERP rights, so the person finds and links only
   * what the ERP lets them see. `rights` is the tenant's choice (policy `paneRights`): `personKey` acts with the
   * person's own credentials (Odoo: their linked API key; without one every call fails with PersonRightsError
   * `key_required`), `personCompanies` acts as the integration user limited to the person's companies. An ERP
   * that is told whom it acts for (the REST contract's `Acting-For`) answers for the person either way.
   */
  actingFor(user: ErpUser, rights: PaneRights): Promise<PersonErp>;
  /** Where a person opens the record in the ERP's web client. */
  recordUrl(model: string, id: string): string;
  /**
   * Optional, for ERPs that show a person's private appointments to nobody but the person (Odoo): whether `apiKey`
   * is `user`'s own key, which the adapter then uses for that person's private appointments only (the product passes
   * the stored keys to the adapter). An ERP whose integration credentials reach private appointments (the REST
   * contract) leaves it out, and the pane asks nobody for a key.
   */
  checkPersonKey?(user: ErpUser, apiKey: string): Promise<PersonKeyCheck>;
  /**
   * Optional, with `checkPersonKey`: which of `ids` (left out by readEvents) still exist but are hidden from the
   * integration (a private appointment whose owner's key is missing or refused). They are not gone: the engine must
   * never delete their Outlook copies.
   */
  hiddenAmong?(ids: readonly string[]): Promise<string[]>;
}

/** `ok`: the key is the person's own; `refused`: the ERP refused it; `someone_else`: valid, of another user. */
export type PersonKeyCheck = 'ok' | 'refused' | 'someone_else';
