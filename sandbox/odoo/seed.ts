/**
 * The demo world: database "odoo" with an administrator and Adele (each with an API key), customers with
 * addresses, CRM leads, sale orders, event tags, alarms and a few calendar events around the clock's today.
 * Seeding sends no mail (the log starts empty).
 */
import { odooDatetime } from './clock';
import type { Env } from './env';
import { ADMIN_UID, create } from './orm';
import type { SalesRights } from './models/record-rules';
import { Database } from './store';

export const DEMO_DATABASE = 'odoo';
/** Fixed so the docs' curl commands can be pasted as they are. */
export const DEMO_USERS = {
  admin: {
    login: 'admin',
    password: 'admin',
    apiKey: 'demo-admin-api-key-0000000000000000000000',
    name: 'Mitchell Admin',
    email: 'admin@contoso.example',
    tz: 'Europe/Brussels',
  },
  adele: {
    login: 'adele@contoso.example',
    password: 'adele',
    apiKey: 'demo-adele-api-key-0000000000000000000000',
    name: 'Adele Vance',
    email: 'adele@contoso.example',
    tz: 'Europe/Paris',
    // A salesperson, as most people are: her own and unassigned leads and orders (record-rules.ts).
    sales: 'own',
  },
} as const;

export interface NewUser {
  login: string;
  /** Sales rights (record-rules.ts); default "All Documents". */
  sales?: SalesRights;
  /** Companies by id (default: the main company, 1). */
  companyIds?: number[];
  name: string;
  email?: string;
  tz?: string;
  password?: string;
  apiKey?: string;
}

/** Creates a partner + user pair and an API key; returns ids and the key. */
export function addUser(db: Database, now: string, user: NewUser): { uid: number; partnerId: number; apiKey: string } {
  const env = systemEnv(db, now);
  const [partnerId] = create(env, 'res.partner', [
    { name: user.name, email: user.email ?? user.login, tz: user.tz ?? false },
  ]);
  const companies = user.companyIds ? { company_ids: user.companyIds, company_id: user.companyIds[0] ?? false } : {};
  const [uid] = create(env, 'res.users', [
    { name: user.name, login: user.login, partner_id: partnerId, tz: user.tz ?? false, ...companies },
  ]);
  if (user.sales) db.salesRights.set(Number(uid), user.sales);
  if (user.password) db.passwords.set(Number(uid), user.password);
  const apiKey = db.addApiKey(Number(uid), 'outlook-erp-sync', user.apiKey);
  return { uid: Number(uid), partnerId: Number(partnerId), apiKey };
}

export function systemEnv(db: Database, now: string, uid = ADMIN_UID): Env {
  return { db, uid, now, context: { no_mail_to_attendees: true, __sudo: true } };
}

export function seedDemo(now: Date): Database {
  const db = new Database(DEMO_DATABASE);
  const stamp = odooDatetime(now);
  // uid 1 is OdooBot, uid 2 the administrator, as in a fresh Odoo database.
  const env = systemEnv(db, stamp, 1);
  create(env, 'res.company', [{ name: 'Contoso' }]);
  const [botPartner] = create(env, 'res.partner', [{ name: 'OdooBot', email: 'odoobot@example.com', active: false }]);
  create(env, 'res.users', [{ name: 'OdooBot', login: '__system__', partner_id: botPartner, active: false }]);
  addUser(db, stamp, DEMO_USERS.admin);
  const adele = addUser(db, stamp, DEMO_USERS.adele);
  const admin = systemEnv(db, stamp);
  create(
    admin,
    'ir.model',
    [...db.models.values()].map((def) => ({ model: def.name, name: def.description })),
  );
  const [france, uk, germany] = create(admin, 'res.country', [
    { name: 'France', code: 'FR' },
    { name: 'United Kingdom', code: 'GB' },
    { name: 'Germany', code: 'DE' },
  ]);
  const [fabrikam, northwind, tailspin] = create(admin, 'res.partner', [
    {
      name: 'Fabrikam, Inc.',
      is_company: true,
      customer_rank: 1,
      email: 'info@fabrikam.example',
      street: '1 Rue de la Paix',
      zip: '75002',
      city: 'Paris',
      country_id: france,
    },
    {
      name: 'Northwind Traders',
      is_company: true,
      customer_rank: 1,
      email: 'sales@northwind.example',
      street: '12 Harbour Road',
      zip: 'SW1A 1AA',
      city: 'London',
      country_id: uk,
    },
    {
      name: 'Tailspin Toys',
      is_company: true,
      customer_rank: 1,
      email: 'hello@tailspin.example',
      street: 'Kaiserstraße 5',
      zip: '60311',
      city: 'Frankfurt',
      country_id: germany,
    },
  ]);
  // A person at Fabrikam: a contact (parent_id), as Odoo's "Contacts" app files the people of a company.
  const [alex] = create(admin, 'res.partner', [
    {
      name: 'Alex Wilber',
      email: 'alex@fabrikam.example',
      customer_rank: 1,
      city: 'Paris',
      country_id: france,
      parent_id: fabrikam,
    },
  ]);
  const [lead] = create(admin, 'crm.lead', [
    {
      name: 'Fabrikam: 40 standing desks',
      partner_id: fabrikam,
      email_from: 'alex@fabrikam.example',
      stage_name: 'Qualified',
      expected_revenue: 24000,
      user_id: adele.uid,
    },
    {
      name: 'Northwind: support renewal',
      partner_id: northwind,
      stage_name: 'New',
      expected_revenue: 8000,
      user_id: adele.uid,
    },
  ]);
  create(admin, 'sale.order', [
    { name: 'S00001', partner_id: fabrikam, state: 'sale', amount_total: 12500, date_order: stamp, user_id: adele.uid },
    { name: 'S00002', partner_id: tailspin, state: 'draft', amount_total: 3400, date_order: stamp, user_id: adele.uid },
  ]);
  const [customerMeeting] = create(admin, 'calendar.event.type', [{ name: 'Customer Meeting' }, { name: 'Internal' }]);
  const [fifteen] = create(admin, 'calendar.alarm', [
    { name: '15 Minutes', alarm_type: 'notification', duration: 15, interval: 'minutes' },
    { name: '1 Hour', alarm_type: 'notification', duration: 1, interval: 'hours' },
    { name: '1 Day', alarm_type: 'email', duration: 1, interval: 'days' },
  ]);
  const day = (offset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));
  const at = (offset: number, hour: number) => odooDatetime(new Date(day(offset).getTime() + hour * 3_600_000));
  const asAdele = systemEnv(db, stamp, adele.uid);
  create(asAdele, 'calendar.event', [
    {
      name: 'Fabrikam kick-off',
      start: at(1, 8),
      stop: at(1, 9),
      location: 'Fabrikam, Paris',
      description: '<p>Agenda: <b>desks</b> rollout</p>',
      partner_ids: [adele.partnerId, alex],
      categ_ids: [customerMeeting],
      alarm_ids: [fifteen],
      res_model: 'crm.lead',
      res_id: lead,
      privacy: 'public',
    },
    {
      name: 'Trade fair',
      allday: true,
      start_date: odooDatetime(day(3)).slice(0, 10),
      stop_date: odooDatetime(day(4)).slice(0, 10),
      partner_ids: [adele.partnerId],
      show_as: 'free',
    },
    {
      name: 'Team stand-up',
      start: at(0, 7),
      stop: at(0, 7.25),
      partner_ids: [adele.partnerId],
      recurrency: true,
      rrule: 'FREQ=WEEKLY;COUNT=4',
      event_tz: 'Europe/Paris',
    },
  ]);
  return db;
}
