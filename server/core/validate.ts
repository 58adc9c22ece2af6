/**
 * Checks that an event is well-formed enough to sync. Returns messages (empty: fine) instead of throwing, so one
 * bad event becomes one `problem` plan item and never aborts a mailbox.
 */
import type { CanonicalEvent, EventTiming } from './model';
import { normalizeInstant } from './normalize';

const NORMAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  return (
    DATE.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}

function timingProblems(timing: EventTiming): string[] {
  if (timing.kind === 'allDay') {
    if (!isDate(timing.startDate) || !isDate(timing.endDate)) return ['all-day dates are not YYYY-MM-DD'];
    return timing.endDate > timing.startDate
      ? []
      : ['all-day end date must be after the start date (end is exclusive)'];
  }
  const start = normalizeInstant(timing.start);
  const end = normalizeInstant(timing.end);
  if (!NORMAL_INSTANT.test(start) || !NORMAL_INSTANT.test(end))
    return ['start or end is not a UTC instant with an offset'];
  const problems = end < start ? ['end is before start'] : [];
  return timing.timeZone.trim() === '' ? [...problems, 'time zone is missing'] : problems;
}

/** Why `event` cannot be synced as it is; an empty list when it can. */
export function validateEvent(event: CanonicalEvent): string[] {
  const problems = [...timingProblems(event.timing)];
  for (const a of event.attendees) {
    if (!/^[^@\s]+@[^@\s]+$/.test(a.email.trim()))
      problems.push(`attendee "${a.name ?? a.email}" has no valid e-mail address`);
  }
  if (event.reminderMinutes !== null && !(Number.isInteger(event.reminderMinutes) && event.reminderMinutes >= 0)) {
    problems.push('reminder must be a whole number of minutes, zero or more');
  }
  if (event.recurrence !== null && !/(^|;)\s*FREQ=/i.test(event.recurrence.rrule.replace(/^RRULE:/i, ''))) {
    problems.push('recurrence rule has no FREQ');
  }
  return problems;
}
