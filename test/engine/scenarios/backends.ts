/**
 * The ERP back-ends the scenario suite runs on, behind one small interface: the product's adapter (what the engine
 * gets) and Adele acting in Odoo as in its web client (positional `call_kw` with her own rights, mails included).
 * Implementations: the Odoo emulator, and real Odoo 19 over JSON-2 or JSON-RPC (the adapter's protocol; Adele's
 * own calls are the web client's either way).
 */
import { startOdooEmulator } from '../../../sandbox/odoo/server';
import { createOdooAdapter } from '../../../server/erp/odoo';
import type { ErpPort } from '../../../server/erp/port';
import { realOdooAdapter } from '../../support/real-odoo-adapter';
import type { RealOdooDatabase, RealOdooProtocol } from '../../support/real-odoo';

export const ADELE_EMAIL = 'adele@contoso.example';
export const ZONE = 'Europe/Paris';

export interface ErpPerson {
  uid: number;
  partnerId: number;
  email: string;
}

export interface ScenarioErp {
  name: string;
  port: ErpPort;
  adele: ErpPerson;
  /** Another internal user of the same company (an organizer Adele hands a meeting to). */
  colleague: ErpPerson;
  /** Adele calls `method` on `model` as in Odoo's web client. */
  act<T = unknown>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
  /** The administrator makes a contact (people need Contact: Creation rights to). */
  addContact(name: string, email: string | false): Promise<number>;
  /** The administrator changes a contact's e-mail address. */
  setEmail(partnerId: number, email: string): Promise<void>;
  /** Subjects of every mail the ERP sent or queued (what attendees would have received). */
  mails(): Promise<string[]>;
  stop(): Promise<void>;
}

const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

export async function emulatorErp(): Promise<ScenarioErp> {
  const odoo = await startOdooEmulator({ version: '19.0' });
  const port = createOdooAdapter({
    url: odoo.url,
    database: odoo.database,
    login: odoo.users.admin.login,
    apiKey: odoo.users.admin.apiKey,
    protocol: 'auto',
    clock: { now: () => new Date() },
    // S23 writes a 300-occurrence series: one call took over 10 s on the emulator while CI ran real Odoo beside it
    // (the run failed on the call's deadline; alone it takes 3.5 s in all).
    timeoutMs: 60_000,
    ...fast,
  });
  const bob = odoo.control.createUser({ login: 'bob@contoso.example', name: 'Bob Kelly', tz: ZONE });
  const act = async <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
    odoo.control.act(ADELE_EMAIL, model, method, args, kwargs) as T;
  const [adele] = await act<Array<{ id: number; partner_id: [number, string] }>>('res.users', 'search_read', [
    [['login', '=', ADELE_EMAIL]],
    ['partner_id'],
  ]);
  return {
    name: 'Odoo emulator',
    port,
    adele: { uid: adele!.id, partnerId: adele!.partner_id[0], email: ADELE_EMAIL },
    colleague: { uid: bob.uid, partnerId: bob.partnerId, email: 'bob@contoso.example' },
    act,
    addContact: async (name, email) => odoo.control.createRecords('res.partner', [{ name, email }])[0]!,
    setEmail: async (id, email) => {
      odoo.control.act('admin', 'res.partner', 'write', [[id], { email }]);
    },
    mails: async () => odoo.control.mailLog().map((m) => String((m as { subject?: unknown }).subject)),
    stop: () => odoo.stop(),
  };
}

/** Real Odoo on `db` (a fresh database of describeRealOdoo's block), the adapter over `protocol`. */
export async function realOdooErp(db: RealOdooDatabase, protocol: RealOdooProtocol): Promise<ScenarioErp> {
  const adele = await db.createUser({ login: ADELE_EMAIL, name: 'Adele Vance', tz: ZONE });
  const bob = await db.createUser({ login: 'bob@contoso.example', name: 'Bob Kelly', tz: ZONE });
  return {
    name: `real Odoo (${protocol})`,
    port: realOdooAdapter(db, protocol),
    adele: { uid: adele.id, partnerId: adele.partnerId, email: ADELE_EMAIL },
    colleague: { uid: bob.id, partnerId: bob.partnerId, email: bob.email },
    act: (model, method, args, kwargs = {}) => db.executeKw(adele.id, adele.apiKey, model, method, args, kwargs),
    addContact: async (name, email) =>
      (await db.call<number[]>('res.partner', 'create', { vals_list: [{ name, email }] }))[0]!,
    setEmail: async (id, email) => {
      await db.call('res.partner', 'write', { ids: [id], vals: { email } });
    },
    mails: async () => (await db.mailQueue()).map((m) => m.subject),
    stop: async () => undefined,
  };
}
