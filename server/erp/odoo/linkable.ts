/**
 * The add-in's picker: customers (res.partner, with their address) and business documents (crm.lead, sale.order)
 * whose name matches. A document model that is not installed in this Odoo, or that the acting user may not read
 * (no Sales rights: an AccessError), is left out: the picker offers what this user may see.
 */
import { isErpError } from '../errors';
import type { LinkableRecord } from '../port';
import type { OdooClient } from './client';
import type { Many2one, OdooPartnerRead } from './wire-types';

const SALE_STATES: Record<string, string> = {
  draft: 'Quotation',
  sent: 'Quotation sent',
  sale: 'Sales order',
  cancel: 'Cancelled',
};

/** What the picker and the customer block read of a partner (`country_id`: res.partner has no country name field). */
export const PARTNER_FIELDS = ['name', 'email', 'street', 'zip', 'city', 'country_id'];

export function addressOf(p: OdooPartnerRead): string {
  const cityLine = [p.zip, p.city].filter(Boolean).join(' ');
  return [p.street, cityLine, p.country_id ? p.country_id[1] : ''].filter(Boolean).join(', ') || p.email || '';
}

export async function searchLinkable(
  client: OdooClient,
  query: string,
  limit: number,
  url: (model: string, id: string) => string,
): Promise<LinkableRecord[]> {
  const partners = await client.call<OdooPartnerRead[]>('res.partner', 'search_read', {
    domain: ['|', ['name', 'ilike', query], ['email', 'ilike', query]],
    fields: PARTNER_FIELDS,
    limit,
  });
  const out: LinkableRecord[] = partners.map((p) => ({
    model: 'res.partner',
    id: String(p.id),
    kind: 'customer',
    name: p.name,
    description: addressOf(p),
    url: url('res.partner', String(p.id)),
  }));
  const documents: Array<[string, string[], (r: DocumentRow) => string]> = [
    ['crm.lead', ['name', 'partner_id'], (r) => (r.partner_id ? `Opportunity · ${r.partner_id[1]}` : 'Opportunity')],
    [
      'sale.order',
      ['name', 'partner_id', 'state'],
      (r) => [r.partner_id ? r.partner_id[1] : '', SALE_STATES[r.state ?? ''] ?? ''].filter(Boolean).join(' · '),
    ],
  ];
  for (const [model, fields, describe] of documents) {
    if (out.length >= limit) break;
    const rows = await documentRows(client, model, query, fields, limit - out.length);
    out.push(
      ...rows.map((r) => ({
        model,
        id: String(r.id),
        kind: 'document' as const,
        name: r.name,
        description: describe(r),
        url: url(model, String(r.id)),
      })),
    );
  }
  return out.slice(0, limit);
}

interface DocumentRow {
  id: number;
  name: string;
  partner_id: Many2one;
  state?: string;
}

async function documentRows(
  client: OdooClient,
  model: string,
  query: string,
  fields: string[],
  limit: number,
): Promise<DocumentRow[]> {
  try {
    return await client.call<DocumentRow[]>(model, 'search_read', {
      domain: [['name', 'ilike', query]],
      fields,
      limit,
    });
  } catch (error) {
    // "the model 'crm.lead' does not exist": the CRM or Sales app is not installed, so there is nothing to link to.
    if (isErpError(error, 'validation') && /doesn't exist|does not exist/.test(error.message)) return [];
    if (isErpError(error, 'auth') && /not allowed/.test(error.message)) return [];
    throw error;
  }
}
