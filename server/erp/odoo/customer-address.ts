/**
 * The customer behind an Odoo link, for the customer block in Outlook: a res.partner link is the customer, a
 * crm.lead or sale.order link is its partner_id. Odoo's own address serves as bill-to (ship-to left out: "same").
 * Invoice/delivery child contacts are not read (the emulator does not model partner `type` yet).
 */
import { z } from 'zod';
import { type CustomerAddresses, type ErpLink } from '../../core';
import { callParsed, Many2oneSchema } from './answers';
import type { OdooClient } from './client';
import { PARTNER_FIELDS, PartnerAddressSchema } from './linkable';

const PartnerOfRowsSchema = z.array(z.looseObject({ id: z.number().int(), partner_id: Many2oneSchema }));

/** Links whose record names its customer in partner_id. */
const DOCUMENT_MODELS = new Set(['crm.lead', 'sale.order']);

function text(value: string | false | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The partner id a link points at (directly, or through a document's partner_id); null for other links. */
async function partnerOf(client: OdooClient, link: ErpLink): Promise<number | null> {
  const id = Number(link.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  if (link.model === 'res.partner') return id;
  if (!DOCUMENT_MODELS.has(link.model)) return null;
  // search_read, not read: a record that is gone answers nothing instead of a MissingError.
  const params = { domain: [['id', '=', id]], fields: ['partner_id'] };
  const rows = await callParsed(client, link.model, 'search_read', params, PartnerOfRowsSchema);
  const partner = rows[0]?.partner_id;
  return partner ? partner[0] : null;
}

/** The linked customer's addresses (none when it has no street or city); null when the link names none or it is gone. */
export async function readCustomerAddresses(client: OdooClient, link: ErpLink): Promise<CustomerAddresses | null> {
  const partnerId = await partnerOf(client, link);
  if (partnerId === null) return null;
  // Same fields as the picker reads (linkable.ts), so both describe a partner alike.
  const params = { domain: [['id', '=', partnerId]], fields: PARTNER_FIELDS };
  const [partner] = await callParsed(client, 'res.partner', 'search_read', params, z.array(PartnerAddressSchema));
  if (!partner) return null;
  const address = {
    street: text(partner.street),
    postalCode: text(partner.zip),
    city: text(partner.city),
    country: partner.country_id ? partner.country_id[1] : '',
  };
  if (address.street === '' && address.city === '') return { name: partner.name };
  return { name: partner.name, billTo: address };
}
