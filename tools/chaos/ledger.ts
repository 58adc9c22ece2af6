/**
 * What the simulated people did, per event: every event carries a token (`[c12]`) in its title that both sides
 * keep, so the comparison pairs events by what people made, never by the product's own mapping. The ledger knows
 * which events people deleted (and when), on which side each was edited, and whether it is still marked for sync.
 */

export type Side = 'outlook' | 'erp';

export interface LedgerAction {
  /** Milliseconds since the run started. */
  at: number;
  side: Side;
  action: string;
  detail?: string;
}

export interface LedgerEvent {
  token: string;
  /** Index of the person (mailbox) who organises it. */
  owner: number;
  origin: Side;
  series: boolean;
  /** False once the person took the sync mark off in Outlook (out of scope for the comparison). */
  marked: boolean;
  /** When a person deleted it (either side), unless a later edit on the other side raced the delete. */
  deleted?: { side: Side; at: number };
  actions: LedgerAction[];
}

/** How far apart a delete and an edit on the other side can be and still meet in one sync (polls, retries, load). */
export const RACE_MS = 60_000;

let counter = 0;

export function newToken(): string {
  counter += 1;
  return `[c${counter}]`;
}

export const TOKEN = /\[c\d+\]/;

export class Ledger {
  readonly events = new Map<string, LedgerEvent>();
  private readonly started = Date.now();

  now(): number {
    return Date.now() - this.started;
  }

  add(event: Omit<LedgerEvent, 'actions' | 'marked'>, detail?: string): LedgerEvent {
    const entry: LedgerEvent = { ...event, marked: true, actions: [] };
    this.events.set(event.token, entry);
    this.record(event.token, event.origin, 'create', detail);
    return entry;
  }

  record(token: string, side: Side, action: string, detail?: string): void {
    const event = this.events.get(token);
    if (event === undefined) return;
    event.actions.push({ at: this.now(), side, action, ...(detail ? { detail } : {}) });
    if (action === 'delete') event.deleted = { side, at: this.now() };
    if (action === 'unmark') event.marked = false;
    if (action === 'mark') event.marked = true;
  }

  /**
   * Events a person deleted on one side while the other side was edited around the same time (within a sync's
   * reach, `RACE_MS`, or after): a delete-versus-edit race, which the product may settle either way or hold as a
   * conflict for someone to decide. Such an event must end the same on both sides, or in an open conflict.
   */
  raced(event: LedgerEvent): boolean {
    const deleted = event.deleted;
    if (deleted === undefined) return false;
    return event.actions.some(
      (a) => a.side !== deleted.side && a.at >= deleted.at - RACE_MS && a.action !== 'delete' && a.action !== 'resolve',
    );
  }

  /** Sides a person edited this event on (creation counts for its own side). */
  editedSides(event: LedgerEvent): Set<Side> {
    return new Set(event.actions.filter((a) => a.action !== 'resolve').map((a) => a.side));
  }

  ofOwner(owner: number): LedgerEvent[] {
    return [...this.events.values()].filter((e) => e.owner === owner);
  }

  /** A readable history for a report: `+1.2s outlook edit-title (..)`. */
  history(token: string): string {
    const event = this.events.get(token);
    if (event === undefined) return '(not in the ledger)';
    return event.actions
      .map((a) => `+${(a.at / 1000).toFixed(1)}s ${a.side} ${a.action}${a.detail ? ` (${a.detail})` : ''}`)
      .join('; ');
  }
}
