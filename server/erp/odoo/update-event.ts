/**
 * An event or whole series written over: conditional on the version read just before (Odoo has no conditional
 * write), through the series' base event with `recurrence_update: all_events`, without regenerating occurrences
 * when only they changed. Answers the record read back, without a version when it changed meanwhile in what the
 * write did not set (changed-meanwhile.ts).
 */
import { normalizeRecurrence, utcToWall, type CanonicalEvent, type EventField } from '../../core';
import { ErpError } from '../errors';
import type { ErpEvent, WriteOptions } from '../port';
import { afterWrite } from './after-write';
import { changedMeanwhile } from './changed-meanwhile';
import { ruleFields } from './rule-fields';
import type { CreateParts } from './create-event';
import { stale } from './stale';
import { writeContext } from './write-context';

/** Same rule and zone in comparison form: what Odoo's calendar.recurrence holds. */
function sameRule(a: CanonicalEvent, b: CanonicalEvent): boolean {
  const ra = normalizeRecurrence(a.recurrence, a.timing);
  const rb = normalizeRecurrence(b.recurrence, b.timing);
  return ra !== null && rb !== null && ra.rrule === rb.rrule && ra.timeZone === rb.timeZone;
}

/** The series' first date in its zone. */
function firstDay(event: CanonicalEvent, zone: string): string {
  if (event.timing.kind === 'allDay') return event.timing.startDate;
  return new Date(utcToWall(Date.parse(event.timing.start), zone)).toISOString().slice(0, 10);
}

export async function updateEvent(
  parts: CreateParts,
  id: string,
  event: CanonicalEvent,
  fields: readonly EventField[],
  options: WriteOptions & { expectedVersion?: string },
): Promise<ErpEvent> {
  const current = await parts.records.mustRead(id);
  if (options.expectedVersion !== undefined && stale(options.expectedVersion, current.version)) {
    throw new ErpError(
      'conflict',
      `Odoo event ${id} changed since version ${options.expectedVersion} (now ${current.version})`,
    );
  }
  const row = await parts.records.writeTarget(id);
  if (!row) throw new ErpError('not_found', `Odoo event ${id} does not exist (deleted?)`);
  const organizerUid = row.user_id ? row.user_id[0] : null;
  const newOrganizer =
    fields.includes('organizer') && event.organizer ? await parts.users.find(event.organizer.email) : null;
  const uid = newOrganizer ? Number(newOrganizer.id) : organizerUid;
  const refs = await parts.writer.resolve(
    event,
    fields,
    { uid, partnerId: uid ? await parts.users.partnerOf(uid) : null },
    fields.includes('categories') ? current.needsReview : null,
  );
  // Only occurrences changed: the rule is not written again (Odoo would regenerate every following occurrence).
  const onlyOccurrences =
    !!row.recurrence_id &&
    fields.includes('recurrence') &&
    !fields.includes('timing') &&
    sameRule(event, current.event);
  const sent = onlyOccurrences ? fields.filter((f) => f !== 'recurrence') : fields;
  const vals = parts.writer.values(event, sent, refs);
  if (row.recurrence_id) vals.recurrence_update = 'all_events';
  // Odoo drops the rule text when it rewrites a series: the rule goes as its fields too (rule-fields.ts).
  if (row.recurrence_id && typeof vals.rrule === 'string' && event.recurrence) {
    Object.assign(vals, ruleFields(vals.rrule.split('\n').pop() ?? '', firstDay(event, event.recurrence.timeZone)));
  }
  if (Object.keys(vals).length > (row.recurrence_id ? 1 : 0)) {
    await parts.client.call('calendar.event', 'write', { ids: [row.id], vals, context: writeContext(options.quiet) });
  }
  // A whole-series write that does not regenerate the occurrences reaches every one of them, the modified ones
  // too (Odoo's all_events): those get their own fields back (Exchange: an exception keeps what it overrides).
  const regenerates = fields.includes('timing') || (fields.includes('recurrence') && !onlyOccurrences);
  const spread = !!row.recurrence_id && !regenerates && Object.keys(vals).length > 1;
  const written = await afterWrite(
    parts,
    row.id,
    event,
    fields,
    refs,
    options.quiet,
    onlyOccurrences || spread ? current.event : null,
    spread,
  );
  // No conditional write in Odoo: an edit that landed since the version check is inside the version read back.
  // Answering no version then makes the engine compare this record field by field on its next run, which finds the
  // person's edit (and our own fields equal to the base), instead of trusting a version that hides the edit.
  const after = await parts.records.mustRead(written);
  return changedMeanwhile(current, after, event, fields, regenerates) ? { ...after, version: '' } : after;
}
