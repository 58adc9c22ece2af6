/**
 * The ERP port over Odoo's external API. A single event is its calendar.event, a series its calendar.recurrence
 * (record-ids.ts; writes go through the recurrence's base event); creates are idempotent through `load` with an
 * external id `outlook_erp_sync.<key>` (external-ids.ts); changes are read incrementally (changes.ts).
 */
import { type CanonicalEvent, EVENT_FIELDS, type EventField, normalizeRecurrence } from '../../core';
import { ErpError, isErpError } from '../errors';
import type {
  BulkOutcome,
  ErpChanges,
  ErpEvent,
  ErpPort,
  ErpUser,
  ErpContact,
  LinkableRecord,
  NewContact,
  NewErpEvent,
  NewLead,
  TimeWindow,
  WriteOptions,
} from '../port';
import type { OdooClient } from './client';
import { createMany } from './bulk-create';
import { privateRefusal, type OwnerRoutedClient } from './private-events';
import { ChangeReader } from './changes';
import { EventReader, writeDateOf } from './event-reader';
import { EventWriter, writeContext } from './event-writer';
import { ODOO_REPRESENTS, toImportRow } from './from-canonical';
import { EXTERNAL_ID_MODULE, ExternalIds, externalIdName } from './external-ids';
import { searchLinkable } from './linkable';
import { findLinkable } from './linkable-record';
import { checkRights } from './rights';
import { modernRecordUrls, parseOdooVersion } from './versions';
import { createContact, createLead, findContacts } from './contacts';
import { parseRecordId, seriesId } from './record-ids';
import type { OdooEventRead, OdooLoadResult, OdooRecurrenceRead, OdooUserRead } from './wire-types';

const ALL = { active_test: false };
/** How long a user found by e-mail is trusted, and a miss. */
const USER_CACHE_MS = 5 * 60_000;
const MISS_CACHE_MS = 60_000;

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
}

/** Same rule and zone in comparison form: what Odoo's calendar.recurrence holds. */
function sameRule(a: CanonicalEvent, b: CanonicalEvent): boolean {
  const ra = normalizeRecurrence(a.recurrence, a.timing);
  const rb = normalizeRecurrence(b.recurrence, b.timing);
  return ra !== null && rb !== null && ra.rrule === rb.rrule && ra.timeZone === rb.timeZone;
}

/**
 * Whether `current` moved on from `expected`: Odoo's own stamp (the write_date part) differs, or, within the same
 * second, the content fingerprint does. A bare write_date (a base recorded before versions carried content) is
 * compared by its write_date only.
 */
function stale(expected: string, current: string): boolean {
  if (writeDateOf(expected) !== writeDateOf(current)) return true;
  return expected.includes('#') && expected !== current;
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
  private readonly reader: EventReader;
  private readonly writer: EventWriter;
  private readonly externalIds: ExternalIds;
  private readonly changes: ChangeReader;

  private readonly users = new Map<string, { user: ErpUser | null; until: number }>();
  private readonly partners = new Map<number, number>();

  constructor(private readonly options: OdooAdapterOptions) {
    this.client = options.client;
    this.reader = new EventReader(options.client, options.reviewTag);
    this.writer = new EventWriter(options.client, options.reviewTag);
    this.externalIds = new ExternalIds(options.client);
    this.changes = new ChangeReader(options.client, this.reader, options.overlapSeconds, options.clock);
  }

  /** Also checks the integration user's groups (rights.ts): a missing required one fails, an optional one warns. */
  async checkConnection(): Promise<{ version: string; protocol: string; warnings: string[] }> {
    const version = await this.client.version();
    const protocol = await this.client.protocol();
    const uid = await this.client.authenticate();
    const warnings = await checkRights(this.client, uid, this.options.login);
    return { version, protocol, warnings };
  }

  /**
   * Cached a few minutes (a run looks its person up every time; who holds an e-mail rarely changes), and the
   * user's partner with it. A miss is cached for a minute only, so a user added in Odoo is found soon.
   */
  async findUser(email: string): Promise<ErpUser | null> {
    const key = email.toLowerCase();
    const now = (this.options.clock ?? { now: () => new Date() }).now().getTime();
    const cached = this.users.get(key);
    if (cached && cached.until > now) return cached.user;
    const user = await this.lookUpUser(email);
    this.users.set(key, { user, until: now + (user ? USER_CACHE_MS : MISS_CACHE_MS) });
    return user;
  }

  private async lookUpUser(email: string): Promise<ErpUser | null> {
    const [user] = await this.client.call<OdooUserRead[]>('res.users', 'search_read', {
      domain: ['|', ['login', '=ilike', email], ['email', '=ilike', email]],
      fields: ['login', 'name', 'email', 'tz', 'partner_id'],
      limit: 1,
    });
    if (!user) return null;
    if (user.partner_id) this.partners.set(user.id, user.partner_id[0]);
    return {
      id: String(user.id),
      login: user.login,
      email: (user.email || user.login).toLowerCase(),
      name: user.name,
      ...(user.tz ? { timeZone: user.tz } : {}),
    };
  }

  async listChanges(
    user: ErpUser,
    cursor: string | null,
    window: TimeWindow,
    knownIds: readonly string[],
  ): Promise<ErpChanges> {
    return this.changes.list(user, await this.partnerOf(Number(user.id)), cursor, window, knownIds);
  }

  readEvents(ids: readonly string[]): Promise<ErpEvent[]> {
    return this.reader.read(ids);
  }

  async createEvent(
    user: ErpUser,
    event: CanonicalEvent,
    idempotencyKey: string,
    options: WriteOptions & { needsReview: boolean },
  ): Promise<ErpEvent> {
    // No look-up first: `load` with the same external id updates the record a lost answer left behind.
    const name = externalIdName(idempotencyKey);
    const partnerId = await this.partnerOf(Number(user.id));
    const refs = await this.writer.resolve(
      event,
      EVENT_FIELDS,
      { uid: Number(user.id), partnerId },
      options.needsReview,
    );
    const vals = { ...this.writer.values(event, EVENT_FIELDS, refs), user_id: Number(user.id) };
    const { columns, row } = toImportRow(`${EXTERNAL_ID_MODULE}.${name}`, vals);
    const load = (client: OdooClient) =>
      client.call<OdooLoadResult>('calendar.event', 'load', {
        fields: columns,
        data: [row],
        context: writeContext(options.quiet),
      });
    const result = await this.creating(user, (vals as Record<string, unknown>)['privacy'] === 'private', load);
    if (!result.ids || result.ids.length === 0) {
      const message = result.messages.map((m) => m.message).join('; ') || 'no record created';
      throw new ErpError('validation', `Odoo refused the new event "${event.title}": ${message}`, {
        erpMessage: message,
        cause: result,
      });
    }
    const id = result.ids[0] as number;
    return this.mustRead(await this.afterWrite(id, event, EVENT_FIELDS, refs, options.quiet));
  }

  /** Many creates in a few calls (bulk-create.ts): one look-up per kind of reference, one `load` per 500 rows. */
  createEvents(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    return createMany(
      {
        client: this.client,
        writer: this.writer,
        partnerOf: (uid) => this.partnerOf(uid),
        readEvents: (ids) => this.readEvents(ids),
        afterSeriesWrite: (id, event, refs, quiet) => this.afterWrite(id, event, EVENT_FIELDS, refs, quiet),
      },
      user,
      items,
      options.quiet,
    );
  }

  /**
   * Odoo lets only the organizer (or an attendee) create a private event: when the integration user's `load` of
   * another person's private event makes nothing, it is made as that person, with their own key
   * (private-events.ts); without the key, a problem naming what to do and Odoo's own words.
   */
  private async creating(
    user: ErpUser,
    isPrivate: boolean,
    load: (client: OdooClient) => Promise<OdooLoadResult>,
  ): Promise<OdooLoadResult> {
    const result = await load(this.client);
    if ((result.ids && result.ids.length > 0) || !isPrivate || Number(user.id) === (await this.client.whoAmI()).uid)
      return result;
    const owner = await this.client.ownerClient(Number(user.id));
    if (!owner) throw privateRefusal(user.login, result.messages.map((m) => m.message).join('; '));
    return this.client.asOwner(user.login, () => load(owner));
  }

  /** The record `load` created under the external id `outlook_erp_sync.<key>`, or null (external-ids.ts). */
  async findByIdempotencyKey(idempotencyKey: string): Promise<ErpEvent | null> {
    const id = await this.externalIds.find(externalIdName(idempotencyKey));
    if (id === null) return null;
    // The key marks the event `load` made; a series is known by its recurrence (record-ids.ts).
    const [row] = await this.reader.search([['id', '=', id]]);
    const [record] = await this.readEvents([row?.recurrence_id ? seriesId(row.recurrence_id[0]) : String(id)]);
    return record ?? null;
  }

  /** Answers and a series' exceptions after the event `id` was written; returns the written record's port id. */
  private async afterWrite(
    id: number,
    event: CanonicalEvent,
    fields: readonly EventField[],
    refs: Awaited<ReturnType<EventWriter['resolve']>>,
    quiet: boolean,
    current: CanonicalEvent | null = null,
    spread = false,
  ): Promise<string> {
    const [row] = await this.reader.search([['id', '=', id]]);
    const recurrenceId = row?.recurrence_id ? row.recurrence_id[0] : null;
    const ids = recurrenceId ? await this.members(recurrenceId) : [id];
    if (fields.includes('attendees')) await this.writer.applyResponses(ids, event.attendees, quiet);
    if (recurrenceId && (fields.includes('recurrence') || spread))
      await this.writer.applyExceptions(recurrenceId, event, refs, quiet, current, spread);
    return recurrenceId ? seriesId(recurrenceId) : String(id);
  }

  /** Every event of a recurrence, archived ones included. */
  private members(recurrenceId: number): Promise<number[]> {
    return this.client.call<number[]>('calendar.event', 'search', {
      domain: [['recurrence_id', '=', recurrenceId]],
      order: 'start',
      context: ALL,
    });
  }

  /**
   * The calendar.event a write of port record `id` goes through: the event itself, or for a series its recurrence's
   * base event (Odoo edits a whole series through one of its events with `recurrence_update: all_events`), else
   * its first active occurrence. Null when nothing is left.
   */
  private async writeTarget(id: string): Promise<OdooEventRead | null> {
    const ref = parseRecordId(id);
    if (!ref) return null;
    if (!ref.series) {
      const [row] = await this.reader.search([
        ['id', '=', ref.eventId],
        ['recurrence_id', '=', false],
      ]);
      return row ?? null;
    }
    const [recurrence] = await this.client.call<OdooRecurrenceRead[]>('calendar.recurrence', 'search_read', {
      domain: [['id', '=', ref.recurrenceId]],
      fields: ['base_event_id'],
    });
    const rows = await this.reader.search([['recurrence_id', '=', ref.recurrenceId]]);
    const active = rows.filter((r) => r.active).sort((a, b) => a.start.localeCompare(b.start));
    const base = recurrence?.base_event_id
      ? active.find((r) => r.id === (recurrence.base_event_id as [number, string])[0])
      : undefined;
    return base ?? active[0] ?? rows[0] ?? null;
  }

  async updateEvent(
    id: string,
    event: CanonicalEvent,
    fields: readonly EventField[],
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<ErpEvent> {
    const current = await this.mustRead(id);
    if (options.expectedVersion !== undefined && stale(options.expectedVersion, current.version)) {
      throw new ErpError(
        'conflict',
        `Odoo event ${id} changed since version ${options.expectedVersion} (now ${current.version})`,
      );
    }
    const row = await this.writeTarget(id);
    if (!row) throw new ErpError('not_found', `Odoo event ${id} does not exist (deleted?)`);
    const organizerUid = row.user_id ? row.user_id[0] : null;
    const newOrganizer =
      fields.includes('organizer') && event.organizer ? await this.findUser(event.organizer.email) : null;
    const uid = newOrganizer ? Number(newOrganizer.id) : organizerUid;
    const refs = await this.writer.resolve(
      event,
      fields,
      { uid, partnerId: uid ? await this.partnerOf(uid) : null },
      fields.includes('categories') ? current.needsReview : null,
    );
    // Only occurrences changed: the rule is not written again (Odoo would regenerate every following occurrence).
    const onlyOccurrences =
      !!row.recurrence_id &&
      fields.includes('recurrence') &&
      !fields.includes('timing') &&
      sameRule(event, current.event);
    const sent = onlyOccurrences ? fields.filter((f) => f !== 'recurrence') : fields;
    const vals: Record<string, unknown> = this.writer.values(event, sent, refs);
    if (row.recurrence_id) vals.recurrence_update = 'all_events';
    if (Object.keys(vals).length > (row.recurrence_id ? 1 : 0)) {
      await this.client.call('calendar.event', 'write', { ids: [row.id], vals, context: writeContext(options.quiet) });
    }
    // A whole-series write that does not regenerate the occurrences reaches every one of them, the modified ones
    // too (Odoo's all_events): those get their own fields back (Exchange: an exception keeps what it overrides).
    const regenerates = fields.includes('timing') || (fields.includes('recurrence') && !onlyOccurrences);
    const spread = !!row.recurrence_id && !regenerates && Object.keys(vals).length > 1;
    const written = await this.afterWrite(
      row.id,
      event,
      fields,
      refs,
      options.quiet,
      onlyOccurrences || spread ? current.event : null,
      spread,
    );
    return this.mustRead(written);
  }

  async deleteEvent(
    id: string,
    mode: 'delete' | 'archive',
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<void> {
    if (options.expectedVersion !== undefined) {
      // Odoo has no conditional write: compare the version read just before deleting, as updateEvent does.
      const [current] = await this.readEvents([id]);
      if (!current) {
        const missing = await this.missing(id);
        if (isErpError(missing, 'not_found')) return;
        throw missing;
      }
      if (stale(options.expectedVersion, current.version)) {
        throw new ErpError(
          'conflict',
          `Odoo event ${id} changed since version ${options.expectedVersion} (now ${current.version}); not deleted`,
        );
      }
    }
    const ref = parseRecordId(id);
    if (!ref) return;
    const ids = ref.series
      ? await this.members(ref.recurrenceId)
      : await this.client.call<number[]>('calendar.event', 'search', {
          domain: [
            ['id', '=', ref.eventId],
            ['recurrence_id', '=', false],
          ],
          context: ALL,
        });
    if (ids.length === 0) return;
    try {
      if (mode === 'delete')
        await this.client.call('calendar.event', 'unlink', { ids, context: writeContext(options.quiet) });
      else
        await this.client.call('calendar.event', 'write', {
          ids,
          vals: { active: false },
          context: writeContext(options.quiet),
        });
    } catch (error) {
      // Gone meanwhile: what the caller wanted.
      if (!isErpError(error, 'not_found')) throw error;
    }
  }

  findLinkable(_user: ErpUser, model: string, id: string): Promise<LinkableRecord | null> {
    return findLinkable(this.client, model, id, (m, i) => this.recordUrl(m, i));
  }

  searchLinkable(query: string, limit: number): Promise<LinkableRecord[]> {
    return searchLinkable(this.client, query, limit, (model, id) => this.recordUrl(model, id));
  }

  findContacts(emails: readonly string[]): Promise<ErpContact[]> {
    return findContacts(this.client, emails, (model, id) => this.recordUrl(model, id));
  }

  createContact(contact: NewContact): Promise<ErpContact> {
    return createContact(this.client, contact, (model, id) => this.recordUrl(model, id));
  }

  createLead(lead: NewLead, idempotencyKey: string): Promise<LinkableRecord> {
    return createLead(this.client, lead, idempotencyKey, (model, id) => this.recordUrl(model, id));
  }

  /** Odoo 17.2+ serves `/odoo/<model>/<id>`; older versions (and unknown ones) the `/web#` form, which newer still open. */
  recordUrl(model: string, id: string): string {
    if (modernRecordUrls(parseOdooVersion(this.client.serverVersion ?? '')))
      return `${this.client.baseUrl}/odoo/${encodeURIComponent(model)}/${encodeURIComponent(id)}`;
    return `${this.client.baseUrl}/web#id=${encodeURIComponent(id)}&model=${encodeURIComponent(model)}&view_type=form`;
  }

  private async mustRead(id: string): Promise<ErpEvent> {
    const [record] = await this.readEvents([id]);
    if (!record) throw await this.missing(id);
    return record;
  }

  /** not_found, unless the record is another person's private event Odoo hides (private-events.ts). */
  private async missing(id: string): Promise<ErpError> {
    const ref = parseRecordId(id);
    const ids = !ref ? [] : ref.series ? await this.members(ref.recurrenceId) : [ref.eventId];
    const owner = await this.client.hiddenOwner(ids);
    return owner ? privateRefusal(owner) : new ErpError('not_found', `Odoo event ${id} does not exist (deleted?)`);
  }

  /** A user's partner never changes: looked up once per process. */
  private async partnerOf(uid: number): Promise<number> {
    const known = this.partners.get(uid);
    if (known !== undefined) return known;
    const [user] = await this.client.call<OdooUserRead[]>('res.users', 'search_read', {
      domain: [['id', '=', uid]],
      fields: ['partner_id'],
      context: ALL,
    });
    if (!user?.partner_id) throw new ErpError('not_found', `Odoo user ${uid} does not exist`);
    this.partners.set(uid, user.partner_id[0]);
    return user.partner_id[0];
  }
}
