/**
 * The pane's attendee list on Odoo: res.partner records by e-mail (the company from `parent_id`), a new partner for
 * an attendee (found by e-mail first, so a retry makes none twice), and a crm.lead for an attendee, made once per
 * idempotency key through an external id (ir.model.data), as the calendar writes are.
 */
import type { ErpContact, LinkableRecord, NewContact, NewLead } from '../port';
import type { OdooClient } from './client';
import type { Many2one } from './wire-types';

interface PartnerRow {
  id: number;
  name: string;
  email: string | false;
  parent_id: Many2one;
}

type Url = (model: string, id: string) => string;

const FIELDS = ['name', 'email', 'parent_id'];

function contactOf(p: PartnerRow, url: Url): ErpContact {
  return {
    model: 'res.partner',
    id: String(p.id),
    name: p.name,
    email: (p.email || '').toLowerCase(),
    company: p.parent_id ? p.parent_id[1] : null,
    url: url('res.partner', String(p.id)),
  };
}

export async function findContacts(client: OdooClient, emails: readonly string[], url: Url): Promise<ErpContact[]> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (wanted.length === 0) return [];
  // `=ilike` is Odoo's case-insensitive equality; one OR-chained domain for all addresses.
  const domain = [...wanted.slice(1).map(() => '|'), ...wanted.map((email) => ['email', '=ilike', email])];
  const rows = await client.call<PartnerRow[]>('res.partner', 'search_read', { domain, fields: FIELDS, order: 'id' });
  const byEmail = new Map<string, ErpContact>();
  for (const row of rows) {
    const contact = contactOf(row, url);
    if (!byEmail.has(contact.email)) byEmail.set(contact.email, contact);
  }
  return [...byEmail.values()];
}

export async function createContact(client: OdooClient, input: NewContact, url: Url): Promise<ErpContact> {
  const [existing] = await findContacts(client, [input.email], url);
  if (existing) return existing;
  let parentId: number | false = false;
  if (input.company) {
    const [company] = await client.call<Array<{ id: number }>>('res.partner', 'search_read', {
      domain: [
        ['is_company', '=', true],
        ['name', '=ilike', input.company],
      ],
      fields: ['id'],
      limit: 1,
    });
    parentId = company?.id ?? false;
  }
  const id = await client.call<number | number[]>('res.partner', 'create', {
    vals_list: [{ name: input.name, email: input.email.toLowerCase(), parent_id: parentId }],
  });
  const newId = Array.isArray(id) ? id[0]! : id;
  const [row] = await client.call<PartnerRow[]>('res.partner', 'read', { ids: [newId], fields: FIELDS });
  return contactOf(row!, url);
}

const LEAD_MODULE = 'outlook_erp_sync_lead';

function leadOf(row: { id: number; name: string; partner_id: Many2one; contact_name?: string | false }, url: Url) {
  const record: LinkableRecord = {
    model: 'crm.lead',
    id: String(row.id),
    kind: 'document',
    type: 'lead',
    name: row.name,
    customer: row.partner_id ? { id: String(row.partner_id[0]), name: row.partner_id[1] } : null,
    description: row.contact_name || '',
    url: url('crm.lead', String(row.id)),
  };
  return record;
}

export async function createLead(client: OdooClient, input: NewLead, key: string, url: Url): Promise<LinkableRecord> {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  const fields = ['name', 'partner_id', 'contact_name'];
  const [known] = await client.call<Array<{ res_id: number }>>('ir.model.data', 'search_read', {
    domain: [
      ['module', '=', LEAD_MODULE],
      ['name', '=', name],
    ],
    fields: ['res_id'],
    limit: 1,
  });
  if (known) {
    const [row] = await client.call<Parameters<typeof leadOf>[0][]>('crm.lead', 'read', {
      ids: [known.res_id],
      fields,
    });
    if (row) return leadOf(row, url);
  }
  const [contact] = await findContacts(client, [input.email], url);
  const created = await client.call<number | number[]>('crm.lead', 'create', {
    vals_list: [
      {
        name: input.title,
        type: 'lead',
        contact_name: input.contactName,
        email_from: input.email.toLowerCase(),
        ...(input.company ? { partner_name: input.company } : {}),
        ...(contact ? { partner_id: Number(contact.id) } : {}),
      },
    ],
  });
  const id = Array.isArray(created) ? created[0]! : created;
  await client.call('ir.model.data', 'create', {
    vals_list: [{ module: LEAD_MODULE, name, model: 'crm.lead', res_id: id, noupdate: true }],
  });
  const [row] = await client.call<Parameters<typeof leadOf>[0][]>('crm.lead', 'read', { ids: [id], fields });
  return leadOf(row!, url);
}
