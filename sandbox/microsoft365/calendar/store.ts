/**
 * In-memory mailboxes and event lookup: resolves either id form (immutable or per-folder), expands series into
 * occurrences, lists what a calendar view shows. Holds no HTTP and sends no mail.
 */
import type { DirectoryUser } from '../contracts';
import { decodeId, occurrenceKey, parseOccurrenceId, parseOccurrenceKey } from './ids';
import { SeriesExpansions } from './expansions';
import { DEFAULT_OPTIONS, type CalendarOptions, type EventInstance, type EventRecord, type Mailbox } from './model';
import { seriesZone, type OccurrenceSlot } from './recurrence';
import { defaultCategories } from './categories';
import { utcToWall } from './tz';

const DAY_MS = 86_400_000;

export class CalendarStore {
  mailboxes = new Map<string, Mailbox>();

  private readonly expansions: SeriesExpansions;

  constructor(options: Pick<CalendarOptions, 'recurrenceSemantics'> = DEFAULT_OPTIONS) {
    this.expansions = new SeriesExpansions(() => options.recurrenceSemantics);
  }

  /** A series' occurrences overlapping [from, to) under the emulator's recurrence semantics. */
  expand(master: EventRecord, from: number, to: number): OccurrenceSlot[] {
    return this.expansions.slots(master, from, to);
  }

  mailbox(user: DirectoryUser): Mailbox {
    let mailbox = this.mailboxes.get(user.id);
    if (!mailbox) {
      mailbox = { userId: user.id, tenantId: user.tenantId, events: {}, masterCategories: defaultCategories() };
      this.mailboxes.set(user.id, mailbox);
    }
    return mailbox;
  }

  /** The stored record or expanded occurrence an id names, or undefined (also for a per-folder id of an old folder). */
  resolve(mailbox: Mailbox, id: string): EventInstance | undefined {
    const oid = parseOccurrenceId(id);
    if (oid) return this.byOccurrenceId(mailbox, oid.masterId, oid.date);
    const decoded = decodeId(id);
    if (!decoded) return undefined;
    const instance = this.byKey(mailbox, decoded.key);
    if (!instance) return undefined;
    const generation = decoded.folderGeneration;
    if (generation !== null && generation !== instance.record.folderGeneration) return undefined;
    return instance;
  }

  /** The occurrence or exception of a series on a date of its recurrence zone (an `OID.` id). */
  private byOccurrenceId(mailbox: Mailbox, masterId: string, date: string): EventInstance | undefined {
    const master = this.resolve(mailbox, masterId);
    if (!master || master.type !== 'seriesMaster') return undefined;
    const zone = seriesZone(master.record);
    const day = Date.parse(`${date}T00:00:00Z`);
    const slot = this.expand(master.record, day - 2 * DAY_MS, day + 3 * DAY_MS).find(
      (s) => new Date(utcToWall(s.originalStart, zone)).toISOString().slice(0, 10) === date,
    );
    return slot ? this.byKey(mailbox, occurrenceKey(master.record.key, slot.originalStart)) : undefined;
  }

  byKey(mailbox: Mailbox, key: string): EventInstance | undefined {
    const stored = mailbox.events[key];
    if (stored) return { record: stored, type: stored.type };
    const parsed = parseOccurrenceKey(key);
    if (!parsed) return undefined;
    const master = mailbox.events[parsed.masterKey];
    if (!master || master.type !== 'seriesMaster') return undefined;
    if (master.cancelledOccurrences.includes(parsed.originalStart)) return undefined;
    const slot = this.expansions.at(master, parsed.originalStart);
    return slot ? { record: this.expansions.view(master, slot), type: 'occurrence' } : undefined;
  }

  exceptionsOf(mailbox: Mailbox, masterKey: string): EventRecord[] {
    return Object.values(mailbox.events).filter((e) => e.type === 'exception' && e.seriesMasterKey === masterKey);
  }

  /** Occurrences and exceptions of one series overlapping [from, to), cancelled ones left out, by start. */
  seriesInstances(mailbox: Mailbox, master: EventRecord, from: number, to: number): EventInstance[] {
    const exceptions = this.exceptionsOf(mailbox, master.key);
    const skipped = new Set([...exceptions.map((e) => e.originalStart), ...master.cancelledOccurrences]);
    const out: EventInstance[] = this.expand(master, from, to)
      .filter((s) => !skipped.has(s.originalStart))
      .map((s) => ({ record: this.expansions.view(master, s), type: 'occurrence' as const }));
    for (const e of exceptions) {
      if (overlaps(e, from, to)) out.push({ record: e, type: 'exception' });
    }
    return out.sort((a, b) => a.record.fields.start - b.record.fields.start);
  }

  /** What calendarView shows: single instances, occurrences and exceptions, never series masters. */
  instancesInWindow(mailbox: Mailbox, from: number, to: number): EventInstance[] {
    const out: EventInstance[] = [];
    for (const record of Object.values(mailbox.events)) {
      if (record.type === 'singleInstance' && overlaps(record, from, to)) out.push({ record, type: 'singleInstance' });
      if (record.type === 'seriesMaster') out.push(...this.seriesInstances(mailbox, record, from, to));
    }
    return out.sort(
      (a, b) => a.record.fields.start - b.record.fields.start || a.record.key.localeCompare(b.record.key),
    );
  }

  snapshot(): Mailbox[] {
    return structuredClone([...this.mailboxes.values()]);
  }

  restore(mailboxes: Mailbox[]): void {
    this.mailboxes = new Map(structuredClone(mailboxes).map((m) => [m.userId, m]));
  }
}

function overlaps(record: EventRecord, from: number, to: number): boolean {
  const { start, end } = record.fields;
  return start < to && (end > from || (end === start && start >= from));
}
