/**
 * Memoised series expansion. `rrule` walks a series from its first occurrence on every question, and a sync asks many
 * (a calendarView per round, a read per occurrence id), so slots are kept per series version (key + changeKey: every
 * change to a master stamps a new changeKey) and UTC year, and occurrence views per version and original start.
 */
import { occurrenceICalUId, occurrenceKey } from './ids';
import type { EventRecord, RecurrenceSemantics } from './model';
import { expandSeries, seriesZone, type OccurrenceSlot } from './recurrence';
import { utcToWall } from './tz';

const MAX_ENTRIES = 2_000;

function yearStart(year: number): number {
  return Date.UTC(year, 0, 1);
}

export class SeriesExpansions {
  private readonly slotsByYear = new Map<string, OccurrenceSlot[]>();
  private readonly views = new Map<string, Map<number, EventRecord>>();

  constructor(private readonly semantics: () => RecurrenceSemantics) {}

  private version(master: EventRecord): string {
    return `${master.key}|${master.changeKey}|${master.folderGeneration}|${this.semantics()}`;
  }

  private year(master: EventRecord, year: number): OccurrenceSlot[] {
    const key = `${this.version(master)}|${year}`;
    let slots = this.slotsByYear.get(key);
    if (!slots) {
      if (this.slotsByYear.size >= MAX_ENTRIES) this.slotsByYear.clear();
      slots = expandSeries(master, yearStart(year), yearStart(year + 1), this.semantics());
      this.slotsByYear.set(key, slots);
    }
    return slots;
  }

  /** Occurrences (cancelled ones included) whose span overlaps [from, to), by start. */
  slots(master: EventRecord, from: number, to: number): OccurrenceSlot[] {
    const first = new Date(from).getUTCFullYear();
    const last = new Date(Math.max(from, to - 1)).getUTCFullYear();
    const seen = new Set<number>();
    const out: OccurrenceSlot[] = [];
    for (let year = first; year <= last; year += 1) {
      for (const slot of this.year(master, year)) {
        const overlaps = slot.start < to && (slot.end > from || (slot.end === slot.start && slot.start >= from));
        if (overlaps && !seen.has(slot.originalStart)) {
          seen.add(slot.originalStart);
          out.push(slot);
        }
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** The occurrence starting at `originalStart` (UTC), if the series has one there. */
  at(master: EventRecord, originalStart: number): OccurrenceSlot | undefined {
    return this.slots(master, originalStart, originalStart + 1).find((s) => s.originalStart === originalStart);
  }

  /** An occurrence as Graph shows it: the master's properties at the slot's times, its own key and iCalUId. */
  view(master: EventRecord, slot: OccurrenceSlot): EventRecord {
    const version = this.version(master);
    let byStart = this.views.get(version);
    if (!byStart) {
      if (this.views.size >= MAX_ENTRIES) this.views.clear();
      byStart = new Map();
      this.views.set(version, byStart);
    }
    let record = byStart.get(slot.originalStart);
    if (!record) {
      record = occurrenceRecord(master, slot);
      byStart.set(slot.originalStart, record);
    }
    return record;
  }
}

function occurrenceRecord(master: EventRecord, slot: OccurrenceSlot): EventRecord {
  const zone = seriesZone(master);
  const wall = utcToWall(slot.originalStart, zone);
  return {
    ...master,
    seriesTimeZone: zone,
    key: occurrenceKey(master.key, slot.originalStart),
    type: 'exception',
    iCalUId: occurrenceICalUId(master.iCalUId, wall),
    seriesMasterKey: master.key,
    originalStart: slot.originalStart,
    transactionId: null,
    cancelledOccurrences: [],
    fields: { ...master.fields, start: slot.start, end: slot.end, recurrence: null },
  };
}
