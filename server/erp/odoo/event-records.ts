/**
 * Where a port record id lives in Odoo (record-ids.ts): a recurrence's member events, the calendar.event a write goes
 * through, and, when a record cannot be read, whether it is gone or another person's private event. Reads only.
 */
import { z } from 'zod';
import { ErpError } from '../errors';
import type { ErpEvent } from '../port';
import type { EventReader } from './event-reader';
import { privateRefusal, type OwnerRoutedClient } from './private-events';
import { parseRecordId } from './record-ids';
import type { OdooEventRead } from './wire-types';
import { callParsed, IdsSchema, RecurrenceBaseSchema } from './answers';

const ALL = { active_test: false };

export class EventRecords {
  constructor(
    private readonly client: OwnerRoutedClient,
    private readonly reader: EventReader,
  ) {}

  /** Every event of a recurrence, archived ones included. */
  members(recurrenceId: number): Promise<number[]> {
    const params = { domain: [['recurrence_id', '=', recurrenceId]], order: 'start', context: ALL };
    return callParsed(this.client, 'calendar.event', 'search', params, IdsSchema);
  }

  /** The calendar.event ids of port record `id`, archived ones included; none when it is gone or malformed. */
  async eventIds(id: string): Promise<number[]> {
    const ref = parseRecordId(id);
    if (!ref) return [];
    if (ref.series) return this.members(ref.recurrenceId);
    const domain = [
      ['id', '=', ref.eventId],
      ['recurrence_id', '=', false],
    ];
    return callParsed(this.client, 'calendar.event', 'search', { domain, context: ALL }, IdsSchema);
  }

  /**
   * The calendar.event a write of port record `id` goes through: the event itself, or for a series its recurrence's
   * base event (Odoo edits a whole series through one of its events with `recurrence_update: all_events`), else
   * its first active occurrence. Null when nothing is left.
   */
  async writeTarget(id: string): Promise<OdooEventRead | null> {
    const ref = parseRecordId(id);
    if (!ref) return null;
    if (!ref.series) {
      const [row] = await this.reader.search([
        ['id', '=', ref.eventId],
        ['recurrence_id', '=', false],
      ]);
      return row ?? null;
    }
    const [recurrence] = await callParsed(
      this.client,
      'calendar.recurrence',
      'search_read',
      { domain: [['id', '=', ref.recurrenceId]], fields: ['base_event_id'] },
      z.array(RecurrenceBaseSchema),
    );
    const baseId = recurrence?.base_event_id ? recurrence.base_event_id[0] : null;
    const rows = await this.reader.search([['recurrence_id', '=', ref.recurrenceId]]);
    const active = rows.filter((r) => r.active).sort((a, b) => a.start.localeCompare(b.start));
    return active.find((r) => r.id === baseId) ?? active[0] ?? rows[0] ?? null;
  }

  async mustRead(id: string): Promise<ErpEvent> {
    const [record] = await this.reader.read([id]);
    if (!record) throw await this.missing(id);
    return record;
  }

  /** not_found, unless the record is another person's private event Odoo hides (private-events.ts). */
  async missing(id: string): Promise<ErpError> {
    const ref = parseRecordId(id);
    const ids = !ref ? [] : ref.series ? await this.members(ref.recurrenceId) : [ref.eventId];
    const owner = await this.client.hiddenOwner(ids);
    return owner ? privateRefusal(owner) : new ErpError('not_found', `Odoo event ${id} does not exist (deleted?)`);
  }
}
