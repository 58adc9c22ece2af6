/**
 * The add-in's picker, like Dynamics' "Set Regarding": one search over customers and their contacts (res.partner),
 * opportunities and leads (crm.lead) and quotations and orders (sale.order), each typed and with the customer it
 * belongs to; documents are found by their own name or their customer's. A model that is not installed in this
 * Odoo (no CRM, no Sales), or that the acting user may not read (an AccessError), is left out: the picker offers
 * what this user may see.
 */
import { z } from 'zod';
import { isErpError } from '../errors';
import type { LinkableRecord, LinkableType } from '../port';
import { callParsed, Many2oneSchema, orFalse, PartnerNameSchema } from './answers';
import type { OdooClient } from './client';
import { isAccessError } from './faults';
import type { Many2one } from './wire-types';

const SALE_STATES: Record<string, string> = {
  draft: 'Quotation',
  sent: 'Quotation sent',
  sale: 'Sales order',
  cancel: 'Cancelled',
};

/** What the picker and the customer block read of a partner (PARTNER_FIELDS). */
export const PartnerAddressSchema = z.looseObject({
  id: z.number().int(),
  name: PartnerNameSchema,
  email: orFalse(z.string()),
  street: orFalse(z.string()),
  zip: orFalse(z.string()),
  city: orFalse(z.string()),
  country_id: Many2oneSchema,
});

/** A partner as `partnerRecord` reads it (PARTNER_RECORD_FIELDS). */
export const PartnerRowSchema = PartnerAddressSchema.extend({ is_company: z.boolean(), parent_id: Many2oneSchema });
export type PartnerRow = z.infer<typeof PartnerRowSchema>;

/** A lead or sale order as `documentRecord` reads it (DOCUMENT_FIELDS); a selection left empty reads false. */
export const DocumentRowSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  partner_id: Many2oneSchema,
  state: orFalse(z.string()).optional(),
  type: orFalse(z.string()).optional(),
});
export type DocumentRow = z.infer<typeof DocumentRowSchema>;

export type Url = (model: string, id: string) => string;

/** What the picker and the customer block read of a partner (`country_id`: res.partner has no country name field). */
export const PARTNER_FIELDS = ['name', 'email', 'street', 'zip', 'city', 'country_id'];

function customerOf(partner: Many2one): LinkableRecord['customer'] {
  return partner ? { id: String(partner[0]), name: partner[1] } : null;
}

function addressOf(p: PartnerRow): string {
  const cityLine = [p.zip, p.city].filter(Boolean).join(' ');
  return [p.street, cityLine, p.country_id ? p.country_id[1] : ''].filter(Boolean).join(', ') || p.email || '';
}

export async function rows<T>(
  client: OdooClient,
  model: string,
  domain: unknown[],
  fields: string[],
  limit: number,
  row: z.ZodType<T>,
): Promise<T[]> {
  try {
    return await callParsed(client, model, 'search_read', { domain, fields, limit }, z.array(row));
  } catch (error) {
    // "the model 'crm.lead' does not exist": the CRM or Sales app is not installed, so there is nothing to link to.
    if (isErpError(error, 'validation') && /doesn't exist|does not exist/.test(error.message)) return [];
    if (isAccessError(error)) return []; // the acting user may not read this model: nothing of it to offer
    if (isErpError(error, 'not_found')) return []; // JSON-2 answers 404 for a model that is not installed
    throw error;
  }
}

async function partners(client: OdooClient, query: string, limit: number, url: Url): Promise<LinkableRecord[]> {
  const fields = PARTNER_RECORD_FIELDS;
  const named = ['|', ['name', 'ilike', query], ['email', 'ilike', query]];
  const found = await rows(client, 'res.partner', named, fields, limit, PartnerRowSchema);
  // Then the people of the companies named so: a company's contacts are found by the company's name.
  if (found.length < limit) {
    const ofCompany = ['&', ['parent_id.name', 'ilike', query], ['id', 'not in', found.map((p) => p.id)]];
    found.push(...(await rows(client, 'res.partner', ofCompany, fields, limit - found.length, PartnerRowSchema)));
  }
  return found.map((p) => partnerRecord(p, url));
}

/** A partner as the picker shows it: a company or a person of one (a contact). */
export function partnerRecord(p: PartnerRow, url: Url): LinkableRecord {
  const contact = !p.is_company && p.parent_id !== false;
  return {
    model: 'res.partner',
    id: String(p.id),
    kind: 'customer',
    type: contact ? 'contact' : 'customer',
    name: p.name,
    customer: contact ? customerOf(p.parent_id) : null,
    description: contact ? p.email || '' : addressOf(p),
    url: url('res.partner', String(p.id)),
  };
}

/** The fields `partnerRecord` reads. */
export const PARTNER_RECORD_FIELDS = [...PARTNER_FIELDS, 'is_company', 'parent_id'];

async function documents(
  client: OdooClient,
  model: 'crm.lead' | 'sale.order',
  query: string,
  limit: number,
  url: Url,
): Promise<LinkableRecord[]> {
  const domain = ['|', ['name', 'ilike', query], ['partner_id.name', 'ilike', query]];
  const found = await rows(client, model, domain, DOCUMENT_FIELDS[model], limit, DocumentRowSchema);
  return found.map((r) => documentRecord(model, r, url));
}

/** The fields `documentRecord` reads, per document model. */
export const DOCUMENT_FIELDS = {
  'crm.lead': ['name', 'partner_id', 'type'],
  'sale.order': ['name', 'partner_id', 'state'],
} as const satisfies Record<string, string[]>;

/** A lead, opportunity, quotation or order as the picker shows it. */
export function documentRecord(model: 'crm.lead' | 'sale.order', r: DocumentRow, url: Url): LinkableRecord {
  const type: LinkableType =
    model === 'crm.lead' ? (r.type === 'lead' ? 'lead' : 'opportunity') : r.state === 'sale' ? 'order' : 'quotation';
  const state = model === 'sale.order' ? (SALE_STATES[r.state || ''] ?? '') : '';
  return {
    model,
    id: String(r.id),
    kind: 'document',
    type,
    name: r.name,
    customer: customerOf(r.partner_id),
    description: [r.partner_id ? r.partner_id[1] : '', state].filter(Boolean).join(' · '),
    url: url(model, String(r.id)),
  };
}

/** Takes from each group in turn, so one type with many matches does not hide the others. */
function interleave<T>(groups: T[][], limit: number): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < limit && groups.some((g) => i < g.length); i++) {
    for (const group of groups) {
      const item = group[i];
      if (item !== undefined && out.length < limit) out.push(item);
    }
  }
  return out;
}

export async function searchLinkable(
  client: OdooClient,
  query: string,
  limit: number,
  url: Url,
): Promise<LinkableRecord[]> {
  const groups = await Promise.all([
    partners(client, query, limit, url),
    documents(client, 'crm.lead', query, limit, url),
    documents(client, 'sale.order', query, limit, url),
  ]);
  return interleave(groups, limit);
}
