/**
 * The simulated people: each step one person does one thing on one side, chosen with the seed's random source,
 * to one of their own events found by its token (the same kinds of actions as the engine's sequence model). Every
 * action is written to the ledger before the comparison reads it.
 */
import type { Person } from '../harness/world';
import type { ErpRecord, ErpSide } from './erp-side';
import { odooTime } from './erp-side';
import { Ledger, newToken, TOKEN, type Side } from './ledger';
import { at, type OutlookItem, type OutlookSide, type Slot } from './outlook-side';
import type { Random } from './random';

const OUTLOOK_ACTIONS = {
  'create-single': 6,
  'create-series': 2,
  'edit-title': 10,
  'edit-time': 8,
  'edit-body': 5,
  move: 2,
  delete: 3,
  unmark: 1,
  remark: 1,
  'series-edit': 3,
  'occurrence-edit': 3,
  'occurrence-cancel': 2,
} as const;
const ERP_ACTIONS = {
  'create-single': 6,
  'create-series': 2,
  'edit-title': 10,
  'edit-time': 8,
  'edit-body': 5,
  archive: 1,
  delete: 3,
  'series-edit': 3,
  'occurrence-edit': 3,
  'occurrence-delete': 2,
} as const;

export interface PeopleDeps {
  people: Person[];
  outlook: OutlookSide;
  erp: ErpSide;
  ledger: Ledger;
  random: Random;
  /** External customers' e-mail addresses and Odoo partner ids, to invite. */
  customerEmails: string[];
  customerPartners: number[];
}

export class People {
  /** Actions done, by side and kind. */
  readonly counts = new Map<string, number>();
  /** Actions that failed (the person's own client refused, e.g. the item was just deleted by the sync). */
  failures = 0;

  constructor(private readonly deps: PeopleDeps) {}

  slot(): Slot {
    const { random } = this.deps;
    const start = new Date();
    start.setUTCDate(start.getUTCDate() + random.int(2, 40));
    start.setUTCHours(random.int(8, 16), random.pick([0, 30]), 0, 0);
    return { start, end: new Date(start.getTime() + random.pick([30, 60, 90]) * 60_000) };
  }

  private title(token: string): string {
    return `${this.deps.random.pick(['Visit', 'Call', 'Review', 'Demo', 'Lunch'])} ${this.deps.random.word()} ${token}`;
  }

  private bodyText(): string {
    return `Notes bt-${this.deps.random.word()}${this.deps.random.word()}`;
  }

  /** Creates one event (single or series, maybe with attendees) for person `owner` on `side`. */
  async create(owner: number, side: Side, series: boolean): Promise<void> {
    const { random, ledger } = this.deps;
    const person = this.deps.people[owner]!;
    const token = newToken();
    const slot = this.slot();
    const count = random.int(3, 6);
    const weekly = random.chance(0.6);
    const colleague = random.chance(0.1) ? this.deps.people[random.int(0, this.deps.people.length - 1)] : undefined;
    const invitees = random.chance(0.5) ? [random.pick(this.deps.customerEmails)] : [];
    if (colleague && colleague.email !== person.email) invitees.push(colleague.email);
    ledger.add(
      { token, owner, origin: side, series },
      `${series ? (weekly ? 'weekly' : 'daily') + ` x${count}` : 'single'} ${slot.start.toISOString()}`,
    );
    if (side === 'outlook') {
      await this.deps.outlook.create(person.id, {
        subject: this.title(token),
        body: this.bodyText(),
        slot,
        attendees: invitees,
        ...(series ? (weekly ? { weeklyCount: count } : { dailyCount: count }) : {}),
      });
    } else {
      this.deps.erp.create(person.email, {
        name: this.title(token),
        body: this.bodyText(),
        slot,
        partners: random.chance(0.5) ? [random.pick(this.deps.customerPartners)] : [],
        ...(series ? { rrule: `FREQ=${weekly ? 'WEEKLY' : 'DAILY'};COUNT=${count}` } : {}),
      });
    }
  }

  /** One random action by one random person. */
  async step(): Promise<void> {
    const { random } = this.deps;
    const owner = random.int(0, this.deps.people.length - 1);
    const side: Side = random.chance(0.5) ? 'outlook' : 'erp';
    const outlookAction = random.weighted(OUTLOOK_ACTIONS);
    const erpAction = random.weighted(ERP_ACTIONS);
    const key = `${side} ${side === 'outlook' ? outlookAction : erpAction}`;
    try {
      const done = side === 'outlook' ? await this.onOutlook(owner, outlookAction) : await this.onErp(owner, erpAction);
      if (done) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    } catch {
      // A person's edit of something the sync (or the other side) just changed or removed: Outlook or Odoo refuses
      // it, as it would refuse the person. Counted, not fatal.
      this.failures += 1;
    }
  }

  private owned(owner: number, token: string | undefined): boolean {
    const event = token === undefined ? undefined : this.deps.ledger.events.get(token);
    return event !== undefined && event.owner === owner && event.deleted === undefined;
  }

  private async onOutlook(owner: number, action: keyof typeof OUTLOOK_ACTIONS): Promise<boolean> {
    const { outlook, ledger, random } = this.deps;
    const person = this.deps.people[owner]!;
    if (action === 'create-single' || action === 'create-series') {
      await this.create(owner, 'outlook', action === 'create-series');
      return true;
    }
    const items = (await outlook.items(person.id)).filter(
      (i) => !i.isCancelled && i.type !== 'exception' && this.owned(owner, TOKEN.exec(i.subject)?.[0]),
    );
    const wantSeries = action === 'series-edit' || action.startsWith('occurrence');
    const candidates = items.filter((i) => (i.type === 'seriesMaster') === wantSeries);
    if (candidates.length === 0) return false;
    const item = random.pick(candidates);
    const token = TOKEN.exec(item.subject)![0];
    const marked = item.categories.includes('ERP');
    if (action === 'edit-title' || (action === 'series-edit' && random.chance(0.5))) {
      await outlook.patch(person.id, item.id, { subject: this.title(token) });
      ledger.record(token, 'outlook', action === 'series-edit' ? 'series-title' : 'edit-title');
    } else if (action === 'edit-time' || action === 'series-edit') {
      const slot = action === 'series-edit' ? shiftTime(item, random.pick([-2, -1, 1, 2])) : this.slot();
      await outlook.patch(person.id, item.id, { start: at(slot.start), end: at(slot.end) });
      ledger.record(token, 'outlook', action === 'series-edit' ? 'series-time' : 'edit-time', slot.start.toISOString());
    } else if (action === 'edit-body') {
      await outlook.patch(person.id, item.id, { body: { contentType: 'html', content: `<p>${this.bodyText()}</p>` } });
      ledger.record(token, 'outlook', 'edit-body');
    } else if (action === 'move') {
      await outlook.move(person.id, item.id);
      ledger.record(token, 'outlook', 'move');
    } else if (action === 'delete') {
      await outlook.delete(person.id, item.id);
      ledger.record(token, 'outlook', 'delete');
    } else if (action === 'unmark' || action === 'remark') {
      if (action === 'unmark' ? !marked : marked) return false;
      const categories = action === 'unmark' ? item.categories.filter((c) => c !== 'ERP') : [...item.categories, 'ERP'];
      await outlook.setCategories(person.id, item.id, categories);
      ledger.record(token, 'outlook', action === 'unmark' ? 'unmark' : 'mark');
    } else {
      const from = new Date(Date.now() - 86_400_000);
      const occurrences = (
        await outlook.occurrences(person.id, item.id, from, new Date(Date.now() + 120 * 86_400_000))
      ).filter((o) => !o.isCancelled);
      if (occurrences.length < 2) return false;
      const occurrence = random.pick(occurrences);
      if (action === 'occurrence-cancel') {
        await outlook.delete(person.id, occurrence.id);
        ledger.record(token, 'outlook', 'occurrence-cancel', occurrence.start.dateTime);
      } else if (random.chance(0.5)) {
        await outlook.patch(person.id, occurrence.id, { subject: `${this.title(token)} occ` });
        ledger.record(token, 'outlook', 'occurrence-title', occurrence.start.dateTime);
      } else {
        const slot = shiftTime(occurrence, 1);
        await outlook.patch(person.id, occurrence.id, { start: at(slot.start), end: at(slot.end) });
        ledger.record(token, 'outlook', 'occurrence-time', occurrence.start.dateTime);
      }
    }
    return true;
  }

  private async onErp(owner: number, action: keyof typeof ERP_ACTIONS): Promise<boolean> {
    const { erp, ledger, random } = this.deps;
    const person = this.deps.people[owner]!;
    if (action === 'create-single' || action === 'create-series') {
      await this.create(owner, 'erp', action === 'create-series');
      return true;
    }
    const byToken = new Map<string, ErpRecord[]>();
    const from = new Date(Date.now() - 86_400_000);
    for (const record of erp.calendar(person.email, from, new Date(Date.now() + 120 * 86_400_000))) {
      const token = TOKEN.exec(record.name)?.[0];
      if (!record.active || !this.owned(owner, token)) continue;
      byToken.set(token!, [...(byToken.get(token!) ?? []), record]);
    }
    const wantSeries = action === 'series-edit' || action.startsWith('occurrence');
    const candidates = [...byToken].filter(([, records]) => (records[0]?.recurrence_id !== false) === wantSeries);
    if (candidates.length === 0) return false;
    const [token, records] = random.pick(candidates);
    const ids = records.map((r) => r.id);
    const first = records.reduce((a, b) => (a.start <= b.start ? a : b));
    const scope = wantSeries ? 'all_events' : undefined;
    if (action === 'edit-title' || (action === 'series-edit' && random.chance(0.5))) {
      erp.write(person.email, [first.id], { name: this.title(token) }, scope);
      ledger.record(token, 'erp', action === 'series-edit' ? 'series-title' : 'edit-title');
    } else if (action === 'edit-time' || action === 'series-edit') {
      const slot = action === 'series-edit' ? shiftOdoo(first, random.pick([-2, -1, 1, 2])) : this.slot();
      erp.write(person.email, [first.id], { start: odooTime(slot.start), stop: odooTime(slot.end) }, scope);
      ledger.record(token, 'erp', action === 'series-edit' ? 'series-time' : 'edit-time', slot.start.toISOString());
    } else if (action === 'edit-body') {
      erp.write(person.email, [first.id], { description: `<p>${this.bodyText()}</p>` }, scope);
      ledger.record(token, 'erp', 'edit-body');
    } else if (action === 'archive') {
      erp.write(person.email, ids, { active: false });
      ledger.record(token, 'erp', 'delete', 'archived');
    } else if (action === 'delete') {
      erp.unlink(person.email, ids);
      ledger.record(token, 'erp', 'delete');
    } else {
      if (records.length < 2) return false;
      const occurrence = random.pick(records);
      if (action === 'occurrence-delete') {
        erp.unlink(person.email, [occurrence.id]);
        ledger.record(token, 'erp', 'occurrence-cancel', occurrence.start);
      } else if (random.chance(0.5)) {
        erp.write(person.email, [occurrence.id], { name: `${this.title(token)} occ` }, 'self_only');
        ledger.record(token, 'erp', 'occurrence-title', occurrence.start);
      } else {
        const slot = shiftOdoo(occurrence, 1);
        erp.write(
          person.email,
          [occurrence.id],
          { start: odooTime(slot.start), stop: odooTime(slot.end) },
          'self_only',
        );
        ledger.record(token, 'erp', 'occurrence-time', occurrence.start);
      }
    }
    return true;
  }
}

function shiftTime(item: OutlookItem, hours: number): Slot {
  const start = new Date(`${item.start.dateTime.slice(0, 19)}Z`);
  const end = new Date(`${item.end.dateTime.slice(0, 19)}Z`);
  return { start: new Date(start.getTime() + hours * 3_600_000), end: new Date(end.getTime() + hours * 3_600_000) };
}

function shiftOdoo(record: ErpRecord, hours: number): Slot {
  const start = new Date(`${record.start.replace(' ', 'T')}Z`);
  const end = new Date(`${record.stop.replace(' ', 'T')}Z`);
  return { start: new Date(start.getTime() + hours * 3_600_000), end: new Date(end.getTime() + hours * 3_600_000) };
}
