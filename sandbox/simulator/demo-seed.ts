/**
 * A few appointments in the demo person's Outlook calendar, so the simulator has something to click on. Saved
 * as the person with Outlook's "save without sending"; only when the calendar is empty (restarts add nothing).
 */
import type { EventEdit, OutlookClient } from './outlook-client';

const HOUR = 3600_000;

/** Tomorrow (UTC) at `hour`:00, plus `days`. */
function at(now: number, days: number, hour: number): string {
  const day = new Date(now + (days + 1) * 24 * HOUR);
  day.setUTCHours(hour, 0, 0, 0);
  return day.toISOString();
}

export function demoAppointments(now: number): EventEdit[] {
  const slot = (subject: string, days: number, hour: number, hours = 1): EventEdit => ({
    subject,
    start: at(now, days, hour),
    end: new Date(Date.parse(at(now, days, hour)) + hours * HOUR).toISOString(),
  });
  // Alex is Fabrikam's contact in the ERP; Nestor is not in the ERP yet (the pane offers to add him).
  const attendees = [
    { name: 'Alex Wilber', email: 'alex@fabrikam.example', type: 'required' as const },
    { name: 'Nestor Wilke', email: 'nestor@tailspin.example', type: 'optional' as const },
  ];
  return [
    { ...slot('Customer visit: Fabrikam', 0, 9), attendees },
    slot('Quarterly review with Northwind', 1, 13, 2),
    slot('Site survey at Tailspin', 2, 8, 3),
    slot('Team lunch', 3, 11),
  ];
}

/** Returns how many appointments were created (0 when the calendar already had some). */
export async function seedDemoCalendar(outlook: OutlookClient, now = Date.now()): Promise<number> {
  if ((await outlook.listEvents()).length > 0) return 0;
  const appointments = demoAppointments(now);
  for (const appointment of appointments) await outlook.createEvent(appointment);
  return appointments.length;
}
