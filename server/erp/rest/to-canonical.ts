/**
 * Contract appointments -> the port's ErpEvent. Nearly identity, since the contract carries the canonical
 * fields; it normalises what the canonical model promises (lower-cased e-mails) and drops ERP-only members.
 */
import {
  type Attendee,
  type CanonicalEvent,
  type CustomerAddress,
  type CustomerAddresses,
  type OccurrenceFields,
  type Recurrence,
} from '../../core';
import type { ErpContact, ErpEvent, ErpUser, LinkableRecord } from '../port';
import type {
  WireAddress,
  WireAppointment,
  WireContact,
  WireCustomer,
  WireLinkableRecord,
  WirePerson,
} from './wire-types';

function attendees(list: Attendee[]): Attendee[] {
  return list.map((a) => ({ ...a, email: a.email.toLowerCase() }));
}

function occurrence(fields: OccurrenceFields): OccurrenceFields {
  return {
    title: fields.title,
    bodyHtml: fields.bodyHtml,
    timing: fields.timing,
    location: fields.location,
    attendees: attendees(fields.attendees),
    showAs: fields.showAs,
    sensitivity: fields.sensitivity,
    categories: fields.categories,
    reminderMinutes: fields.reminderMinutes,
  };
}

function recurrence(value: Recurrence | null): Recurrence | null {
  if (value === null) return null;
  return {
    rrule: value.rrule,
    timeZone: value.timeZone,
    exDates: value.exDates,
    modified: value.modified.map((m) => ({ originalStart: m.originalStart, event: occurrence(m.event) })),
  };
}

export function toCanonicalEvent(wire: WireAppointment): CanonicalEvent {
  return {
    ...occurrence(wire),
    organizer: wire.organizer ? { ...wire.organizer, email: wire.organizer.email.toLowerCase() } : null,
    recurrence: recurrence(wire.recurrence),
    erpLink: wire.link ? { ...wire.link } : null,
  };
}

export function toErpEvent(wire: WireAppointment): ErpEvent {
  return {
    id: wire.id,
    version: wire.version,
    event: toCanonicalEvent(wire),
    active: wire.active,
    needsReview: wire.needsReview,
  };
}

export function toErpUser(wire: WirePerson): ErpUser {
  const user: ErpUser = { id: wire.id, login: wire.login, email: wire.email.toLowerCase(), name: wire.name };
  if (wire.timeZone) user.timeZone = wire.timeZone;
  return user;
}

export function toContact(wire: WireContact): ErpContact {
  return {
    model: 'contact',
    id: wire.id,
    name: wire.name,
    email: wire.email.toLowerCase(),
    company: wire.company,
    url: wire.url,
  };
}

export function toLinkableRecord(wire: WireLinkableRecord): LinkableRecord {
  return {
    model: wire.model,
    id: wire.id,
    kind: wire.kind,
    type: wire.type ?? (wire.kind === 'customer' ? 'customer' : 'document'),
    name: wire.name,
    customer: wire.customer ? { id: wire.customer.id, name: wire.customer.name } : null,
    description: wire.description,
    url: wire.url,
  };
}

function address(wire: WireAddress): CustomerAddress {
  const { street, postalCode, city, region, country } = wire;
  return { street, postalCode, city, ...(region ? { region } : {}), country };
}

/** A contract customer -> its addresses; the contract's `shipTo: null` ("same as bill-to") is left out. */
export function toCustomerAddresses(wire: WireCustomer): CustomerAddresses {
  return { name: wire.name, billTo: address(wire.billTo), ...(wire.shipTo ? { shipTo: address(wire.shipTo) } : {}) };
}
