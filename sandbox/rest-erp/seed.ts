/**
 * The reference ERP's demo world: two people (Adele, Megan), customers with bill-to and ship-to addresses,
 * customer tasks, and a few appointments around "now" so a sync window always holds some.
 */
import type { WireAddress, WireAppointmentCreate } from './contract-types';
import { AppointmentStore } from './appointments';
import { clearDatabase, type Db } from './database';

export const DEMO_PEOPLE = [
  { id: 'person-adele', login: 'adele', email: 'adele@contoso.example', name: 'Adele Vance', timeZone: 'Europe/Paris' },
  {
    id: 'person-megan',
    login: 'megan',
    email: 'megan@contoso.example',
    name: 'Megan Bowen',
    timeZone: 'America/New_York',
  },
];

const CUSTOMERS: Array<{ id: string; name: string; billTo: WireAddress; shipTo: WireAddress | null }> = [
  {
    id: 'cust-fabrikam',
    name: 'Fabrikam Inc.',
    billTo: { street: '1 Finance Way', city: 'Seattle', postalCode: '98101', region: 'WA', country: 'US' },
    shipTo: { street: '200 Plant Road', city: 'Redmond', postalCode: '98052', region: 'WA', country: 'US' },
  },
  {
    id: 'cust-northwind',
    name: 'Northwind Traders',
    billTo: { street: '12 Harbour Street', city: 'Lyon', postalCode: '69002', country: 'FR' },
    shipTo: null,
  },
  {
    id: 'cust-tailspin',
    name: 'Tailspin Toys',
    billTo: { street: '5 Market Square', city: 'Munich', postalCode: '80331', region: 'BY', country: 'DE' },
    shipTo: { street: '77 Airfield Lane', city: 'Freising', postalCode: '85354', region: 'BY', country: 'DE' },
  },
  {
    id: 'cust-litware',
    name: 'Litware Ltd.',
    billTo: { street: '9 Quay Street', city: 'Dublin', postalCode: 'D02', country: 'IE' },
    shipTo: null,
  },
];

/** Litware is Megan's account only: Adele's searches (Acting-For) never show it. */
const ACCOUNT_TEAMS = [{ customerId: 'cust-litware', personId: 'person-megan' }];

const TASKS = [
  { id: 'task-101', name: 'Boiler installation', state: 'planned', customerId: 'cust-fabrikam' },
  { id: 'task-102', name: 'Annual maintenance', state: 'in progress', customerId: 'cust-northwind' },
  { id: 'task-103', name: 'Site survey', state: 'planned', customerId: 'cust-tailspin' },
  { id: 'task-104', name: 'Litware rollout', state: 'planned', customerId: 'cust-litware' },
];

function at(now: Date, days: number, hour: number): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour));
  return day.toISOString().replace('.000Z', 'Z');
}

function appointments(now: Date): WireAppointmentCreate[] {
  const day = (days: number) => at(now, days, 0).slice(0, 10);
  return [
    {
      ownerId: 'person-adele',
      title: 'Fabrikam: boiler installation visit',
      timing: { kind: 'timed', start: at(now, 2, 8), end: at(now, 2, 10), timeZone: 'America/Los_Angeles' },
      location: '200 Plant Road, Redmond',
      link: { model: 'task', id: 'task-101' },
    },
    {
      ownerId: 'person-adele',
      title: 'Northwind on-site day',
      timing: { kind: 'allDay', startDate: day(5), endDate: day(6) },
      link: { model: 'customer', id: 'cust-northwind' },
    },
    {
      ownerId: 'person-adele',
      title: 'Weekly service planning',
      timing: { kind: 'timed', start: at(now, -7, 7), end: at(now, -7, 8), timeZone: 'Europe/Paris' },
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=10', timeZone: 'Europe/Paris', exDates: [], modified: [] },
    },
    {
      ownerId: 'person-megan',
      title: 'Tailspin site survey',
      timing: { kind: 'timed', start: at(now, 3, 13), end: at(now, 3, 15), timeZone: 'Europe/Berlin' },
      link: { model: 'task', id: 'task-103' },
      needsReview: true,
    },
  ];
}

export function seedDemoWorld(db: Db, now: Date = new Date()): void {
  db.transaction(() => {
    clearDatabase(db);
    const person = db.prepare(
      'INSERT INTO people (id, login, email, name, time_zone) VALUES (@id, @login, @email, @name, @timeZone)',
    );
    for (const p of DEMO_PEOPLE) person.run(p);
    const customer = db.prepare('INSERT INTO customers (id, name, bill_to, ship_to) VALUES (?, ?, ?, ?)');
    for (const c of CUSTOMERS)
      customer.run(c.id, c.name, JSON.stringify(c.billTo), c.shipTo ? JSON.stringify(c.shipTo) : null);
    const access = db.prepare('INSERT INTO customer_access (customer_id, person_id) VALUES (?, ?)');
    for (const a of ACCOUNT_TEAMS) access.run(a.customerId, a.personId);
    const task = db.prepare('INSERT INTO tasks (id, name, state, customer_id) VALUES (?, ?, ?, ?)');
    for (const t of TASKS) task.run(t.id, t.name, t.state, t.customerId);
    const store = new AppointmentStore(db);
    for (const a of appointments(now)) store.create(a, '');
  })();
}
