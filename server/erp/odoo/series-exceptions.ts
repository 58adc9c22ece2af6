/**
 * A series' exceptions in Odoo, after the series itself is written: occurrences the result keeps that Odoo lost are
 * brought back (restore-occurrences.ts), cancelled ones unlinked, modified ones written alone with their own
 * attendee answers. Every call carries the quiet-mode context.
 */
import { normalizeInstant, type Attendee, type CanonicalEvent, type EventField } from '../../core';
import { ErpError } from '../errors';
import type { OdooClient } from './client';
import type { EventWriter } from './event-writer';
import { timingValues, toOdooValues, type ResolvedRefs } from './from-canonical';
import { readOccurrences, restoreOccurrences } from './restore-occurrences';
import { instantToNaive } from './times';
import { writeContext } from './write-context';

export interface SeriesExceptionsWrite {
  recurrenceId: number;
  event: CanonicalEvent;
  refs: ResolvedRefs;
  quiet: boolean;
  /** The series as read before an occurrences-only write; null after a write that set the whole series. */
  current: CanonicalEvent | null;
  /** A whole-series write just reached every occurrence: every modified one is written again. */
  rewriteModified: boolean;
}

/**
 * After the series is written: cancelled occurrences go, modified ones are written alone. With `current` (the
 * series as read before an occurrences-only write) only what differs from it is written, and an occurrence
 * already moved is found at its current start. `rewriteModified`: a whole-series write just reached every
 * occurrence, so every modified one is written again. An occurrence the result keeps that a person deleted or
 * archived in Odoo (cancelled in `current`) is brought back first (restore-occurrences.ts), never skipped.
 */
export async function applySeriesExceptions(
  client: OdooClient,
  writer: Pick<EventWriter, 'applyResponsesMany'>,
  { recurrenceId, event, refs, quiet, current, rewriteModified }: SeriesExceptionsWrite,
): Promise<void> {
  const recurrence = event.recurrence;
  const lost = current?.recurrence?.exDates ?? [];
  if (!recurrence || (recurrence.exDates.length === 0 && recurrence.modified.length === 0 && lost.length === 0)) return;
  let occurrences = await readOccurrences(client, recurrenceId);
  // An archived occurrence at the same start as an active one is history: the active one is the occurrence.
  const at = (start: string) =>
    occurrences
      .filter((o) => (o.allday ? o.start_date === start : o.start === instantToNaive(start)))
      .sort((a, b) => Number(b.active) - Number(a.active))[0];
  const before = new Map((current?.recurrence?.modified ?? []).map((m) => [m.originalStart, m.event]));
  const find = (original: string) => {
    const moved = before.get(original)?.timing;
    const now = moved ? (moved.kind === 'allDay' ? moved.startDate : moved.start) : undefined;
    return at(original) ?? (now === undefined ? undefined : at(now));
  };
  const answers: Array<{ eventIds: number[]; attendees: Attendee[] }> = [];
  // What the result keeps that Odoo lost: rule starts it showed cancelled before this write (never a start the
  // rule may not make: a copy there would be an occurrence of nothing).
  const excluded = new Set(recurrence.exDates.map(sameStart));
  const kept = lost.filter((start) => !excluded.has(sameStart(start)) && find(start)?.active !== true);
  if (kept.length) {
    const made = await restoreOccurrences(client, recurrenceId, event, kept, find, writeContext(quiet));
    answers.push({ eventIds: made, attendees: event.attendees });
    occurrences = await readOccurrences(client, recurrenceId);
    // Never taken as written when Odoo does not show it: the row fails with what is missing, not "synced".
    const missing = kept.filter((start) => find(start)?.active !== true);
    if (missing.length) {
      const message = `Odoo did not bring back the occurrence(s) of ${missing.join(', ')} in its series`;
      throw new ErpError('validation', message, { erpMessage: message });
    }
  }
  const gone = new Set(current?.recurrence?.exDates ?? []);
  const cancelled = recurrence.exDates
    .filter((d) => !gone.has(d))
    .map(find)
    .filter((o): o is NonNullable<typeof o> => !!o);
  if (cancelled.length)
    await client.call('calendar.event', 'unlink', {
      ids: cancelled.map((o) => o.id),
      context: writeContext(quiet),
    });
  for (const change of recurrence.modified) {
    const old = before.get(change.originalStart);
    if (!rewriteModified && old && JSON.stringify(old) === JSON.stringify(change.event)) continue;
    const target = find(change.originalStart);
    if (!target) continue;
    // Odoo holds these per occurrence as this adapter writes them; attendees, tags and alarms stay the series'
    // (the answers of the series' attendees are the occurrence's own, below).
    const fields: EventField[] = ['title', 'bodyHtml', 'location', 'showAs', 'sensitivity'];
    const vals = {
      ...toOdooValues({ ...event, ...change.event, recurrence: null }, fields, refs),
      ...timingValues(change.event.timing),
      recurrence_update: 'self_only',
    };
    await client.call('calendar.event', 'write', { ids: [target.id], vals, context: writeContext(quiet) });
    // An attendee may answer one occurrence alone (Outlook makes it an exception): its answers are its own.
    answers.push({ eventIds: [target.id], attendees: change.event.attendees });
  }
  await writer.applyResponsesMany(answers, quiet);
}

/** An original start in one form (instants compared as instants, dates as dates). */
const sameStart = (start: string): string => (start.length === 10 ? start : normalizeInstant(start));
