/**
 * `OutlookCalendar`: the Outlook side of one mailbox (a user object id) for the sync engine: read changes (delta),
 * load series, find existing events, apply writes through $batch, manage the change subscription. It holds no
 * state between calls beyond its Graph client; it reads no store, no configuration and no environment.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../logger';
import type { BatchRetryOptions } from './batch';
import { applyWrites, type WriteOperation, type WriteOutcome } from './batch-writer';
import { createGraphClient, GraphTransport, type AccessTokenProvider, type RequestLimiter } from './client';
import {
  loadSeries,
  readCalendarDelta,
  readEventsById,
  type DeltaRequest,
  type DeltaResult,
  type LoadedSeries,
  type ReadContext,
} from './delta-reader';
import { propertyIdsToRead, writeMarks } from './extended-properties';
import type { ErpLink } from '../core';
import { findByICalUId, findByMappingId, findBySubjectAndTime } from './find';
import { toRecord, type OutlookEventRecord } from './records';
import type { UtcWindow } from './series';
import {
  createSubscription,
  deleteSubscription,
  renewSubscription,
  type Subscription,
  type SubscriptionRequest,
} from './subscriptions';

export interface OutlookCalendarOptions {
  /** The mailbox: the user's object id. */
  mailbox: string;
  /** https://graph.microsoft.com or the emulator's origin. */
  graphBaseUrl: string;
  getAccessToken: AccessTokenProvider;
  logger: Logger;
  clock: { now(): Date };
  /**
   * The per-mailbox request budget (4 concurrent / 10,000 per 10 min); every Graph call runs inside it. Without
   * one, the process's own budget for this mailbox (request-budget.ts): never none.
   */
  limiter?: RequestLimiter;
  /** The add-in's manifest id, to read (and keep in step) its custom properties. */
  addinManifestId?: string;
  /** Zone for writing single all-day events (the mailbox's zone); default UTC. */
  allDayTimeZone?: string;
  /** Delta page size asked with `Prefer: odata.maxpagesize`. */
  deltaPageSize?: number;
  /** How 429s (and `$batch` sub-requests and envelopes) are retried; Graph's defaults when absent. */
  batch?: BatchRetryOptions;
  /** Overrides the Graph client built from the options above (another middleware chain, say). */
  graphClient?: Client;
}

export class OutlookCalendar {
  readonly mailbox: string;
  private readonly transport: GraphTransport;
  private readonly read: ReadContext;
  private readonly userPath: string;
  private readonly logger: Logger;
  private readonly clock: { now(): Date };

  constructor(private readonly options: OutlookCalendarOptions) {
    this.mailbox = options.mailbox;
    this.logger = options.logger.child({ component: 'outlook', mailbox: options.mailbox });
    this.clock = options.clock;
    const client =
      options.graphClient ??
      createGraphClient({
        baseUrl: options.graphBaseUrl,
        getAccessToken: options.getAccessToken,
        mailbox: options.mailbox,
      });
    this.transport = new GraphTransport(client, {
      mailbox: options.mailbox,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.batch ? { retry: options.batch } : {}),
    });
    this.userPath = `/users/${encodeURIComponent(options.mailbox)}`;
    const mapping = options.addinManifestId ? { addinManifestId: options.addinManifestId } : {};
    this.read = {
      transport: this.transport,
      userPath: this.userPath,
      propertyIds: propertyIdsToRead(options.addinManifestId),
      mapping,
      batch: options.batch ?? {},
      ...(options.deltaPageSize ? { pageSize: options.deltaPageSize } : {}),
    };
  }

  /** One delta round; throws OutlookError `sync_state_not_found` when the link expired (do a full resync). */
  async readChanges(request: DeltaRequest): Promise<DeltaResult> {
    const result = await readCalendarDelta(this.read, request);
    this.logger.debug(
      { changed: result.items.length, removed: result.removedIds.length, first: !request.deltaLink },
      'outlook delta round read',
    );
    return result;
  }

  /** Series masters with their exceptions and cancelled occurrences in the window, each master fetched once. */
  loadSeries(masterIds: readonly string[], window: UtcWindow): Promise<Map<string, LoadedSeries>> {
    return loadSeries(this.read, masterIds, window);
  }

  /** Events by id with their marks; ids that are gone are absent. */
  async getEvents(ids: readonly string[]): Promise<Map<string, OutlookEventRecord>> {
    const { found } = await readEventsById(this.read, ids);
    return new Map([...found].map(([id, event]) => [id, toRecord(event, this.read.mapping)]));
  }

  findByMappingId(mappingId: string): Promise<OutlookEventRecord[]> {
    return findByMappingId(this.read, mappingId);
  }

  findByICalUId(iCalUId: string): Promise<OutlookEventRecord[]> {
    return findByICalUId(this.read, iCalUId);
  }

  findBySubjectAndTime(subject: string, start: string, end: string): Promise<OutlookEventRecord[]> {
    return findBySubjectAndTime(this.read, subject, start, end);
  }

  /** Applies writes through $batch; one outcome per operation, in order. */
  async applyWrites(operations: readonly WriteOperation[]): Promise<WriteOutcome[]> {
    const outcomes = await applyWrites(
      { transport: this.transport, userPath: this.userPath, mapping: this.mappingOut(), batch: this.read.batch },
      operations,
    );
    const failed = outcomes.filter((o) => !o.ok).length;
    this.logger.debug({ operations: operations.length, failed }, 'outlook writes applied');
    return outcomes;
  }

  /**
   * PATCHes only our marks on one event (the pane's switch and link), and the add-in's compose mark in step when
   * the event carries one (`addinJson`, as read). An event the adapter cannot map can be unmarked this way too.
   * `erpLink` undefined leaves the link as it is; null removes it.
   */
  async writeMarks(eventId: string, marks: { erpSync: boolean; erpLink?: ErpLink | null }, addinJson: string | null) {
    const manifestId = this.options.addinManifestId;
    const properties = writeMarks({
      erpSync: marks.erpSync,
      ...(marks.erpLink !== undefined ? { erpLink: marks.erpLink } : {}),
      ...(manifestId && addinJson !== null ? { addin: { manifestId, existingJson: addinJson } } : {}),
    });
    await this.transport.patch(`${this.userPath}/events/${encodeURIComponent(eventId)}`, {
      singleValueExtendedProperties: properties,
    });
  }

  subscribe(request: SubscriptionRequest): Promise<Subscription> {
    return createSubscription(this.transport, this.userPath, request);
  }

  /** Extends a subscription to `minutes` from now (by the injected clock). */
  renewSubscription(id: string, minutes: number): Promise<Subscription> {
    return renewSubscription(this.transport, id, new Date(this.clock.now().getTime() + minutes * 60_000));
  }

  unsubscribe(id: string): Promise<void> {
    return deleteSubscription(this.transport, id);
  }

  private mappingOut() {
    return this.options.allDayTimeZone ? { allDayTimeZone: this.options.allDayTimeZone } : {};
  }
}
