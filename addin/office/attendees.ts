// The open appointment's attendees as Outlook holds them (required and optional; the organizer when known).
// Read mode: arrays; compose mode: getAsync. No UI here.
import { officeAsync } from './async';

export interface Attendee {
  email: string;
  name: string;
  role: 'required' | 'optional' | 'organizer';
}

type Details = Office.EmailAddressDetails;

function toAttendee(d: Details, role: Attendee['role']): Attendee | null {
  const email = (d.emailAddress ?? '').trim().toLowerCase();
  return email ? { email, name: d.displayName || email, role } : null;
}

async function listOf(field: Details[] | Office.Recipients | undefined): Promise<Details[]> {
  if (!field) return [];
  if (Array.isArray(field)) return field;
  return officeAsync<Details[]>((cb) => field.getAsync(cb));
}

export async function readAttendees(): Promise<Attendee[]> {
  const item = Office.context.mailbox.item as (Office.AppointmentRead & Office.AppointmentCompose) | null;
  if (!item) return [];
  const [required, optional] = await Promise.all([
    listOf(item.requiredAttendees as Details[] | Office.Recipients | undefined),
    listOf(item.optionalAttendees as Details[] | Office.Recipients | undefined),
  ]);
  const me = (Office.context.mailbox.userProfile?.emailAddress ?? '').toLowerCase();
  const seen = new Set<string>([me]);
  const out: Attendee[] = [];
  for (const [list, role] of [
    [required, 'required'],
    [optional, 'optional'],
  ] as const) {
    for (const d of list) {
      const attendee = toAttendee(d, role);
      if (attendee && !seen.has(attendee.email)) {
        seen.add(attendee.email);
        out.push(attendee);
      }
    }
  }
  return out;
}
