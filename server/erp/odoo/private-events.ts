/**
 * Private events: Odoo 19 shows another user's private event to the integration user as a blank "Busy" (the
 * calendar.event `_fetch_query` override masks every field but the public ones for a user who is neither the
 * organizer nor an attendee; no group lifts it, only superuser mode) and refuses to create, write or unlink one (the
 * global "Private events" record rule). So the integration user's calls are routed to the event's owner where Odoo
 * requires the owner: with the person's own API key (`PersonKeys`), the masked rows of a search_read are read again
 * as their organizer, a refused write or unlink of a private event is made as its organizer, and a private event is
 * created as its organizer (adapter). Without the person's key a masked row is left out (never a blank "Busy") and a
 * refused write is a validation problem naming what to do, not an `auth` failure that would stop the mailbox.
 * The owner's key is used for that owner's private events only. docs/ERP.md, "Private events", says why.
 */
import { ErpError, isErpError } from '../errors';
import { OdooClient, type OdooCallParams, type OdooClientOptions } from './client';
import type { PersonKeyCheck } from '../port';
import type { Many2one } from './wire-types';

/** Where the person's own Odoo API key comes from (the product stores it for the person); null when none. */
export interface PersonKeys {
  keyFor(person: { id: string; login: string }): Promise<string | null>;
  /** Odoo refused the person's key (expired, revoked): the product stops using it and tells the person. */
  refused?(person: { id: string; login: string }): Promise<void>;
}

interface PrivacyRow {
  id: number;
  privacy?: string | false;
  user_id?: Many2one;
  partner_ids?: number[];
  write_date?: string | false;
}

/**
 * Whether Odoo masked this row for the reader `self`: a stored record always has a write_date, so a false one means
 * Odoo replaced the fields; else the rule of `_check_private_event_conditions` on the public fields.
 */
export function maskedFor(row: PrivacyRow, self: { uid: number; partnerId: number }): boolean {
  if ('write_date' in row && row.write_date === false) return true;
  if (row.privacy !== 'private' || !row.user_id || row.user_id[0] === self.uid) return false;
  return !(row.partner_ids ?? []).includes(self.partnerId);
}

export class OwnerRoutedClient extends OdooClient {
  private self: { uid: number; partnerId: number } | null = null;
  private readonly owners = new Map<string, OdooClient>();

  constructor(
    private readonly clientOptions: OdooClientOptions,
    private readonly personKeys: PersonKeys | null,
  ) {
    super(clientOptions);
  }

  override async call<T>(model: string, method: string, params: OdooCallParams): Promise<T> {
    if (model !== 'calendar.event') return super.call<T>(model, method, params);
    if (method === 'search_read' || method === 'read') {
      const rows = await super.call<T>(model, method, params);
      // Cast: calendar.event reads are lists of rows with an id; unmask keeps the rows' shape, so T is the caller's.
      return (await this.unmask(rows as PrivacyRow[], params)) as T;
    }
    if (method !== 'write' && method !== 'unlink') return super.call<T>(model, method, params);
    try {
      return await super.call<T>(model, method, params);
    } catch (error) {
      if (!isErpError(error, 'auth') || !params.ids?.length) throw error;
      const owner = await this.ownerOfPrivate(params.ids);
      if (!owner) throw error;
      const client = await this.clientOf(owner.uid);
      if (!client) throw privateRefusal(owner.login);
      return this.asOwner(owner, () => client.call<T>(model, method, params));
    }
  }

  /** The client acting as Odoo user `uid` with their own key when it is known, else null. */
  async ownerClient(uid: number): Promise<OdooClient | null> {
    return this.clientOf(uid);
  }

  /** The integration user's uid and partner. */
  async whoAmI(): Promise<{ uid: number; partnerId: number }> {
    if (this.self) return this.self;
    const uid = await this.authenticate();
    const [user] = await super.call<Array<{ partner_id: Many2one }>>('res.users', 'search_read', {
      domain: [['id', '=', uid]],
      fields: ['partner_id'],
    });
    this.self = { uid, partnerId: user?.partner_id ? user.partner_id[0] : 0 };
    return this.self;
  }

  /**
   * The login of the organizer of a private event among `ids` that Odoo hides from the integration user, or null:
   * asked when a read came back without it (no key, or a key Odoo refused, which asOwner reported), so such an event
   * exists and a write to it is refused as that event's problem, never taken for a missing record.
   */
  async hiddenOwner(ids: number[]): Promise<string | null> {
    if (ids.length === 0) return null;
    return (await this.ownerOfPrivate(ids))?.login ?? null;
  }

  /**
   * Whether `apiKey` is the key of Odoo user `uid` (login `login`): JSON-RPC authenticates login + key, JSON-2 asks
   * whose key it is (`context_get`). Nothing else is called with it.
   */
  async checkPersonKey(person: { uid: number; login: string }, apiKey: string): Promise<PersonKeyCheck> {
    const client = new OdooClient({ ...this.clientOptions, login: person.login, apiKey });
    try {
      return (await client.authenticate()) === person.uid ? 'ok' : 'someone_else';
    } catch (error) {
      if (isErpError(error, 'auth')) return 'refused';
      throw error;
    }
  }

  /** Which of `ids` exist but stay masked for the integration user (no usable key of their organizer). */
  async hiddenAmong(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const self = await this.whoAmI();
    const rows = await super.call<PrivacyRow[]>('calendar.event', 'search_read', {
      domain: [['id', 'in', [...ids]]],
      fields: ['privacy', 'user_id', 'partner_ids', 'write_date'],
      context: { active_test: false },
    });
    return rows.filter((row) => maskedFor(row, self)).map((row) => row.id);
  }

  /**
   * Which of the series `recurrenceIds` have a member masked for the integration user: a private series whose
   * owner's key expired reads as no members at all, which is not a deleted series.
   */
  async hiddenSeriesAmong(recurrenceIds: readonly number[]): Promise<number[]> {
    if (recurrenceIds.length === 0) return [];
    const self = await this.whoAmI();
    const rows = await super.call<Array<PrivacyRow & { recurrence_id?: Many2one }>>('calendar.event', 'search_read', {
      domain: [['recurrence_id', 'in', [...recurrenceIds]]],
      fields: ['privacy', 'user_id', 'partner_ids', 'write_date', 'recurrence_id'],
      context: { active_test: false },
    });
    const hidden = new Set<number>();
    for (const row of rows) if (row.recurrence_id && maskedFor(row, self)) hidden.add(row.recurrence_id[0]);
    return [...hidden];
  }

  /** The owner's ErpError as a problem of that event: the person's key expired or was revoked. */
  async asOwner<T>(owner: { uid: number; login: string }, work: () => Promise<T>): Promise<T> {
    const { login } = owner;
    try {
      return await work();
    } catch (error) {
      if (!isErpError(error, 'auth')) throw error;
      await this.personKeys?.refused?.({ id: String(owner.uid), login });
      const message =
        `Odoo refused the API key ${login} linked for their private appointments (expired or revoked?): ${login} ` +
        'makes a new one in Odoo (avatar > My Preferences > Account Security > New API Key) and links it again.';
      throw new ErpError('validation', message, { erpMessage: message, cause: error });
    }
  }

  /** Masked rows read again as their organizer; the ones nobody can read stay masked (the reader leaves them out). */
  private async unmask(rows: PrivacyRow[], params: OdooCallParams): Promise<PrivacyRow[]> {
    const fields = params['fields'];
    if (!Array.isArray(fields) || !fields.includes('privacy') || !fields.includes('user_id') || rows.length === 0)
      return rows;
    // Who the integration user is matters only when a row is private at all (saves two calls on every other read).
    if (!rows.some((row) => row.privacy === 'private' || row.write_date === false)) return rows;
    const self = await this.whoAmI();
    const masked = rows.filter((row) => maskedFor(row, self));
    if (masked.length === 0) return rows;
    const byOwner = new Map<number, number[]>();
    for (const row of masked) {
      if (!row.user_id) continue;
      byOwner.set(row.user_id[0], [...(byOwner.get(row.user_id[0]) ?? []), row.id]);
    }
    const unmasked = new Map<number, PrivacyRow>();
    for (const [uid, ids] of byOwner) {
      const client = await this.clientOf(uid);
      if (!client) continue;
      const login = await this.loginOf(uid);
      let again: PrivacyRow[];
      try {
        again = await this.asOwner({ uid, login }, () =>
          client.call<PrivacyRow[]>('calendar.event', 'search_read', {
            domain: [['id', 'in', ids]],
            fields,
            context: { ...(params.context ?? {}), active_test: false },
          }),
        );
      } catch (error) {
        // A refused key (reported by asOwner) leaves that owner's rows masked, as without a key: a read never
        // stops the mailbox.
        if (!isErpError(error, 'validation')) throw error;
        continue;
      }
      for (const row of again) unmasked.set(row.id, row);
    }
    return rows.map((row) => unmasked.get(row.id) ?? row);
  }

  /** The organizer of these events when one of them is a private event Odoo hides from the integration user. */
  private async ownerOfPrivate(ids: number[]): Promise<{ uid: number; login: string } | null> {
    const self = await this.whoAmI();
    const rows = await super.call<PrivacyRow[]>('calendar.event', 'search_read', {
      domain: [['id', 'in', ids]],
      fields: ['privacy', 'user_id', 'partner_ids', 'write_date'],
      context: { active_test: false },
    });
    const row = rows.find((r) => maskedFor(r, self));
    if (!row?.user_id) return null;
    return { uid: row.user_id[0], login: await this.loginOf(row.user_id[0]) };
  }

  private async loginOf(uid: number): Promise<string> {
    const [user] = await super.call<Array<{ login: string }>>('res.users', 'search_read', {
      domain: [['id', '=', uid]],
      fields: ['login'],
      context: { active_test: false },
    });
    return user?.login ?? `user ${uid}`;
  }

  private async clientOf(uid: number): Promise<OdooClient | null> {
    if (!this.personKeys) return null;
    const login = await this.loginOf(uid);
    const key = await this.personKeys.keyFor({ id: String(uid), login });
    if (!key) return null;
    const cacheKey = `${uid}:${key}`;
    let client = this.owners.get(cacheKey);
    if (!client) {
      client = new OdooClient({ ...this.clientOptions, login, apiKey: key });
      this.owners.set(cacheKey, client);
    }
    return client;
  }
}

/** A write Odoo keeps for the owner, when the owner linked no key: a problem of that event, not of the mailbox. */
export function privateRefusal(login: string, odooSaid?: string): ErpError {
  const message =
    `This is a private appointment of ${login}: Odoo lets only its organizer and attendees change it. It syncs ` +
    `once ${login} links their own Odoo API key for private appointments.`;
  return new ErpError('validation', message, { erpMessage: message, ...(odooSaid ? { cause: odooSaid } : {}) });
}
