/**
 * A person acting in Odoo (the emulator's "act as a person", in this process): create an appointment or a
 * recurring one with customers as attendees, rename, move, edit the notes, archive or delete, edit the whole
 * series, edit or delete one occurrence. People never mail attendees here (`no_mail_to_attendees`), so any mail in
 * Odoo's log was sent by the sync.
 */
import type { OdooEmulator } from '../../sandbox/odoo/server';
import type { Slot } from './outlook-side';

export interface ErpRecord {
  id: number;
  name: string;
  start: string;
  stop: string;
  active: boolean;
  description: string | false;
  recurrence_id: [number, string] | false;
  user_id: [number, string] | false;
}

const QUIET = { context: { no_mail_to_attendees: true } };
const FIELDS = ['name', 'start', 'stop', 'active', 'description', 'recurrence_id', 'user_id'];

/** Odoo's UTC datetime text. */
export const odooTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export class ErpSide {
  private readonly users = new Map<string, { uid: number; partnerId: number }>();

  constructor(private readonly odoo: OdooEmulator) {}

  private act<T>(
    login: string,
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown> = {},
  ): T {
    return this.odoo.control.act(login, model, method, args, { ...QUIET, ...kwargs }) as T;
  }

  user(login: string): { uid: number; partnerId: number } {
    const known = this.users.get(login);
    if (known) return known;
    const [row] = this.act<Array<{ id: number; partner_id: [number, string] }>>('admin', 'res.users', 'search_read', [
      [['login', '=', login]],
      ['partner_id'],
    ]);
    if (!row) throw new Error(`no Odoo user ${login}`);
    const found = { uid: row.id, partnerId: row.partner_id[0] };
    this.users.set(login, found);
    return found;
  }

  /** Customer partner ids to invite. */
  customers(): number[] {
    const rows = this.act<Array<{ id: number }>>('admin', 'res.partner', 'search_read', [
      [['customer_rank', '>', 0]],
      ['id'],
    ]);
    return rows.map((r) => r.id);
  }

  /** The records (occurrences included, archived included) whose name carries `token`, as the admin sees them. */
  records(token: string): ErpRecord[] {
    return this.act<ErpRecord[]>('admin', 'calendar.event', 'search_read', [
      [
        ['name', 'like', token],
        ['active', 'in', [true, false]],
      ],
      FIELDS,
    ]);
  }

  /** Every active record organised by `login` starting in the window. */
  calendar(login: string, from: Date, to: Date): ErpRecord[] {
    const { uid } = this.user(login);
    return this.act<ErpRecord[]>('admin', 'calendar.event', 'search_read', [
      [
        ['user_id', '=', uid],
        ['start', '>=', odooTime(from)],
        ['start', '<', odooTime(to)],
      ],
      FIELDS,
    ]);
  }

  create(
    login: string,
    fields: { name: string; body: string; slot: Slot; partners: number[]; rrule?: string },
  ): number {
    const { uid, partnerId } = this.user(login);
    const values = {
      name: fields.name,
      description: `<p>${fields.body}</p>`,
      start: odooTime(fields.slot.start),
      stop: odooTime(fields.slot.end),
      user_id: uid,
      partner_ids: [[6, 0, [partnerId, ...fields.partners]]],
      ...(fields.rrule ? { recurrency: true, rrule: fields.rrule, event_tz: 'UTC' } : {}),
    };
    const id = this.act<number | number[]>(login, 'calendar.event', 'create', [values]);
    return Array.isArray(id) ? (id[0] ?? 0) : id;
  }

  /** Writes as the person; `scope` for a recurring record: the whole series or this occurrence alone. */
  write(login: string, ids: number[], values: Record<string, unknown>, scope?: 'all_events' | 'self_only'): void {
    this.act(login, 'calendar.event', 'write', [ids, { ...values, ...(scope ? { recurrence_update: scope } : {}) }]);
  }

  unlink(login: string, ids: number[]): void {
    this.act(login, 'calendar.event', 'unlink', [ids]);
  }

  /** Mails Odoo sent (or would have sent) since the start, by kind. */
  mailKinds(): Record<string, number> {
    const kinds: Record<string, number> = {};
    for (const mail of this.odoo.control.mailLog()) kinds[mail.kind] = (kinds[mail.kind] ?? 0) + 1;
    return kinds;
  }
}
