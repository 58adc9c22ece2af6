/**
 * One record a person wants to link an event to, read by id: only of the models the picker offers (res.partner,
 * crm.lead, sale.order), only a positive integer id, and only when Odoo lets us read it; shaped as the picker
 * shows it. Anything else is null: a link to it is refused before it is stored.
 */
import type { LinkableRecord } from '../port';
import type { OdooClient } from './client';
import {
  DOCUMENT_FIELDS,
  documentRecord,
  DocumentRowSchema,
  PARTNER_RECORD_FIELDS,
  partnerRecord,
  PartnerRowSchema,
  rows,
  type Url,
} from './linkable';

const RECORD_ID = /^[1-9]\d{0,9}$/;

export async function findLinkable(
  client: OdooClient,
  model: string,
  id: string,
  url: Url,
): Promise<LinkableRecord | null> {
  if (!RECORD_ID.test(id)) return null;
  const byId = [['id', '=', Number(id)]];
  // `rows` treats a model that is not installed or not ours to read as having nothing.
  if (model === 'res.partner') {
    const [partner] = await rows(client, model, byId, PARTNER_RECORD_FIELDS, 1, PartnerRowSchema);
    return partner ? partnerRecord(partner, url) : null;
  }
  if (model === 'crm.lead' || model === 'sale.order') {
    const [document] = await rows(client, model, byId, [...DOCUMENT_FIELDS[model]], 1, DocumentRowSchema);
    return document ? documentRecord(model, document, url) : null;
  }
  return null;
}
