/**
 * `GET /api/erp/records?q=&limit=` (mount at /api after `addinApiGuard`): customers and business documents the
 * pane's picker can link an event to, through the ERP port's `searchLinkable`; and the attendee list's contacts:
 * `POST /api/erp/contacts/lookup`, `POST /api/erp/contacts`, `POST /api/erp/leads`. Only a connected person with an ERP
 * user may search, and every call carries that person's ERP rights (`ErpPeople.actingFor`); ERP failures become
 * problems in plain words; the ERP's own fault text never reaches the pane.
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
import type { ErpContact, LinkableRecord, PersonErp } from '../erp';
import { parseInput } from './addin-events-input';
import { callerOf } from './auth-middleware';
import { erpProblem, type ErpPeople } from './erp-person';

export interface ErpRecordsDeps {
  /** Who each call acts for (the caller's connected mailbox and ERP user), with that person's ERP rights. */
  people: Pick<ErpPeople, 'actingFor'>;
  /** The ERP's display name ("Odoo"), for the problem texts. */
  erpName: string;
}

export function erpRecordsRouter(deps: ErpRecordsDeps): Router {
  const router = Router();
  router.get('/erp/records', async (req, res) => {
    const { q, limit } = parseInput(RecordsQuerySchema, req.query, 'query');
    const found = await forPerson(res, 'search records', (erp) => erp.searchLinkable(q, limit));
    const body: LinkableRecordsResponse = { records: found.slice(0, limit).map(recordView) };
    res.json(body);
  });

  /** Runs an ERP call for a connected person with an ERP user, with their rights; ERP failures in plain words. */
  async function forPerson<T>(
    res: Parameters<typeof callerOf>[0],
    what: string,
    work: (erp: PersonErp) => Promise<T>,
  ): Promise<T> {
    const { erp } = await deps.people.actingFor(callerOf(res), what);
    try {
      return await work(erp);
    } catch (error) {
      throw erpProblem(error, deps.erpName, what);
    }
  }

  router.post('/erp/contacts/lookup', async (req, res) => {
    const { emails } = parseInput(ContactLookupRequestSchema, req.body, 'body');
    const found = await forPerson(res, 'look up contacts', (erp) => erp.findContacts(emails));
    const byEmail = new Map(found.map((c) => [c.email, contactView(c)]));
    const body: ContactMatchesResponse = {
      matches: emails.map((email) => ({ email, contact: byEmail.get(email) ?? null })),
    };
    res.json(body);
  });

  router.post('/erp/contacts', async (req, res) => {
    const input = parseInput(CreateContactRequestSchema, req.body, 'body');
    const made = await forPerson(res, 'create the contact', (erp) => erp.createContact(input));
    res.status(201).json(contactView(made));
  });

  router.post('/erp/leads', async (req, res) => {
    const { idempotencyKey, ...lead } = parseInput(CreateLeadRequestSchema, req.body, 'body');
    const made = await forPerson(res, 'create the lead', (erp) => erp.createLead(lead, idempotencyKey));
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
