/**
 * The pane's attendee list on Odoo: res.partner records by e-mail (the company from `parent_id`), a new partner for
 * an attendee (found by e-mail first, so a retry makes none twice), and a crm.lead for an attendee, made once per
 * idempotency key through an external id (`load`), as the calendar writes are. Called acting for a person
 * (acting-person.ts), so Odoo's rights are the person's.
 */
import { z } from 'zod';
import type { ErpContact, LinkableRecord, NewContact, NewLead } from '../port';
import { ErpError } from '../errors';
import {
  callParsed,
  CreatedIdSchema,
  ExternalIdsSchema,
  IdsSchema,
  LoadResultSchema,
  Many2oneSchema,
  orFalse,
  PartnerNameSchema,
} from './answers';
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

/** A lead made before with this key is looked for among the acting user's newest leads, this many. */
const LEAD_LOOKBACK = 200;

/**
 * The lead made under `outlook_erp_sync_lead.<key>`, or a new one. Made with `load` (its external id in the same
 * transaction), as the calendar's creates are: a person acting with their own key may create leads but not
 * ir.model.data rows, which Odoo writes itself inside `load`. Found again by `get_external_id` among the acting
 * user's newest leads, which needs no read right on ir.model.data either.
 */
export async function createLead(client: OdooClient, input: NewLead, key: string, url: Url): Promise<LinkableRecord> {
  const xmlid = `${LEAD_MODULE}.${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const fields = ['name', 'partner_id', 'contact_name'];
  const known = await leadOfKey(client, xmlid);
  if (known !== null) {
    const [row] = await callParsed(client, 'crm.lead', 'read', { ids: [known], fields }, z.array(LeadRowSchema));
    if (row) return leadOf(row, url);
  }
  const [contact] = await findContacts(client, [input.email], url);
  const columns = ['id', 'name', 'type', 'contact_name', 'email_from', 'partner_name', 'partner_id/.id'];
  const row = [
    xmlid,
    input.title,
    'lead',
    input.contactName,
    input.email.toLowerCase(),
    input.company ?? '',
    contact ? contact.id : '',
  ];
  const result = await callParsed(client, 'crm.lead', 'load', { fields: columns, data: [row] }, LoadResultSchema);
  const id = result.ids ? result.ids[0] : undefined;
  if (id === undefined) {
    const said = result.messages.map((m) => m.message).join(' ') || 'no reason given';
    throw new ErpError('validation', `Odoo refused the lead: ${said}`, { erpMessage: said });
  }
  const [made] = await callParsed(client, 'crm.lead', 'read', { ids: [id], fields }, z.tuple([LeadRowSchema]));
  return leadOf(made, url);
}

async function leadOfKey(client: OdooClient, xmlid: string): Promise<number | null> {
  const uid = await client.authenticate();
  const params = { domain: [['create_uid', '=', uid]], order: 'id desc', limit: LEAD_LOOKBACK };
  const ids = await callParsed(client, 'crm.lead', 'search', params, IdsSchema);
  if (ids.length === 0) return null;
  const names = await callParsed(client, 'crm.lead', 'get_external_id', { ids }, ExternalIdsSchema);
  const found = Object.entries(names).find(([, name]) => name === xmlid);
  return found ? Number(found[0]) : null;
}
