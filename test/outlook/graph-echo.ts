/**
 * A stand-in for Graph's read-after-write in the pure suites: what Graph answers for an event written with a
 * given body. The emulator suites check the real thing; this keeps the mappers honest on their own.
 */
import { formatGraphDateTime, ianaFromGraphZone, parseGraphDateTime, wallToUtc } from '../../server/outlook/time-zones';
import type { GraphEvent, GraphEventWrite } from '../../server/outlook/wire-types';

/**
 * What Graph answers for an event written with `write` (read without Prefer: UTC readings, the creation zone in
 * originalStartTimeZone). The emulator suite checks the same against a server; this keeps the mappers honest alone.
 */
export function asGraphReturns(write: GraphEventWrite, extra: Partial<GraphEvent> = {}): GraphEvent {
  const zone = ianaFromGraphZone(write.start!.timeZone);
  const toUtc = (dateTime: string): string =>
    write.isAllDay ? dateTime : formatGraphDateTime(wallToUtc(parseGraphDateTime(dateTime)!, zone));
  return {
    id: 'AAMk-1',
    type: write.recurrence ? 'seriesMaster' : 'singleInstance',
    subject: write.subject ?? null,
    body: write.body ?? null,
    start: { dateTime: toUtc(write.start!.dateTime), timeZone: 'UTC' },
    end: { dateTime: toUtc(write.end!.dateTime), timeZone: 'UTC' },
    isAllDay: write.isAllDay ?? false,
    originalStartTimeZone: write.start!.timeZone,
    location: write.location ?? null,
    attendees: (write.attendees ?? []).map((a) => ({
      ...a,
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
    })),
    organizer: { emailAddress: { name: 'Adele Vance', address: 'Adele@contoso.example' } },
    showAs: write.showAs ?? 'busy',
    sensitivity: write.sensitivity ?? 'normal',
    categories: write.categories ?? [],
    reminderMinutesBeforeStart: write.reminderMinutesBeforeStart ?? 15,
    isReminderOn: write.isReminderOn ?? true,
    recurrence: write.recurrence ?? null,
    singleValueExtendedProperties: write.singleValueExtendedProperties ?? null,
    ...extra,
  };
}
