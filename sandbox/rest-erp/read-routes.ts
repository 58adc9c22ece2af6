/**
 * The contract's read-only operations on the reference ERP: about, people by e-mail, the changes feed,
 * the linkable-records search and customers.
 */
import { Router } from 'express';
import type { WireAbout } from './contract-types';
import { ownerDigests, readChanges } from './changes-feed';
import { findPersonByEmail, getCustomer, getRecord, personExists, searchRecords } from './directory';
import { actingFor } from './acting-for';
import { badRequest, notFound } from './problems';
import { baseUrlOf, EARLIEST, instantParam, LATEST, limitParam, optionalString, requiredString } from './query';
import type { RestErpWorld } from './world';

/** Owners per digest request (the contract's limit). */
const MAX_OWNERS = 500;

export const ABOUT: WireAbout = { name: 'Reference ERP', version: '1.0.0', contractVersion: '1.0.0', webhooks: true };

export function readRoutes(world: RestErpWorld): Router {
  const router = Router();
  router.get('/about', (_req, res) => {
    res.json(ABOUT);
  });
  router.get('/people', (req, res) => {
    const person = findPersonByEmail(world.db, requiredString(req, 'email'));
    res.json({ items: person ? [person] : [] });
  });
  router.get('/changes', (req, res) => {
    const page = readChanges(world.db, world.appointments, {
      owner: requiredString(req, 'owner'),
      cursor: optionalString(req, 'cursor'),
      window: { from: instantParam(req, 'from', EARLIEST), to: instantParam(req, 'to', LATEST) },
      limit: limitParam(req),
      baseUrl: baseUrlOf(req),
    });
    res.json(page);
  });
  router.get('/changes/digests', (req, res) => {
    const owners = requiredString(req, 'owners').split(',').filter(Boolean);
    if (owners.length === 0 || owners.length > MAX_OWNERS) {
      throw badRequest(`owners: 1 to ${MAX_OWNERS} person ids, comma-separated.`);
    }
    const window = { from: instantParam(req, 'from', EARLIEST), to: instantParam(req, 'to', LATEST) };
    res.json({ digests: ownerDigests(world.appointments, owners, window, (id) => personExists(world.db, id)) });
  });
  router.get('/records', (req, res) => {
    const person = actingFor(req, world.db);
    res.json({ items: searchRecords(world.db, requiredString(req, 'q'), limitParam(req, 20), baseUrlOf(req), person) });
  });
  router.get('/records/:model/:id', (req, res) => {
    const { model, id } = { model: String(req.params.model), id: String(req.params.id) };
    const record = getRecord(world.db, model, id, baseUrlOf(req), actingFor(req, world.db));
    if (!record) throw notFound(`No ${String(req.params.model)} ${String(req.params.id)} to link to.`);
    res.json(record);
  });
  router.get('/customers/:id', (req, res) => {
    const customer = getCustomer(world.db, String(req.params.id), baseUrlOf(req));
    if (!customer) throw notFound(`No customer ${String(req.params.id)}.`);
    res.json(customer);
  });
  return router;
}
