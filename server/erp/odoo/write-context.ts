/** The context every Odoo write of this adapter carries (quiet mode included). */
export function writeContext(quiet: boolean): Record<string, unknown> {
  // tz UTC: Odoo's import reads datetimes in the context's zone; ours are UTC. skip_contact_description: else Odoo
  // appends an "Organized by / Contact Details" block to the description of every event it creates (also the
  // occurrences it regenerates when a series moves), which would come back as the person's own edit.
  // Quiet: no invitation to attendees, and no "activity assigned to you" mail for the meeting activity Odoo adds to
  // a linked record (a lead, an order) on the organizer's behalf.
  const context = { tz: 'UTC', skip_contact_description: true };
  return quiet ? { ...context, no_mail_to_attendees: true, mail_activity_quick_update: true } : context;
}
