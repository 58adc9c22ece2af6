/**
 * The contract's contacts and leads on the reference ERP: contacts by e-mail, a new contact (an existing e-mail
 * answers the contact it has), a new lead (once per Idempotency-Key). Validation answers 422 problems.
 */
import { Router, type Request } from 'express';
import type { WireContact, WireLinkableRecord } from './contract-types';
import { actingFor } from './acting-for';
import { nextValue, type Db } from './database';
import { unprocessable } from './problems';
import { baseUrlOf, requiredString } from './query';
import type { RestErpWorld } from './world';

interface ContactRow {
  id: string;
  name: string;
  email: string;
  company: string | null;
}

interface LeadRow {
  id: string;
  name: string;
  contact_name: string;
  email: string;
  company: string | null;
}

function contactOf(row: ContactRow, baseUrl: string): WireContact {
  return { ...row, url: `${baseUrl}/ui/contact/${encodeURIComponent(row.id)}` };
}

function leadOf(row: LeadRow, baseUrl: string): WireLinkableRecord {
  return {
    kind: 'document',
    model: 'lead',
    type: 'lead',
    id: row.id,
    name: row.name,
    description: row.contact_name,
    url: `${baseUrl}/ui/lead/${encodeURIComponent(row.id)}`,
    customer: null,
  };
}

function text(req: Request, name: string, required = true): string | null {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined && !required) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 254) {
    throw unprocessable(`${name} must be a non-empty string of at most 254 characters.`, [
      { pointer: `/${name}`, detail: 'must be a non-empty string' },
    ]);
  }
  return value.trim();
}

function email(req: Request): string {
  const value = text(req, 'email')!.toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(value)) {
    throw unprocessable('email must be an e-mail address.', [
      { pointer: '/email', detail: 'must be an e-mail address' },
    ]);
  }
  return value;
}

function contactByEmail(db: Db, address: string): ContactRow | undefined {
  return db.prepare('SELECT * FROM contacts WHERE email = ?').get(address) as ContactRow | undefined;
}

export function contactRoutes(world: RestErpWorld): Router {
  const router = Router();
  const { db } = world;
  router.get('/contacts', (req, res) => {
    actingFor(req, world.db); // an unknown person is refused; contacts and leads are everyone's here
    const emails = requiredString(req, 'emails')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean)
      .slice(0, 100);
    const items = emails.flatMap((e) => {
      const row = contactByEmail(db, e);
      return row ? [contactOf(row, baseUrlOf(req))] : [];
    });
    res.json({ items });
  });
  router.post('/contacts', (req, res) => {
    actingFor(req, world.db); // an unknown person is refused; contacts and leads are everyone's here
    const address = email(req);
    const existing = contactByEmail(db, address);
    if (existing) return void res.status(200).json(contactOf(existing, baseUrlOf(req)));
    const row: ContactRow = {
      id: `contact-${nextValue(db, 'contact_id')}`,
      name: text(req, 'name')!,
      email: address,
      company: text(req, 'company', false),
    };
    db.prepare('INSERT INTO contacts (id, name, email, company) VALUES (@id, @name, @email, @company)').run(row);
    res.status(201).json(contactOf(row, baseUrlOf(req)));
  });
  router.post('/leads', (req, res) => {
    actingFor(req, world.db); // an unknown person is refused; contacts and leads are everyone's here
    const key = req.get('idempotency-key');
    if (!key)
      throw unprocessable('Idempotency-Key is required.', [{ pointer: '/', detail: 'Idempotency-Key missing' }]);
    const known = db.prepare('SELECT * FROM leads WHERE idempotency_key = ?').get(key) as LeadRow | undefined;
    if (known)
      return void res
        .status(201)
        .set('Idempotent-Replayed', 'true')
        .json(leadOf(known, baseUrlOf(req)));
    const row: LeadRow = {
      id: `lead-${nextValue(db, 'lead_id')}`,
      name: text(req, 'title')!,
      contact_name: text(req, 'contactName')!,
      email: email(req),
      company: text(req, 'company', false),
    };
    db.prepare(
      `INSERT INTO leads (id, name, contact_name, email, company, idempotency_key)
       VALUES (@id, @name, @contact_name, @email, @company, @key)`,
    ).run({ ...row, key });
    res.status(201).json(leadOf(row, baseUrlOf(req)));
  });
  return router;
}
