/**
 * What follows every write of an event: the attendees' answers and, for a series, its exceptions (Odoo keeps both
 * outside the fields a `write` or `load` sets). Shared by create, update and the bulk create.
 */
import type { CanonicalEvent, EventField } from '../../core';
import type { EventReader } from './event-reader';
import type { EventRecords } from './event-records';
import type { EventWriter } from './event-writer';
import type { ResolvedRefs } from './from-canonical';
import { seriesId } from './record-ids';

export interface AfterWriteParts {
  reader: EventReader;
  writer: EventWriter;
  records: EventRecords;
}

/**
 * Answers and a series' exceptions after the event `id` was written; returns the written record's port id.
 * `current` and `spread`: see update-event.ts.
 */
export async function afterWrite(
  parts: AfterWriteParts,
  id: number,
  event: CanonicalEvent,
  fields: readonly EventField[],
  refs: ResolvedRefs,
  quiet: boolean,
  current: CanonicalEvent | null = null,
  spread = false,
): Promise<string> {
  const [row] = await parts.reader.search([['id', '=', id]]);
  const recurrenceId = row?.recurrence_id ? row.recurrence_id[0] : null;
  const ids = recurrenceId ? await parts.records.members(recurrenceId) : [id];
  if (fields.includes('attendees')) await parts.writer.applyResponses(ids, event.attendees, quiet);
  if (recurrenceId && (fields.includes('recurrence') || spread))
    await parts.writer.applyExceptions(recurrenceId, event, refs, quiet, current, spread);
  return recurrenceId ? seriesId(recurrenceId) : String(id);
}
