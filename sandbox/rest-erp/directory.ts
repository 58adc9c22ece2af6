/**
 * The reference ERP's people, customers (with bill-to and ship-to addresses) and customer tasks (its documents):
 * lookups, the linkable-records search, and what a link resolves to (its name, its customer).
 */
import type {
  WireAddress,
  WireCustomer,
  WireCustomerRef,
  WireLink,
  WireLinkableRecord,
  WirePerson,
} from './contract-types';
import type { Db } from './database';

interface CustomerRow {
  id: string;
  name: string;
  bill_to: string;
  ship_to: string | null;
}

interface TaskRow {
  id: string;
  name: string;
  state: string;
  customer_id: string;
  customer_name: string;
}

/** The link models this ERP knows: a customer itself, or a customer task. */
export const LINK_MODELS = ['customer', 'task'] as const;

function customerRow(db: Db, id: string): CustomerRow | undefined {
  return db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
}

function taskRow(db: Db, id: string): TaskRow | undefined {
  return db
    .prepare('SELECT t.*, c.name AS customer_name FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?')
    .get(id) as TaskRow | undefined;
}

function oneLine(address: WireAddress): string {
  return [address.street, `${address.postalCode} ${address.city}`, address.country].join(', ');
}

/** The person whose e-mail or login is `email`, case-insensitively. */
export function findPersonByEmail(db: Db, email: string): WirePerson | null {
  const row = db
    .prepare('SELECT id, login, email, name, time_zone FROM people WHERE email = ? OR login = ?')
    .get(email, email) as (WirePerson & { time_zone: string | null }) | undefined;
  if (!row) return null;
  const { time_zone: timeZone, ...person } = row;
  return timeZone ? { ...person, timeZone } : person;
}

export function personExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
}

export function getCustomer(db: Db, id: string, baseUrl: string): WireCustomer | null {
  const row = customerRow(db, id);
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    billTo: JSON.parse(row.bill_to) as WireAddress,
    shipTo: row.ship_to ? (JSON.parse(row.ship_to) as WireAddress) : null,
    url: `${baseUrl}/ui/customer/${encodeURIComponent(row.id)}`,
  };
}

/** Whether a link points at a record this ERP has. */
export function linkExists(db: Db, link: WireLink): boolean {
  if (link.model === 'customer') return customerRow(db, link.id) !== undefined;
  if (link.model === 'task') return taskRow(db, link.id) !== undefined;
  return false;
}

export function linkName(db: Db, link: WireLink): string {
  const row =
    link.model === 'customer' ? customerRow(db, link.id) : link.model === 'task' ? taskRow(db, link.id) : undefined;
  return row?.name ?? '';
}

/** The appointment's customer: the linked customer, or the linked task's customer. */
export function customerOf(db: Db, link: WireLink | null): WireCustomerRef | null {
  if (!link) return null;
  if (link.model === 'customer') {
    const row = customerRow(db, link.id);
    return row ? { id: row.id, name: row.name } : null;
  }
  if (link.model === 'task') {
    const row = taskRow(db, link.id);
    return row ? { id: row.customer_id, name: row.customer_name } : null;
  }
  return null;
}

/**
 * Whether `person` (an Acting-For person id; null: the integration itself, which sees all) may see the customer:
 * a customer with an account team is its team's only.
 */
const VISIBLE = `(@person IS NULL OR NOT EXISTS (SELECT 1 FROM customer_access a WHERE a.customer_id = c.id)
  OR EXISTS (SELECT 1 FROM customer_access a WHERE a.customer_id = c.id AND a.person_id = @person))`;

export function customerVisible(db: Db, id: string, person: string | null): boolean {
  return db.prepare(`SELECT 1 FROM customers c WHERE c.id = @id AND ${VISIBLE}`).get({ id, person }) !== undefined;
}

/**
 * Customers whose name contains `q`, then tasks whose name or customer's name does; case-insensitive; only those
 * `person` may see (null: all).
 */
export function searchRecords(
  db: Db,
  q: string,
  limit: number,
  baseUrl: string,
  person: string | null,
): WireLinkableRecord[] {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const customers = db
    .prepare(`SELECT id FROM customers c WHERE name LIKE @like ESCAPE '\\' AND ${VISIBLE} ORDER BY name LIMIT @limit`)
    .all({ like, limit, person }) as Array<{ id: string }>;
  const records: WireLinkableRecord[] = customers.map(({ id }) => {
    const customer = getCustomer(db, id, baseUrl) as WireCustomer;
    const visit = customer.shipTo ?? customer.billTo;
    return { kind: 'customer', model: 'customer', ...customer, description: oneLine(visit) };
  });
  const tasks = db
    .prepare(
      `SELECT t.*, c.name AS customer_name FROM tasks t JOIN customers c ON c.id = t.customer_id
       WHERE (t.name LIKE @like ESCAPE '\\' OR c.name LIKE @like ESCAPE '\\') AND ${VISIBLE}
       ORDER BY t.name LIMIT @limit`,
    )
    .all({ like, limit: Math.max(0, limit - records.length), person }) as TaskRow[];
  for (const task of tasks) {
    records.push({
      kind: 'document',
      model: 'task',
      id: task.id,
      name: task.name,
      description: `${task.customer_name} - ${task.state}`,
      url: `${baseUrl}/ui/task/${encodeURIComponent(task.id)}`,
      customer: { id: task.customer_id, name: task.customer_name },
    });
  }
  return records;
}

/** One linkable record by model and id, as `searchRecords` lists it, or null (also when `person` may not see it). */
export function getRecord(
  db: Db,
  model: string,
  id: string,
  baseUrl: string,
  person: string | null,
): WireLinkableRecord | null {
  if (model === 'customer') {
    if (!customerVisible(db, id, person)) return null;
    const customer = getCustomer(db, id, baseUrl);
    if (!customer) return null;
    return {
      kind: 'customer',
      model: 'customer',
      ...customer,
      description: oneLine(customer.shipTo ?? customer.billTo),
    };
  }
  if (model !== 'task') return null;
  const task = db
    .prepare('SELECT t.*, c.name AS customer_name FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?')
    .get(id) as TaskRow | undefined;
  if (!task || !customerVisible(db, task.customer_id, person)) return null;
  return {
    kind: 'document',
    model: 'task',
    id: task.id,
    name: task.name,
    description: `${task.customer_name} - ${task.state}`,
    url: `${baseUrl}/ui/task/${encodeURIComponent(task.id)}`,
    customer: { id: task.customer_id, name: task.customer_name },
  };
}
