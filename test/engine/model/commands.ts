/**
 * The property test's commands (fast-check): a person's actions on either side, syncs (some with a fault armed),
 * restarts. Each command acts on the real emulators and on the model; acting on a side first checks what that side
 * shows against the model (a copy twice is a duplicate; a copy the model cannot explain fails the sequence).
 */
import fc from 'fast-check';
import { act, observe, sync, type LogicalEvent } from './model';
import { odooHolds, odooPerson, outlookHolds, outlookPerson, type Fields, type Held } from './people';
import type { Fault, ModelWorld } from './world';

export interface Model {
  events: LogicalEvent[];
  /** Steps run in this sequence (reported by the suite). */
  steps: number;
}

export interface Real {
  world: ModelWorld;
}

type Command = fc.AsyncCommand<Model, Real>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_EVENTS = 4;

export function tokenOf(title: string): number | null {
  const m = /^k(\d+) /.exec(title);
  return m ? Number(m[1]) : null;
}

/** The copy of logical event `k` on a side, failing on a duplicate. */
export function copyOf(held: readonly Held[], k: number): Held | null {
  const copies = held.filter((h) => tokenOf(h.title) === k);
  if (copies.length > 1)
    throw new Error(`duplicated: k${k} has ${copies.length} copies (${copies.map((c) => c.title).join(', ')})`);
  return copies[0] ?? null;
}

function startOf(day: number, hour: number): number {
  const today = Math.floor(Date.now() / DAY) * DAY;
  return today + day * DAY + hour * HOUR;
}

class Create implements Command {
  constructor(
    private readonly side: 'o' | 'e',
    private readonly day: number,
    private readonly hour: number,
  ) {}
  check = (m: Readonly<Model>) => m.events.length < MAX_EVENTS;
  async run(m: Model, r: Real) {
    m.steps += 1;
    const k = m.events.length + 1;
    const fields: Fields = { title: `k${k} v0`, start: startOf(this.day, this.hour), location: '' };
    if (this.side === 'o') await outlookPerson.create(r.world, fields);
    else odooPerson.create(r.world, fields);
    m.events.push({
      k,
      edits: 0,
      candidates: [{ o: this.side === 'o' ? fields : null, e: this.side === 'e' ? fields : null, base: null }],
    });
  }
  toString = () => `create in ${this.side === 'o' ? 'Outlook' : 'Odoo'} (day ${this.day}, ${this.hour}:00)`;
}

type Change = 'title' | 'location' | 'later' | 'earlier' | 'delete';

class Act implements Command {
  constructor(
    private readonly side: 'o' | 'e',
    private readonly pick: number,
    private readonly change: Change,
  ) {}
  check = (m: Readonly<Model>) => m.events.length > 0;
  async run(m: Model, r: Real) {
    m.steps += 1;
    const event = m.events[this.pick % m.events.length]!;
    const held = this.side === 'o' ? await outlookHolds(r.world) : odooHolds(r.world);
    const copy = copyOf(held, event.k);
    if (!observe(event, this.side, copy !== null))
      throw new Error(`lost or resurrected: k${event.k} ${copy ? 'is' : 'is not'} on ${this.side} against the model`);
    if (copy === null) return;
    event.edits += 1;
    const change: Partial<Fields> | null =
      this.change === 'delete'
        ? null
        : this.change === 'title'
          ? { title: `k${event.k} v${event.edits}${this.side}` }
          : this.change === 'location'
            ? { location: `L${event.edits}${this.side}` }
            : { start: copy.start + (this.change === 'later' ? HOUR : -HOUR) };
    const person = this.side === 'o' ? outlookPerson : odooPerson;
    if (change === null) await person.remove(r.world, copy.id);
    else await person.edit(r.world, copy.id, change);
    act(event, this.side, change);
  }
  toString = () => `${this.side === 'o' ? 'Outlook' : 'Odoo'}: ${this.change} #${this.pick}`;
}

class Sync implements Command {
  constructor(private readonly fault: Fault | null) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.steps += 1;
    const t0 = Date.now();
    await r.world.sync(this.fault ?? undefined);
    if (process.env.PROPERTY_TIMING) console.log(`sync ${this.fault ?? 'clean'} ${Date.now() - t0} ms`);
    for (const event of m.events) sync(event, this.fault !== null);
  }
  toString = () => `sync${this.fault ? ` (${this.fault})` : ''}`;
}

class Restart implements Command {
  check = () => true;
  async run(m: Model, r: Real) {
    m.steps += 1;
    r.world.restart();
  }
  toString = () => 'restart';
}

const FAULTS: Fault[] = ['graph-down', 'graph-lost-answer', 'odoo-down', 'odoo-lost-answer', 'crash-before-record'];

export function commandArbitraries(maxCommands: number): fc.Arbitrary<Iterable<Command>> {
  const side = fc.constantFrom<'o' | 'e'>('o', 'e');
  return fc.commands(
    [
      fc
        .tuple(side, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 7, max: 17 }))
        .map(([s, d, h]) => new Create(s, d, h)),
      fc
        .tuple(side, fc.nat(), fc.constantFrom<Change>('title', 'title', 'location', 'later', 'earlier', 'delete'))
        .map(([s, p, c]) => new Act(s, p, c)),
      fc.constantFrom(null, null, null, ...FAULTS).map((f) => new Sync(f)),
      fc.constant(new Restart()),
    ],
    { maxCommands },
  );
}
