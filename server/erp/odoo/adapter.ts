/**
 * The ERP port over Odoo's external API. A single event is its calendar.event, a series its calendar.recurrence
 * (record-ids.ts; writes go through the recurrence's base event); creates are idempotent through `load` with an
 * external id `outlook_erp_sync.<key>` (external-ids.ts); changes are read incrementally (changes.ts). This class
 * only routes each port method to the file that does it.
 */
import { type CanonicalEvent, EVENT_FIELDS, type EventField } from '../../core';
import type {
  BulkOutcome,
  ErpChanges,
  ErpEvent,
  ErpPort,
  ErpUser,
  PersonKeyCheck,
  NewErpEvent,
  PaneRights,
  PersonErp,
  TimeWindow,
  WriteOptions,
} from '../port';
import type { ActingPeople } from './acting-person';
import { afterWrite } from './after-write';
import { createMany } from './bulk-create';
import { ChangeReader } from './changes';
import { createEvent, type CreateParts } from './create-event';
import { deleteEvent } from './delete-event';
import { EventReader } from './event-reader';
import { EventRecords } from './event-records';
import { EventWriter } from './event-writer';
import { ExternalIds, externalIdName } from './external-ids';
import { ODOO_REPRESENTS } from './from-canonical';
import { snapshotPeople } from './snapshot';
import { OdooUsers } from './odoo-users';
import type { OwnerRoutedClient } from './private-events';
import { seriesId, splitRecordIds } from './record-ids';
import { checkRights } from './rights';
import { updateEvent } from './update-event';
import { modernRecordUrls, parseOdooVersion } from './versions';

export interface OdooAdapterOptions {
  /** The integration user's client; calls Odoo keeps for a private event's owner go as the owner. */
  client: OwnerRoutedClient;
  /** Seconds re-read before the cursor's newest write_date (Odoo stamps the transaction start, not its commit). */
  overlapSeconds: number;
  /** calendar.event.type that marks events needing review. */
  reviewTag: string;
  /** For the lookup caches' lifetimes; default the system clock. */
  clock?: { now(): Date };
  /** Login of the user the key belongs to (for the rights check's sentences). */
  login: string;
  /** The pane's calls, made for a person (acting-person.ts). */
  acting: ActingPeople;
}

export class OdooAdapter implements ErpPort {
  readonly kind = 'odoo';
  /** Everything is stored, some values only partly (see `represent`). */
  readonly fields: readonly EventField[] = EVENT_FIELDS;
  /** showAs other than free/busy is stored as busy, sensitivity "personal" as private. */
  readonly represent = ODOO_REPRESENTS;
  /**
   * False: `event_tz` is a pseudo-field of the recurrence in Odoo (not stored on calendar.event), so a single event
   * reads back in its organizer's `tz`; only series keep their zone.
   */
  readonly keepsTimeZone = false;
  private readonly client: OwnerRoutedClient;
  private readonly parts: CreateParts;
  private readonly externalIds: ExternalIds;
  private readonly changes: ChangeReader;

  constructor(private readonly options: OdooAdapterOptions) {
    this.client = options.client;
    const reader = new EventReader(options.client, options.reviewTag);
    this.parts = {
      client: options.client,
      reader,
      writer: new EventWriter(options.client, options.reviewTag),
      records: new EventRecords(options.client, reader),
      users: new OdooUsers(options.client, options.clock),
    };
    this.externalIds = new ExternalIds(options.client);
    this.changes = new ChangeReader(options.client, reader, options.overlapSeconds, options.clock);
  }

  /** Also checks the integration user's groups (rights.ts): a missing required one fails, an optional one warns. */
  async checkConnection(): Promise<{ version: string; protocol: string; warnings: string[] }> {
    const version = await this.client.version();
    const protocol = await this.client.protocol();
    const uid = await this.client.authenticate();
    const warnings = await checkRights(this.client, uid, this.options.login);
    return { version, protocol, warnings };
  }

  /** The person's own key for their private events (private-events.ts): Odoo says whose it is. */
  checkPersonKey(user: ErpUser, apiKey: string): Promise<PersonKeyCheck> {
    return this.client.checkPersonKey({ uid: Number(user.id), login: user.login }, apiKey);
  }

  /** Known events and series Odoo still holds but masks from the integration user (private-events.ts), not gone. */
  async hiddenAmong(ids: readonly string[]): Promise<string[]> {
    const { eventIds, recurrenceIds } = splitRecordIds(ids);
    const [events, series] = await Promise.all([
      this.client.hiddenAmong(eventIds),
      this.client.hiddenSeriesAmong(recurrenceIds),
    ]);
    return [...events.map(String), ...series.map(seriesId)];
  }

  /** Cached a few minutes, a miss one minute (odoo-users.ts). */
  findUser(email: string): Promise<ErpUser | null> {
    return this.parts.users.find(email);
  }

  async listChanges(
    user: ErpUser,
    cursor: string | null,
    window: TimeWindow,
    knownIds: readonly string[],
  ): Promise<ErpChanges> {
    return this.changes.list(user, await this.parts.users.partnerOf(Number(user.id)), cursor, window, knownIds);
  }

  /** One search_read of the people's events in the window (snapshot.ts). */
  snapshotPeople(people: readonly ErpUser[], window: TimeWindow): Promise<Map<string, string>> {
    return snapshotPeople(this.client, people, (uids) => this.parts.users.partnersOf(uids), window);
  }

  readEvents(ids: readonly string[]): Promise<ErpEvent[]> {
    return this.parts.reader.read(ids);
  }

  createEvent(
    user: ErpUser,
    event: CanonicalEvent,
    idempotencyKey: string,
    options: WriteOptions & { needsReview: boolean },
  ): Promise<ErpEvent> {
    return createEvent(this.parts, user, event, idempotencyKey, options);
  }

  /**
   * Many creates in a few calls (bulk-create.ts): one look-up per kind of reference, one `load` per 500 rows.
   * Private events go one by one through createEvent, which makes them as their owner (private-events.ts).
   */
  async createEvents(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    const isPrivate = (item: NewErpEvent) => ['private', 'personal'].includes(item.event.sensitivity);
    if (!items.some(isPrivate)) return this.createMany(user, items, options);
    const others = await this.createMany(
      user,
      items.filter((item) => !isPrivate(item)),
      options,
    );
    const outcomes: BulkOutcome[] = [];
    for (const item of items) {
      if (!isPrivate(item)) {
        // Non-null: createMany answers one outcome per item it was given, in their order.
        outcomes.push(others.shift()!);
        continue;
      }
      try {
        const record = await this.createEvent(user, item.event, item.idempotencyKey, { ...options, ...item });
        outcomes.push({ ok: true, record });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private createMany(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    if (items.length === 0) return Promise.resolve([]);
    return createMany(
      {
        client: this.client,
        writer: this.parts.writer,
        partnerOf: (uid) => this.parts.users.partnerOf(uid),
        readEvents: (ids, known) => this.parts.reader.read(ids, known),
        afterSeriesWrite: (id, event, refs, quiet) => afterWrite(this.parts, id, event, EVENT_FIELDS, refs, quiet),
      },
      user,
      items,
      options.quiet,
    );
  }

  /** The record `load` created under the external id `outlook_erp_sync.<key>`, or null (external-ids.ts). */
  async findByIdempotencyKey(idempotencyKey: string): Promise<ErpEvent | null> {
    const id = await this.externalIds.find(externalIdName(idempotencyKey));
    if (id === null) return null;
    // The key marks the event `load` made; a series is known by its recurrence (record-ids.ts).
    const [row] = await this.parts.reader.search([['id', '=', id]]);
    const [record] = await this.readEvents([row?.recurrence_id ? seriesId(row.recurrence_id[0]) : String(id)]);
    return record ?? null;
  }

  updateEvent(
    id: string,
    event: CanonicalEvent,
    fields: readonly EventField[],
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<ErpEvent> {
    return updateEvent(this.parts, id, event, fields, options);
  }

  deleteEvent(
    id: string,
    mode: 'delete' | 'archive',
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<void> {
    return deleteEvent(this.parts, id, mode, options);
  }

  /** The pane's calls with the person's rights: their own key, or the integration user in their companies. */
  actingFor(user: ErpUser, rights: PaneRights): Promise<PersonErp> {
    return this.options.acting.actingFor(user, rights);
  }

  /** Odoo 17.2+ serves `/odoo/<model>/<id>`; older versions (and unknown ones) the `/web#` form, which newer still open. */
  recordUrl(model: string, id: string): string {
    if (modernRecordUrls(parseOdooVersion(this.client.serverVersion ?? '')))
      return `${this.client.baseUrl}/odoo/${encodeURIComponent(model)}/${encodeURIComponent(id)}`;
    return `${this.client.baseUrl}/web#id=${encodeURIComponent(id)}&model=${encodeURIComponent(model)}&view_type=form`;
  }
}
