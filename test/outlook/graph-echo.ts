/**
 * A stand-in for Graph's read-after-write in the pure suites: what Graph answers for an event written with a given
 * body. Independent of the product: Microsoft's own types (@microsoft/microsoft-graph-types) and the Graph
 * emulator's time-zone arithmetic (js-joda's tz database), so a product mapper error cannot hide in the expectation.
 * The emulator suites check the real thing over HTTPS.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { formatWall, parseWall, resolveIana, wallToUtc } from '../../sandbox/microsoft365/calendar/tz';

/**
 * What Graph answers for an event written with `write` (read without Prefer: UTC readings, the creation zone in
 * originalStartTimeZone; all-day events keep their midnights).
 */
export function asGraphReturns(write: Event, extra: Partial<Event> = {}): Event {
  const zone = resolveIana(write.start?.timeZone ?? 'UTC');
  if (!zone) throw new Error(`Graph would refuse the zone '${write.start?.timeZone}'.`);
  const toUtc = (dateTime: string): string => {
    if (write.isAllDay) return dateTime;
    const wall = parseWall(dateTime);
    if (wall === undefined) throw new Error(`Graph would refuse the dateTime '${dateTime}'.`);
    return formatWall(wallToUtc(wall, zone));
  };
  return {
    id: 'AAMk-1',
    type: write.recurrence ? 'seriesMaster' : 'singleInstance',
    subject: write.subject ?? null,
    body: write.body ?? null,
    start: { dateTime: toUtc(write.start!.dateTime!), timeZone: 'UTC' },
    end: { dateTime: toUtc(write.end!.dateTime!), timeZone: 'UTC' },
    isAllDay: write.isAllDay ?? false,
    originalStartTimeZone: write.start!.timeZone ?? null,
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
