/**
 * The model of what both sides must hold, written from the product's documented rules (docs/ARCHITECTURE.md,
 * server/core/README.md), not from its code: per logical event, what Outlook holds, what the ERP holds and the last
 * agreed state. A clean sync pairs new events (copies them once), merges fields changed on one side, lets Outlook win
 * a field changed on both (the test's conflict policy), lets a delete win over an unchanged copy, and settles
 * delete-versus-edit for Outlook (an Outlook delete deletes the edited ERP record; an Outlook edit brings back an
 * ERP-deleted record). A sync with a fault may or may not have gone through, item by item: the model keeps every
 * candidate, and acting on a side prunes the candidates that disagree with what the side shows.
 */
import type { Fields } from './people';

export interface Candidate {
  /** What Outlook holds (null: nothing). */
  o: Fields | null;
  e: Fields | null;
  /** The last agreed state; null when the event is not paired. */
  base: Fields | null;
  /**
   * The side holding a copy a faulty sync made without recording it. The engine finds such a copy again by our id
   * (Outlook: the mapping id on the event; Odoo: the external id) while it exists; once a person deletes it, neither
   * side keeps a trace (Odoo's unlink drops the record's external id with it), so the engine cannot tell it was ever
   * made and copies the source again: nothing the person kept is lost.
   */
  unrecordedCopy?: 'o' | 'e';
}

export interface LogicalEvent {
  k: number;
  /** Titles carry `k<k>` so a copy is recognised on either side whatever its id. */
  candidates: Candidate[];
  /** How many edits so far (each makes a unique title or location). */
  edits: number;
}

export const same = (a: Fields | null, b: Fields | null): boolean =>
  a === null || b === null ? a === b : a.title === b.title && a.start === b.start && a.location === b.location;

const changed = (side: Fields, base: Fields) => !same(side, base);

function merge(o: Fields, e: Fields, base: Fields): Fields {
  const pick = <K extends keyof Fields>(f: K): Fields[K] =>
    o[f] !== base[f] ? o[f] : e[f] !== base[f] ? e[f] : base[f];
  return { title: pick('title'), start: pick('start'), location: pick('location') };
}

/** One clean sync of one candidate. */
export function syncOnce(c: Candidate): Candidate {
  if (c.unrecordedCopy) {
    const { unrecordedCopy: copy, ...recorded } = c;
    const deletedCopy = recorded[copy] === null && recorded[copy === 'o' ? 'e' : 'o'] !== null;
    return syncOnce(deletedCopy ? { ...recorded, base: null } : recorded);
  }
  const { o, e, base } = c;
  if (base === null) {
    if (o !== null && e === null) return { o, e: o, base: o };
    if (e !== null && o === null) return { o: e, e, base: e };
    return c;
  }
  if (o === null && e === null) return { o: null, e: null, base: null };
  if (o === null) return { o: null, e: null, base: null }; // Outlook's delete wins, edited or not
  if (e === null) return changed(o, base) ? { o, e: o, base: o } : { o: null, e: null, base: null };
  const merged = merge(o, e, base);
  return { o: merged, e: merged, base: merged };
}

function key(c: Candidate): string {
  return JSON.stringify(c);
}

function unique(list: Candidate[]): Candidate[] {
  const seen = new Map(list.map((c) => [key(c), c]));
  return [...seen.values()];
}

/** A sync: clean (every candidate synced), or faulty (each candidate may or may not have synced). */
export function sync(event: LogicalEvent, faulty: boolean): void {
  const next = event.candidates.flatMap((c) => {
    const done = syncOnce(c);
    if (!faulty) return [done];
    // A copy made but not recorded (answer lost, or the process died before recording) is a third outcome.
    const copied: 'o' | 'e' | null = c.base === null && done.base !== null ? (c.o === null ? 'o' : 'e') : null;
    return copied ? [done, c, { ...done, unrecordedCopy: copied }] : [done, c];
  });
  event.candidates = unique(next);
}

/** A person's edit or delete on `side` (null fields: delete), applied where that side holds the event. */
export function act(event: LogicalEvent, side: 'o' | 'e', change: Partial<Fields> | null): void {
  event.candidates = unique(
    event.candidates.map((c) => {
      const now = c[side];
      if (now === null) return c;
      return { ...c, [side]: change === null ? null : { ...now, ...change } };
    }),
  );
}

/** Keeps the candidates that agree with what `side` shows (present or not); false when none does (a bug). */
export function observe(event: LogicalEvent, side: 'o' | 'e', present: boolean): boolean {
  event.candidates = event.candidates.filter((c) => (c[side] !== null) === present);
  return event.candidates.length > 0;
}
