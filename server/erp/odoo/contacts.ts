/**
 * The pane's attendee list on Odoo: res.partner records by e-mail (the company from `parent_id`), a new partner for
 * an attendee (found by e-mail first, so a retry makes none twice), and a crm.lead for an attendee, made once per
 * idempotency key through an external id (ir.model.data), as the calendar writes are.
 */
import { z } from 'zod';
import type { ErpContact, LinkableRecord, NewContact, NewLead } from '../port';
import { callParsed, CreatedIdSchema, Many2oneSchema, orFalse, PartnerNameSchema } from './answers';
import type { OdooClient } from './client';

const id = z.number().int();
const PartnerRowSchema = z.looseObject({
  id,
  name: PartnerNameSchema,
  email: orFalse(z.string()),
  parent_id: Many2oneSchema,
});
type PartnerRow = z.infer<typeof PartnerRowSchema>;
const LeadRowSchema = z.looseObject({
  id,
  name: z.string(),
  partner_id: Many2oneSchema,
  contact_name: orFalse(z.string()).optional(),
});
const IdRowsSchema = z.array(z.looseObject({ id }));
const ResIdRowsSchema = z.array(z.looseObject({ res_id: id }));

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
  const params = { domain, fields: FIELDS, order: 'id' };
  const rows = await callParsed(client, 'res.partner', 'search_read', params, z.array(PartnerRowSchema));
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
    const domain = [
      ['is_company', '=', true],
      ['name', '=ilike', input.company],
    ];
    const params = { domain, fields: ['id'], limit: 1 };
    const [company] = await callParsed(client, 'res.partner', 'search_read', params, IdRowsSchema);
    parentId = company?.id ?? false;
  }
  const vals_list = [{ name: input.name, email: input.email.toLowerCase(), parent_id: parentId }];
  const newId = await callParsed(client, 'res.partner', 'create', { vals_list }, CreatedIdSchema);
  // The record just made: exactly one row, or the answer is wrong.
  const params = { ids: [newId], fields: FIELDS };
  const [row] = await callParsed(client, 'res.partner', 'read', params, z.tuple([PartnerRowSchema]));
  return contactOf(row, url);
}

const LEAD_MODULE = 'outlook_erp_sync_lead';

function leadOf(row: z.infer<typeof LeadRowSchema>, url: Url) {
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
  const domain = [
    ['module', '=', LEAD_MODULE],
    ['name', '=', name],
  ];
  const byName = { domain, fields: ['res_id'], limit: 1 };
  const [known] = await callParsed(client, 'ir.model.data', 'search_read', byName, ResIdRowsSchema);
  if (known) {
    const params = { ids: [known.res_id], fields };
    const [row] = await callParsed(client, 'crm.lead', 'read', params, z.array(LeadRowSchema));
    if (row) return leadOf(row, url);
  }
  const [contact] = await findContacts(client, [input.email], url);
  const id = await callParsed(
    client,
    'crm.lead',
    'create',
    {
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
    },
    CreatedIdSchema,
  );
  // Its answer is only passed on: not parsed (answers.ts).
  await client.call('ir.model.data', 'create', {
    vals_list: [{ module: LEAD_MODULE, name, model: 'crm.lead', res_id: id, noupdate: true }],
  });
  const [row] = await callParsed(client, 'crm.lead', 'read', { ids: [id], fields }, z.tuple([LeadRowSchema]));
  return leadOf(row, url);
}
