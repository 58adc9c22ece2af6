/** Change fan-out for subscriptions and the mail log: what every calendar mutation reports. */
import type { CalendarChange, MailRecord } from '../contracts';
import { encodeId } from './ids';
import type { EventRecord } from './model';

type ChangedRecord = Pick<EventRecord, 'key' | 'tenantId' | 'userId' | 'changeKey' | 'folderGeneration'>;

export class ChangeBus {
  private listeners = new Set<(change: CalendarChange) => void>();
  private recordListeners = new Set<(record: ChangedRecord) => void>();
  mail: MailRecord[] = [];

  /** Inside the calendar half: every change with the stored record's key (delta tracks changes by key). */
  onRecord(listener: (record: ChangedRecord) => void): void {
    this.recordListeners.add(listener);
  }

  onChange(listener: (change: CalendarChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports a change with the event's immutable id and its per-folder id (subscriptions pick per their IdType). */
  emit(record: ChangedRecord, changeType: CalendarChange['changeType']): void {
    const change: CalendarChange = {
      tenantId: record.tenantId,
      userId: record.userId,
      eventId: encodeId(record.key, 0, true),
      restId: encodeId(record.key, record.folderGeneration, false),
      changeType,
    };
    if (changeType !== 'deleted') change.etag = `W/"${record.changeKey}"`;
    for (const listener of this.recordListeners) listener(record);
    for (const listener of this.listeners) listener(change);
  }
}
