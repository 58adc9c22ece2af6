/**
 * The open ERP contract's JSON shapes (docs/erp-contract.openapi.yaml), written by hand from its components.
 * Only the REST adapter and the reference ERP use them; they never cross the ERP port.
 */
import type { Attendee, EventTiming, Person, Recurrence, Sensitivity, ShowAs } from '../../core';

export interface WireAbout {
  name: string;
  version: string;
  contractVersion: string;
  webhooks?: boolean;
}

export interface WirePerson {
  id: string;
  login: string;
  email: string;
  name: string;
  timeZone?: string;
}

export interface WireLink {
  model: string;
  id: string;
  name?: string;
}

export interface WireCustomerRef {
  id: string;
  name: string;
}

/** The writable fields: the canonical event's shape, `erpLink` named `link`. */
export interface WireAppointmentFields {
  title: string;
  bodyHtml: string;
  timing: EventTiming;
  location: string;
  attendees: Attendee[];
  organizer: Person | null;
  showAs: ShowAs;
  sensitivity: Sensitivity;
  categories: string[];
  reminderMinutes: number | null;
  recurrence: Recurrence | null;
  link: WireLink | null;
  needsReview: boolean;
}

export type WireAppointmentCreate = Partial<WireAppointmentFields> &
  Pick<WireAppointmentFields, 'title' | 'timing'> & { ownerId: string };

export type WireAppointmentPatch = Partial<WireAppointmentFields> & { active?: boolean };

export interface WireAppointment extends WireAppointmentFields {
  id: string;
  version: string;
  ownerId: string;
  active: boolean;
  customer: WireCustomerRef | null;
  url?: string;
  createdAt: string;
  updatedAt: string;
}

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

/** GET /changes/digests: per person id, a digest of their appointments in the window. */
export interface WireDigestPage {
  digests: Record<string, string>;
}

export interface WireAddress {
  street: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
}

export interface WireCustomer {
  id: string;
  name: string;
  billTo: WireAddress;
  shipTo: WireAddress | null;
  url: string;
}

export interface WireContact {
  id: string;
  name: string;
  email: string;
  company: string | null;
  url: string;
}

export interface WireContactList {
  items: WireContact[];
}

export interface WireLinkableRecord {
  kind: 'customer' | 'document';
  model: string;
  id: string;
  name: string;
  description: string;
  url: string;
  /** Optional: what the record is, for the picker's label. */
  type?: 'customer' | 'contact' | 'opportunity' | 'lead' | 'quotation' | 'order' | 'document';
  customer?: WireCustomerRef | null;
  billTo?: WireAddress;
  shipTo?: WireAddress | null;
}

export interface WireWebhookNotification {
  type: 'appointments.changed';
  ownerId: string;
  appointmentId?: string;
  occurredAt: string;
}

/** RFC 9457 problem details, with the contract's `errors` extension for 422s. */
export interface WireProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

export interface WirePersonList {
  items: WirePerson[];
}

export interface WireRecordList {
  items: WireLinkableRecord[];
}
