/**
 * The mails Odoo's calendar sends to attendees, recorded in the database's mail log instead of being sent.
 * Nothing is recorded when the call's context carries `no_mail_to_attendees`, exactly as Odoo sends nothing.
 */
import type { Env } from '../env';
import type { MailEntry } from '../store';
import type { Row } from './types';

const SUBJECTS: Record<MailEntry['kind'], string> = {
  invitation: 'Invitation to',
  update: 'Date updated:',
  cancellation: 'Cancelled:',
};

export function quiet(env: Env): boolean {
  return env.context.no_mail_to_attendees === true || env.context.__internal === true;
}

/** Records one mail about `event` to `partnerIds`, minus the acting user (Odoo does not mail the author). */
export function mailAttendees(env: Env, kind: MailEntry['kind'], event: Row, partnerIds: number[]): void {
  if (quiet(env)) return;
  const self = env.db.row('res.users', env.uid)?.partner_id;
  const to = partnerIds
    .filter((id) => id !== self)
    .map((id) => env.db.row('res.partner', id)?.email)
    .filter((email): email is string => typeof email === 'string' && email.length > 0);
  if (to.length === 0) return;
  env.db.mailLog.push({
    at: env.now,
    kind,
    model: 'calendar.event',
    resId: event.id,
    subject: `${SUBJECTS[kind]} ${String(event.name)}`,
    to,
  });
}
