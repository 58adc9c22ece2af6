/**
 * The reference ERP's view of the open contract's JSON (docs/erp-contract.openapi.yaml, components/schemas), written
 * from the contract itself so the reference ERP shares no code with the product's REST adapter: if the two read the
 * contract differently, the conformance suites see it. Field comments only where the contract says something.
 */

export interface WireAbout {
  name: string;
  version: string;
  /** `major.minor[.patch]` of the contract served. */
  contractVersion: string;
  webhooks?: boolean;
}

export interface WirePerson {
  id: string;
  login: string;
  email: string;
  name: string;
  /** IANA zone, when the ERP knows it. */
  timeZone?: string;
}

/** `end` and `start` are UTC instants ending in Z; `timeZone` the IANA zone the event was made in. */
export type WireTiming =
  | { kind: 'timed'; start: string; end: string; timeZone: string }
  | { kind: 'allDay'; startDate: string; endDate: string };

export interface WireAttendee {
  email: string;
  name?: string;
  role: 'required' | 'optional' | 'resource';
  response: 'none' | 'organizer' | 'tentative' | 'accepted' | 'declined';
}

export type WireShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
export type WireSensitivity = 'normal' | 'personal' | 'private' | 'confidential';

/** The business record an appointment belongs to; `name` is set by the ERP on read. */
export interface WireLink {
  model: string;
  id: string;
  name?: string;
}

export interface WireCustomerRef {
  id: string;
  name: string;
}

export interface WireOccurrenceFields {
  title: string;
  bodyHtml: string;
  timing: WireTiming;
  location: string;
  attendees: WireAttendee[];
  showAs: WireShowAs;
  sensitivity: WireSensitivity;
  categories: string[];
  reminderMinutes: number | null;
}

export interface WireRecurrence {
  /** RFC 5545 RRULE value without the `RRULE:` prefix. */
  rrule: string;
  timeZone: string;
  exDates: string[];
  modified: Array<{ originalStart: string; event: WireOccurrenceFields }>;
}

/** The writable fields as an appointment holds them (the contract's AppointmentFields, every one present). */
export interface WireAppointmentFields {
  title: string;
  bodyHtml: string;
  timing: WireTiming;
  location: string;
  attendees: WireAttendee[];
  organizer: { email: string; name?: string } | null;
  showAs: WireShowAs;
  sensitivity: WireSensitivity;
  categories: string[];
  reminderMinutes: number | null;
  recurrence: WireRecurrence | null;
  link: WireLink | null;
  /** Someone in the ERP should look at this appointment. */
  needsReview: boolean;
}

export type WireAppointmentCreate = Partial<WireAppointmentFields> & {
  ownerId: string;
  title: string;
  timing: WireTiming;
};
/** At least one member; `active: true` restores an archived appointment. */
export type WireAppointmentPatch = Partial<WireAppointmentFields> & { active?: boolean };

export type WireAppointment = WireAppointmentFields & {
  id: string;
  /** Changes on every write; sent back in If-Match. */
  version: string;
  ownerId: string;
  /** False when archived. */
  active: boolean;
  customer: WireCustomerRef | null;
  url?: string;
  createdAt: string;
  updatedAt: string;
};

export interface WireAppointmentPage {
  items: WireAppointment[];
  nextPageToken: string | null;
}

export type WireChange =
  { type: 'upsert'; appointment: WireAppointment } | { type: 'deleted'; id: string; deletedAt: string };

export interface WireChangePage {
  changes: WireChange[];
  cursor: string;
  hasMore: boolean;
}

export interface WireAddress {
  street: string;
  city: string;
  postalCode: string;
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface WireCustomer {
  id: string;
  name: string;
  billTo: WireAddress;
  /** Where visits happen; null when it is the bill-to address. */
  shipTo: WireAddress | null;
  url: string;
}

export interface WireLinkableRecord {
  kind: 'customer' | 'document';
  model: string;
  id: string;
  name: string;
  description: string;
  url: string;
  /** Optional: what the record is. */
  type?: 'customer' | 'contact' | 'opportunity' | 'lead' | 'quotation' | 'order' | 'document';
  customer?: WireCustomerRef | null;
  billTo?: WireAddress;
  shipTo?: WireAddress | null;
}

/** A person in the ERP (`/contacts`). */
export interface WireContact {
  id: string;
  name: string;
  email: string;
  company: string | null;
  url: string;
}

export interface WireWebhookNotification {
  type: 'appointments.changed';
  ownerId: string;
  appointmentId?: string;
  occurredAt: string;
}

/** RFC 9457 problem details; `errors` for 422, one JSON pointer per bad member. */
export interface WireProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}
