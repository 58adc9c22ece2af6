/**
 * `GET /api/erp/records?q=&limit=` (mount at /api after `addinApiGuard`): customers and business documents the
 * pane's picker can link an event to, through the ERP port's `searchLinkable`; and the attendee list's contacts:
 * `POST /api/erp/contacts/lookup`, `POST /api/erp/contacts`, `POST /api/erp/leads`. Only a connected person with an ERP
 * user may search (`ErpPeople`); ERP failures become problems in plain words; the ERP's own fault text never
 * reaches the pane.
 */
import { Router } from 'express';
import {
  ContactLookupRequestSchema,
  CreateContactRequestSchema,
  CreateLeadRequestSchema,
  RecordsQuerySchema,
  type ContactMatchesResponse,
  type ErpContactView,
  type LinkableRecord as LinkableRecordView,
  type LinkableRecordsResponse,
} from '../../contract/addin-api';
import type { ErpContact, ErpPort, LinkableRecord } from '../erp';
import { parseInput } from './addin-events-input';
import { callerOf } from './auth-middleware';
import { erpProblem, type ErpPeople } from './erp-person';

export interface ErpRecordsDeps {
  erp: Pick<ErpPort, 'searchLinkable' | 'findContacts' | 'createContact' | 'createLead'>;
  /** Who the search acts for: the caller's connected mailbox and ERP user. */
  people: Pick<ErpPeople, 'of'>;
  /** The ERP's display name ("Odoo"), for the problem texts. */
  erpName: string;
}

export function erpRecordsRouter(deps: ErpRecordsDeps): Router {
  const router = Router();
  router.get('/erp/records', async (req, res) => {
    const { q, limit } = parseInput(RecordsQuerySchema, req.query, 'query');
    await deps.people.of(callerOf(res));
    let found;
    try {
      found = await deps.erp.searchLinkable(q, limit);
    } catch (error) {
      throw erpProblem(error, deps.erpName, 'search records');
    }
    const body: LinkableRecordsResponse = { records: found.slice(0, limit).map(recordView) };
    res.json(body);
  });

  /** Runs an ERP call for a connected person with an ERP user; ERP failures in plain words. */
  async function forPerson<T>(res: Parameters<typeof callerOf>[0], what: string, work: () => Promise<T>): Promise<T> {
    await deps.people.of(callerOf(res));
    try {
      return await work();
    } catch (error) {
      throw erpProblem(error, deps.erpName, what);
    }
  }

  router.post('/erp/contacts/lookup', async (req, res) => {
    const { emails } = parseInput(ContactLookupRequestSchema, req.body, 'body');
    const found = await forPerson(res, 'look up contacts', () => deps.erp.findContacts(emails));
    const byEmail = new Map(found.map((c) => [c.email, contactView(c)]));
    const body: ContactMatchesResponse = {
      matches: emails.map((email) => ({ email, contact: byEmail.get(email) ?? null })),
    };
    res.json(body);
  });

  router.post('/erp/contacts', async (req, res) => {
    const input = parseInput(CreateContactRequestSchema, req.body, 'body');
    const made = await forPerson(res, 'create the contact', () => deps.erp.createContact(input));
    res.status(201).json(contactView(made));
  });

  router.post('/erp/leads', async (req, res) => {
    const { idempotencyKey, ...lead } = parseInput(CreateLeadRequestSchema, req.body, 'body');
    const made = await forPerson(res, 'create the lead', () => deps.erp.createLead(lead, idempotencyKey));
    res.status(201).json(recordView(made));
  });
  return router;
}

function recordView(r: LinkableRecord): LinkableRecordView {
  return {
    model: r.model,
    id: r.id,
    name: r.name,
    url: r.url || null,
    kind: r.kind,
    type: r.type,
    customer: r.customer,
    detail: r.description || null,
  };
}

function contactView(c: ErpContact): ErpContactView {
  return { model: c.model, id: c.id, name: c.name, email: c.email, company: c.company, url: c.url || null };
}
