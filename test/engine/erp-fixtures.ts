/**
 * The ERPs the engine suites run against, behind one small interface: start the emulator, the adapter under test,
 * a person acting in the ERP (create, edit, delete an appointment), reading a record, and the ERP's mail log.
 * Implementations: the Odoo emulator and the reference REST ERP (its attendee outbox is its mail log).
 */
import { randomUUID } from 'node:crypto';
import { startOdooEmulator } from '../../sandbox/odoo/server';
import { startRestErp } from '../../sandbox/rest-erp/server';
import type { CanonicalEvent, ErpLink, EventField } from '../../server/core/model';
import type { CustomerAddressLookup } from '../../server/erp/customer-address';
import { createOdooAdapter } from '../../server/erp/odoo';
import type { ErpEvent, ErpPort, ErpUser } from '../../server/erp/port';
import { createRestErpAdapter } from '../../server/erp/rest';
import { toCreateBody, toPatchBody } from '../../server/erp/rest/from-canonical';

export interface RunningErp {
  /** The adapter under test, as the engine gets it. */
  port: ErpPort & Partial<CustomerAddressLookup>;
  /** A person creates an appointment in the ERP (no mail to anyone); answers its id. */
  create(user: ErpUser, event: CanonicalEvent): Promise<string>;
  /** A person edits these fields of an appointment in the ERP. */
  edit(id: string, changes: Partial<CanonicalEvent>): Promise<void>;
  /** A person deletes an appointment in the ERP. */
  remove(id: string): Promise<void>;
  /** The record as the ERP holds it now; undefined when it is gone. */
  read(id: string): Promise<ErpEvent | undefined>;
  /** Every mail the ERP sent (Odoo's mail log, the reference ERP's attendee outbox). */
  mailLog(): unknown[];
  /** A customer of this ERP: its link, and the address line a ship-to customer block shows for it. */
  customer: { link: ErpLink; addressLine: string };
  stop(): Promise<void>;
}

export interface ErpFixture {
  /** For test names. */
  name: string;
  /** The adapter's `kind`, which mappings store as their ERP model. */
  kind: string;
  start(): Promise<RunningErp>;
}

const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 10_000 };

function fieldsOf(changes: Partial<CanonicalEvent>): EventField[] {
  return Object.keys(changes) as EventField[];
}

/** The Odoo emulator; a person's edits go through the adapter as the admin would make them in Odoo's UI. */
export const ODOO: ErpFixture = {
  name: 'Odoo',
  kind: 'odoo',
  async start() {
    const odoo = await startOdooEmulator({ version: '19.0' });
    const port = createOdooAdapter({
      url: odoo.url,
      database: odoo.database,
      login: odoo.users.admin.login,
      apiKey: odoo.users.admin.apiKey,
      protocol: 'auto',
      clock: { now: () => new Date() },
      ...fast,
    });
    const quiet = { quiet: true };
    const admin = await port.findUser(odoo.users.admin.email);
    if (!admin) throw new Error('the Odoo emulator has no administrator');
    const [fabrikam] = await (await port.actingFor(admin, 'personCompanies')).searchLinkable('Fabrikam, Inc.', 1);
    if (fabrikam?.model !== 'res.partner') throw new Error('the Odoo emulator has no Fabrikam partner');
    return {
      port,
      create: async (user, event) =>
        (await port.createEvent(user, event, `person-${randomUUID()}`, { ...quiet, needsReview: false })).id,
      edit: async (id, changes) => {
        const [record] = await port.readEvents([id]);
        if (!record) throw new Error(`Odoo has no event ${id}`);
        await port.updateEvent(id, { ...record.event, ...changes }, fieldsOf(changes), quiet);
      },
      remove: (id) => port.deleteEvent(id, 'delete', quiet),
      read: async (id) => (await port.readEvents([id]))[0],
      mailLog: () => odoo.control.mailLog(),
      // Odoo: the partner's own address (no delivery contact), so bill-to and ship-to are the same.
      customer: {
        link: { model: 'res.partner', id: fabrikam.id },
        addressLine: '1 Rue de la Paix, 75002 Paris, France',
      },
      stop: () => odoo.stop(),
    };
  },
};

/** The reference REST ERP; a person's edits go through its control API, which acts like its own UI. */
export const REST_ERP: ErpFixture = {
  name: 'the reference REST ERP',
  kind: 'rest',
  async start() {
    const erp = await startRestErp();
    const port = createRestErpAdapter({ baseUrl: erp.url, auth: { kind: 'bearer', token: erp.token }, ...fast });
    const read = async (id: string) => (await port.readEvents([id]))[0];
    return {
      port,
      create: async (user, event) => erp.control.createAs(toCreateBody(user, event, false)).id,
      edit: async (id, changes) => {
        const record = await read(id);
        if (!record) throw new Error(`The reference ERP has no appointment ${id}`);
        erp.control.updateAs(id, toPatchBody({ ...record.event, ...changes }, fieldsOf(changes)));
      },
      remove: async (id) => erp.control.deleteAs(id),
      read,
      mailLog: () => erp.control.outbox(),
      customer: {
        link: { model: 'customer', id: 'cust-fabrikam' },
        addressLine: '200 Plant Road, 98052 Redmond, WA, US',
      },
      stop: () => erp.stop(),
    };
  },
};

export const ERPS: readonly ErpFixture[] = [ODOO, REST_ERP];
