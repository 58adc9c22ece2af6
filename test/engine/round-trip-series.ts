/**
 * Generated series made honest for the Outlook -> Odoo -> Outlook cycle: a rule that the series' first start
 * really follows (Outlook and Odoo disagree on a start that is not an occurrence), and exceptions on real
 * occurrences (an original start the rule yields). No occurrence cap is added.
 */
import type { CanonicalEvent, EventTiming, ModifiedOccurrence } from '../../server/core';
import { expandOccurrences, shapeOf, type UtcWindow } from '../../server/outlook/series';
import { utcToWall } from '../../server/outlook/time-zones';

const DAY = 86_400_000;

/** The day of month of the series' first start, in its zone: a monthly rule on that day. */
function monthDay(timing: EventTiming, zone: string): number {
  if (timing.kind === 'allDay') return Number(timing.startDate.slice(8, 10));
  return new Date(utcToWall(Date.parse(timing.start), zone)).getUTCDate();
}

function occurrenceTiming(master: EventTiming, original: string, stretchMinutes: number): EventTiming {
  if (master.kind === 'allDay') {
    const days = (Date.parse(master.endDate) - Date.parse(master.startDate)) / DAY;
    const end = new Date(Date.parse(original) + days * DAY).toISOString().slice(0, 10);
    return { kind: 'allDay', startDate: original, endDate: end };
  }
  const length = Date.parse(master.end) - Date.parse(master.start);
  const start = Date.parse(original);
  const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  // Same start (a moved start may not cross a neighbour's day in Exchange); the end moves by `stretchMinutes`.
  return {
    kind: 'timed',
    start: iso(start),
    end: iso(start + length + stretchMinutes * 60_000),
    timeZone: master.timeZone,
  };
}

/** Outlook refuses occurrences longer than the rule's step: a daily series' occurrences last under a day. */
function shorterThanDaily(timing: EventTiming, rrule: string): EventTiming {
  if (!rrule.startsWith('FREQ=DAILY')) return timing;
  if (timing.kind === 'allDay') {
    const end = new Date(Date.parse(timing.startDate) + DAY).toISOString().slice(0, 10);
    return { ...timing, endDate: end };
  }
  const length = Math.min(Date.parse(timing.end) - Date.parse(timing.start), 8 * 3_600_000);
  return { ...timing, end: `${new Date(Date.parse(timing.start) + length).toISOString().slice(0, 19)}Z` };
}

/**
 * `event` with a rule its start follows and exceptions picked from its generated ones: cancelled and modified
 * occurrences at real original starts inside `window`. Odoo holds a modified occurrence's title, body, location,
 * free/busy, sensitivity and time (its adapter writes those per occurrence); attendees, categories and reminder
 * stay the series' there, so the generated occurrences keep the series' own (and no attendees: no mail).
 */
export function honestSeries(event: CanonicalEvent, window: UtcWindow): CanonicalEvent {
  const recurrence = event.recurrence;
  if (!recurrence) return event;
  const zone = recurrence.timeZone;
  // A day past 28 has no form both sides hold (Exchange falls back to a shorter month's last day, Odoo skips it).
  const day = monthDay(event.timing, zone);
  const monthly = recurrence.rrule.startsWith('FREQ=MONTHLY');
  const rrule = monthly ? (day <= 28 ? `FREQ=MONTHLY;BYMONTHDAY=${day}` : 'FREQ=WEEKLY') : recurrence.rrule;
  const draft: CanonicalEvent = {
    ...event,
    timing: shorterThanDaily(event.timing, rrule),
    recurrence: { ...recurrence, rrule, exDates: [], modified: [] },
  };
  const shape = shapeOf(draft);
  if (!shape.ok) throw new Error(shape.error.message);
  const originals = expandOccurrences(shape.value, window).slice(1, 40);
  const pick = (n: number) => originals[n % Math.max(1, originals.length)];
  const exDates = [...new Set(recurrence.exDates.map((_d, i) => pick(3 * i + 1)).filter((d) => d !== undefined))];
  const modified: ModifiedOccurrence[] = [];
  recurrence.modified.forEach((m, i) => {
    const original = pick(3 * i + 2);
    if (original === undefined || exDates.includes(original) || modified.some((x) => x.originalStart === original))
      return;
    modified.push({
      originalStart: original,
      event: {
        ...m.event,
        timing: occurrenceTiming(draft.timing, original, i % 2 === 0 ? 0 : 15),
        attendees: [],
        categories: draft.categories,
        reminderMinutes: draft.reminderMinutes,
      },
    });
  });
  return { ...draft, recurrence: { ...draft.recurrence!, exDates, modified } };
}
