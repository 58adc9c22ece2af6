/**
 * What Exchange does around meetings the mailbox organizes: the mail it sends (invitations, updates,
 * cancellations; `responseRequested:false` suppresses none) and the copies it puts in attendee mailboxes
 * that exist in the directory (same iCalUId). Responses from attendees are not emulated.
 */
import type { Clock, Directory, DirectoryUser, MailRecord } from '../contracts';
import type { ChangeBus } from './changes';
import { encodeId, newChangeKey, newKey, occurrenceKey } from './ids';
import type { EventFields, EventRecord, Mailbox } from './model';
import type { CalendarStore } from './store';

const UNSET_TIME = '0001-01-01T00:00:00Z';

function addresses(fields: EventFields): string[] {
  const organizer = fields.organizer.address.toLowerCase();
  return fields.attendees.map((a) => a.emailAddress.address).filter((a) => a.toLowerCase() !== organizer);
}

function lower(list: string[]): Set<string> {
  return new Set(list.map((a) => a.toLowerCase()));
}

export class Meetings {
  constructor(
    private readonly store: CalendarStore,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly bus: ChangeBus,
  ) {}

  private mail(record: EventRecord, kind: MailRecord['kind'], to: string[]): void {
    if (to.length === 0) return;
    this.bus.mail.push({
      at: this.clock.now().toISOString(),
      tenantId: record.tenantId,
      fromUserId: record.userId,
      to,
      kind,
      subject: kind === 'cancellation' ? `Canceled: ${record.fields.subject}` : record.fields.subject,
      eventId: encodeId(record.key, 0, true),
    });
  }

  /** After a create (`before` undefined) or an update in the organizer's calendar. */
  afterWrite(mailbox: Mailbox, record: EventRecord, before: EventFields | undefined, send: boolean): void {
    const f = record.fields;
    if (!send || !f.isOrganizer || f.isDraft) return;
    const now = addresses(f);
    if (!before) {
      this.mail(record, 'invitation', now);
    } else {
      const old = lower(addresses(before));
      const current = lower(now);
      const added = now.filter((a) => !old.has(a.toLowerCase()));
      const removed = addresses(before).filter((a) => !current.has(a.toLowerCase()));
      const changed = (['subject', 'start', 'end', 'bodyHtml', 'isAllDay', 'location', 'recurrence'] as const).some(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(f[k]),
      );
      this.mail(record, 'invitation', added);
      this.mail(record, 'cancellation', removed);
      if (changed)
        this.mail(
          record,
          'update',
          now.filter((a) => old.has(a.toLowerCase())),
        );
      for (const user of this.users(removed)) this.cancelCopy(user, record);
    }
    for (const user of this.users(now)) this.copyTo(mailbox, user, record);
  }

  /** After the organizer deleted or cancelled an event, a series or one occurrence. */
  afterRemove(mailbox: Mailbox, record: EventRecord, send: boolean): void {
    const f = record.fields;
    if (!send || !f.isOrganizer || f.isDraft) return;
    const to = addresses(f);
    this.mail(record, 'cancellation', to);
    for (const user of this.users(to)) this.cancelCopy(user, record, mailbox);
  }

  private users(list: string[]): DirectoryUser[] {
    const out: DirectoryUser[] = [];
    for (const address of list) {
      const user =
        this.directory.findUser(address) ??
        this.directory.listUsers().find((u) => u.mail.toLowerCase() === address.toLowerCase());
      if (user && !out.some((u) => u.id === user.id)) out.push(user);
    }
    return out;
  }

  private findCopy(mailbox: Mailbox, iCalUId: string): EventRecord | undefined {
    return Object.values(mailbox.events).find((e) => e.iCalUId === iCalUId && e.type !== 'exception');
  }

  private attendeeView(source: EventRecord, target: Mailbox, key: string, existing?: EventRecord): EventRecord {
    const now = this.clock.now().toISOString();
    const copy = structuredClone(source);
    return {
      ...copy,
      key,
      userId: target.userId,
      tenantId: target.tenantId,
      folderGeneration: existing?.folderGeneration ?? 0,
      changeKey: newChangeKey(),
      createdDateTime: existing?.createdDateTime ?? now,
      lastModifiedDateTime: now,
      transactionId: null,
      extendedProperties: existing?.extendedProperties ?? {},
      fields: {
        ...copy.fields,
        isOrganizer: false,
        responseStatus: existing?.fields.responseStatus ?? { response: 'notResponded', time: UNSET_TIME },
        categories: existing?.fields.categories ?? [],
        reminderMinutesBeforeStart: existing?.fields.reminderMinutesBeforeStart ?? 15,
        isReminderOn: existing?.fields.isReminderOn ?? true,
      },
    };
  }

  private copyTo(organizerMailbox: Mailbox, user: DirectoryUser, record: EventRecord): void {
    const target = this.store.mailbox(user);
    if (target.userId === organizerMailbox.userId) return;
    if (record.type === 'exception') {
      const master = organizerMailbox.events[record.seriesMasterKey ?? ''];
      const copyMaster = master && this.findCopy(target, master.iCalUId);
      if (!copyMaster) return;
      const key = occurrenceKey(copyMaster.key, record.originalStart ?? record.fields.start);
      const view = this.attendeeView(record, target, key, target.events[key]);
      view.seriesMasterKey = copyMaster.key;
      view.folderGeneration = copyMaster.folderGeneration;
      this.put(target, view, Boolean(target.events[key]));
      return;
    }
    const existing = this.findCopy(target, record.iCalUId);
    this.put(target, this.attendeeView(record, target, existing?.key ?? newKey(), existing), Boolean(existing));
  }

  private put(target: Mailbox, view: EventRecord, existed: boolean): void {
    target.events[view.key] = view;
    this.bus.emit(view, existed ? 'updated' : 'created');
  }

  /** The attendee's copy shows the meeting as cancelled (Outlook keeps it until the attendee removes it). */
  private cancelCopy(user: DirectoryUser, record: EventRecord, organizerMailbox?: Mailbox): void {
    const target = this.store.mailbox(user);
    const master = organizerMailbox?.events[record.seriesMasterKey ?? ''];
    if (record.originalStart !== null && master) {
      const copyMaster = this.findCopy(target, master.iCalUId);
      if (!copyMaster) return;
      const key = occurrenceKey(copyMaster.key, record.originalStart);
      if (target.events[key]) {
        this.bus.emit(target.events[key], 'deleted');
        delete target.events[key];
      }
      copyMaster.cancelledOccurrences.push(record.originalStart);
      this.touch(copyMaster);
      return;
    }
    const copy = this.findCopy(target, record.iCalUId);
    if (!copy || copy.fields.isCancelled) return;
    copy.fields.isCancelled = true;
    copy.fields.subject = `Canceled: ${copy.fields.subject}`;
    this.touch(copy);
  }

  private touch(record: EventRecord): void {
    record.changeKey = newChangeKey();
    record.lastModifiedDateTime = this.clock.now().toISOString();
    this.bus.emit(record, 'updated');
  }
}
