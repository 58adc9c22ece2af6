/**
 * What the conformance checks share: the probe, the person and search text the vendor named, optional hooks
 * into a test ERP (to force 429/503), and what earlier checks found or created.
 */
import { randomUUID } from 'node:crypto';
import type { WireAppointmentCreate, WireLinkableRecord, WirePerson } from '../../server/erp/rest';
import { CheckFailure, type Probe, type ProbeRequest } from './probe';

/** Ways to make a test ERP misbehave on purpose; without them the checks that need them are skipped. */
export interface ConformanceHooks {
  /** The next API request answers `status` with `Retry-After: retryAfterSeconds`. */
  injectStatus(status: number, retryAfterSeconds: number): Promise<void>;
  setRateLimit(limit: number, windowSeconds: number): Promise<void>;
  resetRateLimit(): Promise<void>;
}

export interface ConformanceContext {
  probe: Probe;
  personEmail: string;
  searchText: string;
  hooks?: ConformanceHooks;
  person?: WirePerson;
  customer?: WireLinkableRecord;
  /** Appointments the checks created, deleted again at the end. */
  created: string[];
}

export interface Check {
  name: string;
  needsHooks?: boolean;
  run(context: ConformanceContext): Promise<void>;
}

export function personOf(context: ConformanceContext): WirePerson {
  if (!context.person)
    throw new CheckFailure(`needs the person ${context.personEmail}, which the people check did not find`);
  return context.person;
}

export function customerOf(context: ConformanceContext): WireLinkableRecord {
  if (!context.customer)
    throw new CheckFailure(`needs a customer matching "${context.searchText}", which the records check did not find`);
  return context.customer;
}

function instant(daysFromNow: number, hour: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysFromNow, hour))
    .toISOString()
    .replace('.000Z', 'Z');
}

/** A timed appointment a few days ahead, with one attendee, as Outlook ERP Sync would create it. */
export function sampleAppointment(ownerId: string, title: string, daysFromNow = 2): WireAppointmentCreate {
  return {
    ownerId,
    title,
    bodyHtml: '<p>Created by the ERP contract conformance suite.</p>',
    timing: { kind: 'timed', start: instant(daysFromNow, 9), end: instant(daysFromNow, 10), timeZone: 'Europe/Paris' },
    location: 'Conformance room',
    attendees: [{ email: 'visitor@fabrikam.example', name: 'Visitor', role: 'required', response: 'none' }],
    organizer: null,
    showAs: 'busy',
    sensitivity: 'normal',
    categories: ['ERP'],
    reminderMinutes: 15,
    recurrence: null,
    link: null,
    needsReview: false,
  };
}

/** Creates an appointment the cleanup check deletes again; returns its id and version. */
export async function createSample(
  context: ConformanceContext,
  title: string,
  daysFromNow = 2,
): Promise<{ id: string; version: string }> {
  const body = sampleAppointment(personOf(context).id, title, daysFromNow);
  const response = await context.probe.expect(
    'createAppointment',
    { headers: { 'idempotency-key': randomUUID() }, body },
    201,
  );
  context.created.push(response.body.id);
  return { id: response.body.id, version: response.body.version };
}

/** One harmless request per operation, for the checks that expect every operation to refuse (401, 429, 503). */
export function requestPerOperation(context: ConformanceContext): Array<[string, ProbeRequest]> {
  const person = personOf(context);
  const missing = 'conformance-does-not-exist';
  return [
    ['getAbout', {}],
    ['findPeople', { query: { email: context.personEmail } }],
    ['listAppointments', { query: { owner: person.id } }],
    [
      'createAppointment',
      { headers: { 'idempotency-key': randomUUID() }, body: sampleAppointment(person.id, 'Refused') },
    ],
    [
      'createAppointments',
      {
        body: {
          items: [{ idempotencyKey: randomUUID(), appointment: sampleAppointment(person.id, 'Refused') }],
        },
      },
    ],
    ['getAppointment', { path: { id: missing } }],
    ['updateAppointment', { path: { id: missing }, headers: { 'if-match': '"0"' }, body: { title: 'Refused' } }],
    ['deleteAppointment', { path: { id: missing } }],
    ['listChanges', { query: { owner: person.id } }],
    ['listDigests', { query: { owners: person.id } }],
    ['searchRecords', { query: { q: context.searchText } }],
    ['getCustomer', { path: { id: customerOf(context).id } }],
    ['findContacts', { query: { emails: 'nobody-conformance@example.invalid' } }],
    ['createContact', { body: { name: 'Refused', email: 'refused-conformance@example.invalid' } }],
    [
      'createLead',
      {
        headers: { 'idempotency-key': randomUUID() },
        body: { title: 'Refused', contactName: 'Refused', email: 'refused-conformance@example.invalid' },
      },
    ],
    ['getRecord', { path: { model: customerOf(context).model, id: customerOf(context).id } }],
  ];
}
