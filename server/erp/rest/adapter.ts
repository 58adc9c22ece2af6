/**
 * The ERP port over the open REST contract. Each method is one or a few contract operations through the client
 * (which validates every answer); mapping lives in to-/from-canonical. No state beyond configuration.
 */
import { type CanonicalEvent, type CustomerAddresses, type ErpLink, EVENT_FIELDS, type EventField } from '../../core';
import { causeStatus, ErpError } from '../errors';
import type {
  BulkOutcome,
  ErpChange,
  ErpChanges,
  ErpEvent,
  ErpPort,
  ErpUser,
  NewErpEvent,
  PaneRights,
  PersonErp,
  TimeWindow,
  WriteOptions,
} from '../port';
import { restActingFor } from './acting-person';
import { RestBulkCreate } from './bulk-create';
import type { RestErpClient } from './client';
import { toCreateBody, toPatchBody } from './from-canonical';
import { toCustomerAddresses, toErpEvent, toErpUser } from './to-canonical';
import type {
  WireAbout,
  WireAppointment,
  WireAppointmentPage,
  WireChange,
  WireChangePage,
  WireDigestPage,
  WireCustomer,
  WirePersonList,
} from './wire-types';

export const SUPPORTED_CONTRACT_MAJOR = '1';
/** The contract's cap on `ids` per request. */
const IDS_PER_REQUEST = 100;
/** The contract's limit of owners per digest request. */
const OWNERS_PER_REQUEST = 500;
const PAGE_SIZE = 200;

export interface RestErpAdapterOptions {
  client: RestErpClient;
  /** `{model}` and `{id}` are replaced; the reference ERP serves `<base>/ui/{model}/{id}`. */
  recordUrlTemplate: string;
}

function toChange(change: WireChange): ErpChange {
  if (change.type === 'deleted') return { kind: 'deleted', id: change.id };
  const record = toErpEvent(change.appointment);
  return record.active ? { kind: 'upsert', record } : { kind: 'archived', record };
}

function isCursorGone(error: unknown): boolean {
  return error instanceof ErpError && causeStatus(error.cause) === 410;
}

export class RestErpAdapter implements ErpPort {
  readonly kind = 'rest';
  readonly fields: readonly EventField[] = EVENT_FIELDS;
  /** The contract's `timing.timeZone` is the event's own zone. */
  readonly keepsTimeZone = true;
  // No findByIdempotencyKey: the contract has no lookup by Idempotency-Key (a replay answers only the same body),
  // so the engine recovers a lost REST create by title + start + end.
  private readonly client: RestErpClient;
  private readonly bulk: RestBulkCreate;

  constructor(private readonly options: RestErpAdapterOptions) {
    this.client = options.client;
    this.bulk = new RestBulkCreate(options.client, (user, event, key, o) => this.createEvent(user, event, key, o));
  }

  async checkConnection(): Promise<{ version: string; protocol: string }> {
    const { body } = await this.client.call<WireAbout>('getAbout');
    if (body.contractVersion.split('.')[0] !== SUPPORTED_CONTRACT_MAJOR) {
      throw new ErpError('validation', `The ERP serves contract ${body.contractVersion}; this adapter speaks 1.x`);
    }
    return { version: `${body.name} ${body.version}`, protocol: `erp-contract/${body.contractVersion}` };
  }

  async findUser(email: string): Promise<ErpUser | null> {
    const { body } = await this.client.call<WirePersonList>('findPeople', { query: { email } });
    const person = body.items[0];
    return person ? toErpUser(person) : null;
  }

  async listChanges(
    user: ErpUser,
    cursor: string | null,
    window: TimeWindow,
    knownIds: readonly string[],
  ): Promise<ErpChanges> {
    let result: ErpChanges;
    let fullListing = cursor === null;
    try {
      result = await this.readChanges(user, cursor, window);
    } catch (error) {
      if (!isCursorGone(error)) throw error;
      // The ERP forgot our cursor (expired tombstones): list everything again and find deletions by id.
      result = await this.readChanges(user, null, window);
      fullListing = true;
    }
    if (!fullListing) return result;
    return { changes: [...result.changes, ...(await this.vanished(result.changes, knownIds))], cursor: result.cursor };
  }

  /**
   * Known ids a full listing did not mention: deleted if the ERP no longer has them, archived if it archived them,
   * else merely outside the window (nothing to report).
   */
  private async vanished(listed: readonly ErpChange[], knownIds: readonly string[]): Promise<ErpChange[]> {
    const seen = new Set(listed.map((c) => (c.kind === 'deleted' ? c.id : c.record.id)));
    const unseen = knownIds.filter((id) => !seen.has(id));
    if (unseen.length === 0) return [];
    const still = new Map((await this.readEvents(unseen)).map((e) => [e.id, e]));
    return unseen.flatMap((id): ErpChange[] => {
      const record = still.get(id);
      if (!record) return [{ kind: 'deleted', id }];
      return record.active ? [] : [{ kind: 'archived', record }];
    });
  }

  private async readChanges(user: ErpUser, cursor: string | null, window: TimeWindow): Promise<ErpChanges> {
    const changes: ErpChange[] = [];
    let next = cursor;
    for (;;) {
      const query = {
        owner: user.id,
        cursor: next ?? undefined,
        limit: PAGE_SIZE,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      };
      const { body } = await this.client.call<WireChangePage>('listChanges', { query });
      changes.push(...body.changes.map(toChange));
      next = body.cursor;
      if (!body.hasMore) return { changes, cursor: body.cursor };
    }
  }

  /** The tenant feed's one request: GET /changes/digests for every person at once (at most 500 per request). */
  async snapshotPeople(people: readonly ErpUser[], window: TimeWindow): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ids = [...new Set(people.map((p) => p.id))];
    for (let i = 0; i < ids.length; i += OWNERS_PER_REQUEST) {
      const query = {
        owners: ids.slice(i, i + OWNERS_PER_REQUEST).join(','),
        from: window.from.toISOString(),
        to: window.to.toISOString(),
      };
      const { body } = await this.client.call<WireDigestPage>('listDigests', { query });
      for (const [owner, digest] of Object.entries(body.digests)) out.set(owner, digest);
    }
    return out;
  }

  async readEvents(ids: readonly string[]): Promise<ErpEvent[]> {
    const events: ErpEvent[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + IDS_PER_REQUEST).join(',');
      let pageToken: string | undefined;
      do {
        const query = { ids: chunk, limit: PAGE_SIZE, pageToken };
        const { body } = await this.client.call<WireAppointmentPage>('listAppointments', { query });
        events.push(...body.items.map(toErpEvent));
        pageToken = body.nextPageToken ?? undefined;
      } while (pageToken !== undefined);
    }
    return events;
  }

  async createEvent(
    user: ErpUser,
    event: CanonicalEvent,
    idempotencyKey: string,
    options: WriteOptions & { needsReview: boolean },
  ): Promise<ErpEvent> {
    const { body } = await this.client.call<WireAppointment>('createAppointment', {
      headers: { 'idempotency-key': idempotencyKey },
      query: { notifyAttendees: !options.quiet },
      body: toCreateBody(user, event, options.needsReview),
    });
    return toErpEvent(body);
  }

  /** `POST /appointments/bulk` when the ERP offers it (bulk-create.ts), else one create at a time. */
  createEvents(user: ErpUser, items: readonly NewErpEvent[], options: WriteOptions): Promise<BulkOutcome[]> {
    return this.bulk.create(user, items, options);
  }

  async updateEvent(
    id: string,
    event: CanonicalEvent,
    fields: readonly EventField[],
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<ErpEvent> {
    // The contract requires If-Match; without an expected version the current one stands in (last writer wins).
    const version = options.expectedVersion ?? (await this.readOne(id)).version;
    if (fields.length === 0) return this.readOne(id);
    const { body } = await this.client.call<WireAppointment>('updateAppointment', {
      path: { id },
      headers: { 'if-match': `"${version}"` },
      query: { notifyAttendees: !options.quiet },
      body: toPatchBody(event, fields),
    });
    return toErpEvent(body);
  }

  private async readOne(id: string): Promise<ErpEvent> {
    const { body } = await this.client.call<WireAppointment>('getAppointment', { path: { id } });
    return toErpEvent(body);
  }

  async deleteEvent(
    id: string,
    mode: 'delete' | 'archive',
    options: WriteOptions & { expectedVersion?: string },
  ): Promise<void> {
    const headers: Record<string, string> =
      options.expectedVersion === undefined ? {} : { 'if-match': `"${options.expectedVersion}"` };
    try {
      await this.client.call('deleteAppointment', {
        path: { id },
        headers,
        query: { mode, notifyAttendees: !options.quiet },
      });
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'not_found') return;
      throw error;
    }
  }

  /** The pane's calls with `Acting-For` (acting-person.ts): the ERP answers with the person's rights. */
  actingFor(user: ErpUser, _rights: PaneRights): Promise<PersonErp> {
    return Promise.resolve(restActingFor(this.client, user));
  }

  /** The contract's `/customers/{id}` for a `customer` link; null for other links and customers that are gone. */
  async customerAddress(link: ErpLink): Promise<CustomerAddresses | null> {
    if (link.model !== 'customer') return null;
    try {
      const { body } = await this.client.call<WireCustomer>('getCustomer', { path: { id: link.id } });
      return toCustomerAddresses(body);
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  recordUrl(model: string, id: string): string {
    return this.options.recordUrlTemplate
      .replace('{model}', encodeURIComponent(model))
      .replace('{id}', encodeURIComponent(id));
  }
}
