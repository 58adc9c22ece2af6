/**
 * An attendee's answer to a meeting: accept, tentativelyAccept, decline (202, no body), on a single meeting, a whole
 * series (its master) or one occurrence (which becomes an exception). Only documented behaviour:
 * - the request body and its 400s: https://learn.microsoft.com/en-us/graph/api/event-accept,
 *   .../event-tentativelyaccept and .../event-decline ("proposedNewTime ... Valid only for events that allow new time
 *   proposals. Setting this parameter requires setting sendResponse to true"; accept takes no proposedNewTime);
 * - the attendee's own copy shows the answer in `responseStatus` ("the type of response sent in response to an event
 *   message", with the time it was returned: https://learn.microsoft.com/en-us/graph/api/resources/responsestatus);
 * - with sendResponse (default true) the organizer gets a response message and the organizer's event shows the
 *   attendee's `status` ("The attendee's response (none, accepted, declined, etc.) for the event and date-time that
 *   the response was sent": https://learn.microsoft.com/en-us/graph/api/resources/attendee; the walk-through in
 *   https://learn.microsoft.com/en-us/graph/outlook-calendar-meeting-proposals); with sendResponse false nothing
 *   reaches the organizer.
 * Not emulated (not documented for Graph): moving a declined meeting out of the attendee's calendar.
 */
import type { Clock, Directory } from '../contracts';
import type { ChangeBus } from './changes';
import { badRequest } from './errors';
import { encodeId, newChangeKey, occurrenceKey } from './ids';
import { isObject, type Json } from './json';
import type { EventInstance, EventRecord, Mailbox, ResponseStatus } from './model';
import type { CalendarStore } from './store';

export const RESPONSE_ACTIONS = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
} as const satisfies Record<string, ResponseStatus['response']>;
export type ResponseAction = keyof typeof RESPONSE_ACTIONS;

interface ResponseBody {
  comment: string;
  sendResponse: boolean;
  proposesNewTime: boolean;
}

function readBody(action: ResponseAction, body: Json): ResponseBody {
  const comment = body.comment ?? '';
  if (typeof comment !== 'string') throw badRequest("Property 'comment' must be a string.");
  const send = body.sendResponse ?? true;
  // The documentation's own example sends "sendResponse": "true" as a string.
  if (typeof send !== 'boolean' && send !== 'true' && send !== 'false') {
    throw badRequest("Property 'sendResponse' must be a boolean.");
  }
  const proposesNewTime = body.proposedNewTime !== undefined && body.proposedNewTime !== null;
  if (proposesNewTime && action === 'accept')
    throw badRequest("The 'accept' action has no parameter 'proposedNewTime'.");
  if (proposesNewTime && !isObject(body.proposedNewTime)) throw badRequest("'proposedNewTime' must be a timeSlot.");
  return { comment, sendResponse: send === true || send === 'true', proposesNewTime };
}

export class Responses {
  constructor(
    private readonly store: CalendarStore,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly bus: ChangeBus,
  ) {}

  respond(mailbox: Mailbox, instance: EventInstance, action: ResponseAction, body: Json): void {
    const request = readBody(action, body);
    const fields = instance.record.fields;
    if (fields.isOrganizer) {
      throw badRequest("Your request can't be completed. You can't respond to a meeting you organized.");
    }
    if (request.proposesNewTime && !fields.allowNewTimeProposals) {
      throw badRequest('The organizer of this meeting does not allow new time proposals.');
    }
    if (request.proposesNewTime && !request.sendResponse) {
      throw badRequest("'proposedNewTime' requires 'sendResponse' to be true.");
    }
    const status: ResponseStatus = { response: RESPONSE_ACTIONS[action], time: this.clock.now().toISOString() };
    const own = this.writable(mailbox, instance);
    own.fields.responseStatus = status;
    this.touch(own);
    if (request.sendResponse) this.tellOrganizer(mailbox, own, status, action);
  }

  /** The stored record the answer goes on: an occurrence becomes an exception of its series. */
  private writable(mailbox: Mailbox, instance: EventInstance): EventRecord {
    if (instance.type !== 'occurrence') return instance.record;
    const record: EventRecord = { ...structuredClone(instance.record), type: 'exception', transactionId: null };
    mailbox.events[record.key] = record;
    return record;
  }

  private tellOrganizer(mailbox: Mailbox, own: EventRecord, status: ResponseStatus, action: ResponseAction): void {
    const address = this.directory
      .listUsers()
      .find((u) => u.id === mailbox.userId)
      ?.mail.toLowerCase();
    const organizer = this.directory.findUser(own.fields.organizer.address);
    this.bus.mail.push({
      at: status.time,
      tenantId: own.tenantId,
      fromUserId: mailbox.userId,
      to: [own.fields.organizer.address],
      kind: 'response',
      subject: `${action === 'accept' ? 'Accepted' : action === 'decline' ? 'Declined' : 'Tentative'}: ${own.fields.subject}`,
      eventId: encodeId(own.key, 0, true),
    });
    if (!organizer || !address) return; // an organizer outside this directory only gets the mail
    const target = this.organizerCopy(this.store.mailbox(organizer), own, mailbox);
    if (!target) return;
    const attendee = target.fields.attendees.find((a) => a.emailAddress.address.toLowerCase() === address);
    if (!attendee) return;
    attendee.status = { ...status };
    this.touch(target);
  }

  /** The organizer's event for the attendee's copy: same iCalUId; for an occurrence, the same original start. */
  private organizerCopy(
    organizerMailbox: Mailbox,
    own: EventRecord,
    attendeeMailbox: Mailbox,
  ): EventRecord | undefined {
    const events = Object.values(organizerMailbox.events);
    if (own.type !== 'exception') return events.find((e) => e.iCalUId === own.iCalUId && e.type !== 'exception');
    const attendeeMaster = attendeeMailbox.events[own.seriesMasterKey ?? ''];
    const master = events.find((e) => e.type === 'seriesMaster' && e.iCalUId === attendeeMaster?.iCalUId);
    if (!master || own.originalStart === null) return undefined;
    const key = occurrenceKey(master.key, own.originalStart);
    const existing = organizerMailbox.events[key];
    if (existing) return existing;
    const instance = this.store.byKey(organizerMailbox, key);
    if (!instance) return undefined;
    const exception: EventRecord = { ...structuredClone(instance.record), type: 'exception', transactionId: null };
    organizerMailbox.events[key] = exception;
    return exception;
  }

  private touch(record: EventRecord): void {
    record.changeKey = newChangeKey();
    record.lastModifiedDateTime = this.clock.now().toISOString();
    this.bus.emit(record, 'updated');
  }
}
