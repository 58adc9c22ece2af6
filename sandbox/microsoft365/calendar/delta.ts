/**
 * calendarView delta state: a round is computed once (instances in the fixed window compared with the previous
 * round's baseline) and served page by page; tokens carry the window and name server-side state, which the
 * "expire" fault drops (-> 410). Series masters never appear; what left the window comes back as @removed, and so
 * does every event outside the window that was added, updated or deleted since the previous round
 * (https://learn.microsoft.com/en-us/graph/api/event-delta, "Response").
 */
import { GraphError } from './errors';
import { newKey, parseOccurrenceKey } from './ids';
import type { EventInstance, Mailbox } from './model';
import type { CalendarStore } from './store';

export type DeltaEntry =
  | { removed: false; instance: EventInstance }
  | { removed: true; key: string; folderGeneration: number; folderIdOnly: boolean };

interface SyncState {
  userId: string;
  from: number;
  to: number;
  /** Instance key -> `changeKey|folderGeneration` at the end of the round that issued this state. */
  baseline: Record<string, string>;
  /** The change sequence when the round that issued this state was computed. */
  seq: number;
}

/** The last change of each stored record: sequence number and folder generation (for its per-folder id). */
interface ChangeMark {
  seq: number;
  folderGeneration: number;
}

interface Round {
  userId: string;
  from: number;
  to: number;
  entries: DeltaEntry[];
  nextStateId: string;
}

interface TokenBody {
  k: 'skip' | 'delta';
  id: string;
  o?: number;
  s: number;
  e: number;
}

export interface DeltaSnapshot {
  states: [string, SyncState][];
  rounds: [string, Round][];
  seq?: number;
  changes?: [string, [string, ChangeMark][]][];
}

export interface DeltaPage {
  entries: DeltaEntry[];
  skipToken?: string;
  deltaToken?: string;
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function syncStateGone(): GraphError {
  return new GraphError(
    410,
    'SyncStateNotFound',
    'The sync state generation is not found or has expired. Restart the sync without a token.',
  );
}

function decodeToken(token: string, kind: TokenBody['k']): TokenBody {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
    if (body.k === kind && typeof body.id === 'string') return body;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw syncStateGone();
}

export class DeltaEngine {
  private states = new Map<string, SyncState>();
  private rounds = new Map<string, Round>();
  private seq = 0;
  /** userId -> stored record key -> its last change. */
  private changes = new Map<string, Map<string, ChangeMark>>();

  constructor(
    private readonly store: CalendarStore,
    private readonly repeatItem: () => boolean,
  ) {}

  /** Called for every create, update and delete of a stored record (the calendar's change feed). */
  noteChange(userId: string, key: string, folderGeneration: number): void {
    let marks = this.changes.get(userId);
    if (!marks) this.changes.set(userId, (marks = new Map()));
    marks.set(key, { seq: ++this.seq, folderGeneration });
  }

  /** First call: every instance in the window is new. */
  begin(mailbox: Mailbox, from: number, to: number): string {
    return this.computeRound(mailbox, { userId: mailbox.userId, from, to, baseline: {}, seq: -1 });
  }

  /** A `$deltatoken`: the changes since the round that issued it. */
  resume(mailbox: Mailbox, deltaToken: string): string {
    const body = decodeToken(deltaToken, 'delta');
    const state = this.states.get(body.id);
    if (!state || state.userId !== mailbox.userId) throw syncStateGone();
    return this.computeRound(mailbox, state);
  }

  private computeRound(mailbox: Mailbox, previous: SyncState): string {
    const instances = this.store.instancesInWindow(mailbox, previous.from, previous.to);
    const baseline: Record<string, string> = {};
    const entries: DeltaEntry[] = [];
    for (const instance of instances) {
      const { key, changeKey, folderGeneration } = instance.record;
      const stamp = `${changeKey}|${folderGeneration}`;
      baseline[key] = stamp;
      const before = previous.baseline[key];
      if (before === stamp) continue;
      const oldGeneration = before ? Number(before.split('|')[1]) : folderGeneration;
      if (oldGeneration !== folderGeneration) {
        entries.push({ removed: true, key, folderGeneration: oldGeneration, folderIdOnly: true });
      }
      entries.push({ removed: false, instance });
    }
    for (const [key, stamp] of Object.entries(previous.baseline)) {
      if (baseline[key] === undefined) {
        entries.push({ removed: true, key, folderGeneration: Number(stamp.split('|')[1]), folderIdOnly: false });
      }
    }
    entries.push(...this.changedOutside(mailbox.userId, previous, baseline));
    if (this.repeatItem() && entries[0]) entries.push(entries[0]);
    const stateId = newKey();
    this.states.set(stateId, {
      userId: mailbox.userId,
      from: previous.from,
      to: previous.to,
      baseline,
      seq: this.seq,
    });
    const roundId = newKey();
    this.rounds.set(roundId, {
      userId: mailbox.userId,
      from: previous.from,
      to: previous.to,
      entries,
      nextStateId: stateId,
    });
    return encodeToken({ k: 'skip', id: roundId, o: 0, s: previous.from, e: previous.to });
  }

  /** Records changed since the previous round that have no instance in the window, then or now: `@removed`. */
  private changedOutside(userId: string, previous: SyncState, baseline: Record<string, string>): DeltaEntry[] {
    if (!(previous.seq >= 0)) return []; // a first round, or a state saved before changes were tracked
    const inWindow = new Set<string>([...Object.keys(baseline), ...Object.keys(previous.baseline)]);
    for (const key of [...inWindow]) {
      const master = parseOccurrenceKey(key)?.masterKey;
      if (master) inWindow.add(master);
    }
    const out: DeltaEntry[] = [];
    for (const [key, mark] of this.changes.get(userId) ?? []) {
      if (mark.seq <= previous.seq || inWindow.has(key)) continue;
      out.push({ removed: true, key, folderGeneration: mark.folderGeneration, folderIdOnly: false });
    }
    return out;
  }

  /** One page of a round (`$skiptoken`), with the link to the next page or, at the end, the delta token. */
  page(mailbox: Mailbox, skipToken: string, pageSize: number): DeltaPage {
    const body = decodeToken(skipToken, 'skip');
    const round = this.rounds.get(body.id);
    if (!round || round.userId !== mailbox.userId) throw syncStateGone();
    const offset = body.o ?? 0;
    const entries = round.entries.slice(offset, offset + pageSize);
    if (offset + pageSize < round.entries.length) {
      return { entries, skipToken: encodeToken({ ...body, o: offset + pageSize }) };
    }
    return { entries, deltaToken: encodeToken({ k: 'delta', id: round.nextStateId, s: round.from, e: round.to }) };
  }

  expire(): void {
    this.states.clear();
    this.rounds.clear();
  }

  snapshot(): DeltaSnapshot {
    return structuredClone({
      states: [...this.states],
      rounds: [...this.rounds],
      seq: this.seq,
      changes: [...this.changes].map(([user, marks]) => [user, [...marks]] as [string, [string, ChangeMark][]]),
    });
  }

  restore(snapshot: DeltaSnapshot): void {
    const copy = structuredClone(snapshot);
    this.states = new Map(copy.states);
    this.rounds = new Map(copy.rounds);
    // Snapshots saved before out-of-window changes were tracked have neither field.
    this.seq = copy.seq ?? 0;
    this.changes = new Map((copy.changes ?? []).map(([user, marks]) => [user, new Map(marks)]));
  }
}
