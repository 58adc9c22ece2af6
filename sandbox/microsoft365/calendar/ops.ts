/**
 * Calendar mutations shared by the Graph routes and the control routes: create, update (series, single, one
 * occurrence), delete/cancel, move. Each one stamps a new changeKey, reports changes and hands meetings to `meetings`.
 */
import type { Clock, DirectoryUser } from '../contracts';
import type { ChangeBus } from './changes';
import { badRequest, GraphError } from './errors';
import { applyEventBody, defaultFields } from './event-input';
import { applyExtendedProperties } from './extended-props';
import { newChangeKey, newICalUId, newKey } from './ids';
import type { Json } from './json';
import type { CalendarOptions, EventInstance, EventRecord, Mailbox } from './model';
import type { Meetings } from './meetings';
import { seriesZone } from './recurrence';
import type { CalendarStore } from './store';
import { utcToWall } from './tz';

const DAY_MS = 86_400_000;
const NEIGHBOUR_SEARCH_MS = 5 * 366 * DAY_MS;

export interface WriteOptions {
  /** Whether Exchange sends meeting mail (Graph always does; Outlook's "save without sending" does not). */
  send: boolean;
  ifMatch?: string | undefined;
}

export class CalendarOps {
  /**
   * Per mailbox, transactionId -> key of the first event created with it, so a create does not scan the mailbox.
   * Only `create` sets a transactionId, and it never changes afterwards ("After you set transactionId when creating an
   * event, you cannot change transactionId in a subsequent update", https://learn.microsoft.com/en-us/graph/api/resources/event);
   * an entry whose event was since deleted is looked up again. A restored mailbox is a new object, indexed anew.
   */
  private readonly transactions = new WeakMap<Mailbox, Map<string, string>>();

  constructor(
    private readonly store: CalendarStore,
    private readonly clock: Clock,
    private readonly options: CalendarOptions,
    private readonly bus: ChangeBus,
    private readonly meetings: Meetings,
  ) {}

  private stamp(record: EventRecord): void {
    record.changeKey = newChangeKey();
    record.lastModifiedDateTime = this.clock.now().toISOString();
  }

  create(
    mailbox: Mailbox,
    owner: DirectoryUser,
    body: Json,
    write: WriteOptions,
  ): { record: EventRecord; created: boolean } {
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : null;
    if (transactionId && this.options.transactionIdReplay === 'returnExisting') {
      const existing = this.createdWith(mailbox, transactionId);
      if (existing) return { record: existing, created: false };
    }
    const now = this.clock.now();
    const organizer = { name: owner.displayName, address: owner.mail };
    const fields = applyEventBody(defaultFields(organizer, now.getTime()), body);
    fields.organizer = organizer;
    fields.isOrganizer = true;
    fields.responseStatus = { response: 'organizer', time: '0001-01-01T00:00:00Z' };
    const record: EventRecord = {
      key: newKey(),
      userId: mailbox.userId,
      tenantId: mailbox.tenantId,
      folderGeneration: 0,
      iCalUId: newICalUId(),
      changeKey: newChangeKey(),
      createdDateTime: now.toISOString(),
      lastModifiedDateTime: now.toISOString(),
      type: fields.recurrence ? 'seriesMaster' : 'singleInstance',
      seriesMasterKey: null,
      originalStart: null,
      transactionId,
      fields,
      cancelledOccurrences: [],
      extendedProperties: {},
    };
    applyExtendedProperties(record, body.singleValueExtendedProperties);
    mailbox.events[record.key] = record;
    const index = this.transactions.get(mailbox);
    if (transactionId && index && !index.has(transactionId)) index.set(transactionId, record.key);
    this.bus.emit(record, 'created');
    this.meetings.afterWrite(mailbox, record, undefined, write.send);
    return { record, created: true };
  }

  /** The first event of the mailbox created with `transactionId`, as a scan in creation order finds it. */
  private createdWith(mailbox: Mailbox, transactionId: string): EventRecord | undefined {
    let index = this.transactions.get(mailbox);
    if (!index) {
      index = new Map();
      for (const e of Object.values(mailbox.events)) {
        if (e.transactionId !== null && !index.has(e.transactionId)) index.set(e.transactionId, e.key);
      }
      this.transactions.set(mailbox, index);
    }
    const key = index.get(transactionId);
    if (key === undefined) return undefined;
    const indexed = mailbox.events[key];
    if (indexed?.transactionId === transactionId) return indexed;
    const next = Object.values(mailbox.events).find((e) => e.transactionId === transactionId);
    if (next) index.set(transactionId, next.key);
    else index.delete(transactionId);
    return next;
  }

  checkIfMatch(instance: EventInstance, mailbox: Mailbox, ifMatch: string | undefined): void {
    if (!ifMatch || ifMatch.trim() === '*') return;
    const current = this.changeKeyOf(instance, mailbox);
    const sent = ifMatch
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
    if (sent !== current) {
      throw new GraphError(
        this.options.staleEtagStatus,
        'ErrorIrresolvableConflict',
        'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
      );
    }
  }

  private changeKeyOf(instance: EventInstance, mailbox: Mailbox): string {
    if (instance.type !== 'occurrence') return instance.record.changeKey;
    return mailbox.events[instance.record.seriesMasterKey ?? '']?.changeKey ?? instance.record.changeKey;
  }

  update(mailbox: Mailbox, instance: EventInstance, body: Json, write: WriteOptions): EventRecord {
    this.checkIfMatch(instance, mailbox, write.ifMatch);
    if (instance.type === 'occurrence' || instance.type === 'exception')
      return this.updateInstance(mailbox, instance, body, write);
    const record = instance.record;
    const before = structuredClone(record.fields);
    const fields = applyEventBody(record.fields, body);
    if (fields.recurrence && record.type === 'singleInstance') record.type = 'seriesMaster';
    if (!fields.recurrence && record.type === 'seriesMaster') record.type = 'singleInstance';
    const timing = before.start !== fields.start || before.end !== fields.end;
    const pattern = JSON.stringify(before.recurrence) !== JSON.stringify(fields.recurrence);
    record.fields = fields;
    applyExtendedProperties(record, body.singleValueExtendedProperties);
    if (record.type !== 'seriesMaster' || timing || pattern) this.dropExceptions(mailbox, record);
    this.stamp(record);
    this.bus.emit(record, 'updated');
    this.meetings.afterWrite(mailbox, record, before, write.send);
    return record;
  }

  /** Patching an occurrence makes it an exception; it may not move onto or past a neighbouring occurrence. */
  private updateInstance(mailbox: Mailbox, instance: EventInstance, body: Json, write: WriteOptions): EventRecord {
    const master = mailbox.events[instance.record.seriesMasterKey ?? ''];
    if (!master)
      throw new GraphError(404, 'ErrorItemNotFound', 'The series master of this occurrence no longer exists.');
    if (body.recurrence !== undefined && body.recurrence !== null) {
      throw badRequest('An occurrence or exception cannot have a recurrence.');
    }
    const before = structuredClone(instance.record.fields);
    const fields = applyEventBody(instance.record.fields, body);
    this.checkBoundaries(master, instance.record.originalStart ?? fields.start, fields.start);
    const record: EventRecord = { ...structuredClone(instance.record), type: 'exception', fields };
    record.transactionId = null;
    applyExtendedProperties(record, body.singleValueExtendedProperties);
    this.stamp(record);
    mailbox.events[record.key] = record;
    this.bus.emit(record, 'updated');
    this.meetings.afterWrite(mailbox, record, before, write.send);
    return record;
  }

  private checkBoundaries(master: EventRecord, originalStart: number, newStart: number): void {
    const zone = seriesZone(master);
    const slots = this.store.expand(master, originalStart - NEIGHBOUR_SEARCH_MS, originalStart + NEIGHBOUR_SEARCH_MS);
    const index = slots.findIndex((s) => s.originalStart === originalStart);
    const day = (ms: number) => Math.floor(utcToWall(ms, zone) / DAY_MS);
    const previous = slots[index - 1];
    const next = slots[index + 1];
    if ((previous && day(newStart) <= day(previous.start)) || (next && day(newStart) >= day(next.start))) {
      throw badRequest(
        "Your request can't be completed because an occurrence cannot be moved to or before the day of the previous occurrence, or to or after the day of the next one.",
        'ErrorOccurrenceCrossingBoundary',
      );
    }
  }

  private dropExceptions(mailbox: Mailbox, master: EventRecord): void {
    for (const e of this.store.exceptionsOf(mailbox, master.key)) {
      delete mailbox.events[e.key];
      this.bus.emit(e, 'deleted');
    }
    master.cancelledOccurrences = [];
  }

  /** DELETE or cancel: a series or single event goes away; an occurrence or exception is cancelled in its series. */
  remove(mailbox: Mailbox, instance: EventInstance, write: WriteOptions): void {
    this.checkIfMatch(instance, mailbox, write.ifMatch);
    const record = instance.record;
    if (instance.type === 'occurrence' || instance.type === 'exception') {
      const master = mailbox.events[record.seriesMasterKey ?? ''];
      if (!master)
        throw new GraphError(404, 'ErrorItemNotFound', 'The series master of this occurrence no longer exists.');
      delete mailbox.events[record.key];
      master.cancelledOccurrences.push(record.originalStart ?? record.fields.start);
      this.stamp(master);
      this.bus.emit(record, 'deleted');
      this.bus.emit(master, 'updated');
      this.meetings.afterRemove(mailbox, record, write.send);
      return;
    }
    if (record.type === 'seriesMaster') this.dropExceptions(mailbox, record);
    delete mailbox.events[record.key];
    this.bus.emit(record, 'deleted');
    this.meetings.afterRemove(mailbox, record, write.send);
  }

  /** Moving to another folder and back: the per-folder id changes, the immutable id does not. */
  move(mailbox: Mailbox, instance: EventInstance): EventRecord {
    const root = mailbox.events[instance.record.seriesMasterKey ?? instance.record.key];
    if (!root) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const generation = root.folderGeneration + 1;
    for (const record of [root, ...this.store.exceptionsOf(mailbox, root.key)]) {
      record.folderGeneration = generation;
      this.stamp(record);
      this.bus.emit(record, 'updated');
    }
    return root;
  }
}
