/**
 * Who an e-mail is in Odoo (res.users) and each user's partner, cached: a run looks its person up every time and who
 * holds an e-mail rarely changes. Reads only; never creates users.
 */
import { z } from 'zod';
import { ErpError } from '../errors';
import type { ErpUser } from '../port';
import type { OdooClient } from './client';
import { callParsed, UserPartnerSchema, UserRowSchema } from './answers';

/** How long a user found by e-mail is trusted, and a miss. */
const USER_CACHE_MS = 5 * 60_000;
const MISS_CACHE_MS = 60_000;

export class OdooUsers {
  private readonly users = new Map<string, { user: ErpUser | null; until: number }>();
  private readonly partners = new Map<number, number>();

  constructor(
    private readonly client: OdooClient,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  /**
   * Cached a few minutes, and the user's partner with it. A miss is cached for a minute only, so a user added in
   * Odoo is found soon.
   */
  async find(email: string): Promise<ErpUser | null> {
    const key = email.toLowerCase();
    const now = this.clock.now().getTime();
    const cached = this.users.get(key);
    if (cached && cached.until > now) return cached.user;
    const user = await this.lookUp(email);
    this.users.set(key, { user, until: now + (user ? USER_CACHE_MS : MISS_CACHE_MS) });
    return user;
  }

  /** A user's partner never changes: looked up once per process. */
  async partnerOf(uid: number): Promise<number> {
    const known = this.partners.get(uid);
    if (known !== undefined) return known;
    const [user] = await callParsed(
      this.client,
      'res.users',
      'search_read',
      { domain: [['id', '=', uid]], fields: ['partner_id'], context: { active_test: false } },
      z.array(UserPartnerSchema),
    );
    if (!user?.partner_id) throw new ErpError('not_found', `Odoo user ${uid} does not exist`);
    this.partners.set(uid, user.partner_id[0]);
    return user.partner_id[0];
  }

  /** Partners of many users, uncached ones in one call (the tenant feed after a restart). */
  async partnersOf(uids: readonly number[]): Promise<Map<number, number>> {
    const missing = uids.filter((uid) => !this.partners.has(uid));
    if (missing.length > 0) {
      const rows = await callParsed(
        this.client,
        'res.users',
        'search_read',
        { domain: [['id', 'in', missing]], fields: ['partner_id'], context: { active_test: false } },
        z.array(UserPartnerSchema),
      );
      for (const row of rows) if (row.partner_id) this.partners.set(row.id, row.partner_id[0]);
    }
    const out = new Map<number, number>();
    for (const uid of uids) {
      const partner = this.partners.get(uid);
      if (partner === undefined) throw new ErpError('not_found', `Odoo user ${uid} does not exist`);
      out.set(uid, partner);
    }
    return out;
  }

  private async lookUp(email: string): Promise<ErpUser | null> {
    const [user] = await callParsed(
      this.client,
      'res.users',
      'search_read',
      {
        domain: ['|', ['login', '=ilike', email], ['email', '=ilike', email]],
        fields: ['login', 'name', 'email', 'tz', 'partner_id'],
        limit: 1,
      },
      z.array(UserRowSchema),
    );
    if (!user) return null;
    if (user.partner_id) this.partners.set(user.id, user.partner_id[0]);
    return {
      id: String(user.id),
      login: user.login,
      email: (user.email || user.login).toLowerCase(),
      name: user.name,
      ...(user.tz ? { timeZone: user.tz } : {}),
    };
  }
}
