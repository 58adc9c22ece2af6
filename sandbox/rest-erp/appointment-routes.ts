/**
 * The contract's appointment operations on the reference ERP: list (by ids or owner and window, paged), create
 * (Idempotency-Key; many at once through bulk-create.ts), read, patch (If-Match, 412/428), delete or archive.
 */
import { Router, type Request, type Response } from 'express';
import type { WireAppointment, WireAppointmentPage } from './contract-types';
import type { RawBodyRequest } from './auth';
import { badRequest, notFound, ProblemError } from './problems';
import {
  baseUrlOf,
  booleanParam,
  EARLIEST,
  instantParam,
  LATEST,
  limitParam,
  optionalString,
  requiredString,
} from './query';
import { createMany } from './bulk-create';
import { RestErpWorld } from './world';

const MAX_IDS = 100;

function sendAppointment(res: Response, status: number, appointment: WireAppointment): void {
  res.status(status).setHeader('ETag', `"${appointment.version}"`).json(appointment);
}

function list(world: RestErpWorld, req: Request): WireAppointmentPage {
  const limit = limitParam(req);
  const token = optionalString(req, 'pageToken');
  const afterId = token === undefined ? '' : Buffer.from(token, 'base64url').toString('utf8');
  const idsText = optionalString(req, 'ids');
  const baseUrl = baseUrlOf(req);
  let items: WireAppointment[];
  if (idsText !== undefined) {
    const ids = idsText.split(',').filter((id) => id !== '');
    if (ids.length === 0 || ids.length > MAX_IDS) throw badRequest(`ids must list 1 to ${MAX_IDS} ids.`);
    items = world.appointments.byIds(ids, afterId, limit + 1, baseUrl);
  } else {
    const owner = requiredString(req, 'owner');
    const window = { from: instantParam(req, 'from', EARLIEST), to: instantParam(req, 'to', LATEST) };
    items = world.appointments.byOwner(owner, window, afterId, limit + 1, baseUrl);
  }
  const page = items.slice(0, limit);
  const last = page.at(-1);
  const nextPageToken = items.length > limit && last ? Buffer.from(last.id).toString('base64url') : null;
  return { items: page, nextPageToken };
}

function create(world: RestErpWorld, req: RawBodyRequest, res: Response): void {
  const key = req.get('idempotency-key');
  if (!key || key.length > 255) throw badRequest('The Idempotency-Key header (1-255 characters) is required.');
  const notify = booleanParam(req, 'notifyAttendees');
  const principal = req.principal ?? 'anonymous';
  if (req.body === undefined) throw badRequest('A JSON body is required.');
  // The body as parsed, so the same appointment sent alone or in a bulk create is the same request.
  const hash = RestErpWorld.requestHash([JSON.stringify(req.body), String(notify)]);
  const earlier = world.replay(principal, key, hash);
  if (earlier) {
    res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `${baseUrlOf(req)}/appointments/${encodeURIComponent(earlier.body.id)}`);
    return sendAppointment(res, earlier.status, earlier.body);
  }
  const created = world.create(req.body, { baseUrl: baseUrlOf(req), notify });
  world.remember(principal, key, hash, 201, created);
  res.setHeader('Location', `${baseUrlOf(req)}/appointments/${encodeURIComponent(created.id)}`);
  sendAppointment(res, 201, created);
}

function update(world: RestErpWorld, req: Request, res: Response): void {
  const ifMatch = req.get('if-match');
  if (!ifMatch)
    throw new ProblemError(
      428,
      'precondition-required',
      'Precondition required',
      'Send If-Match with the version you read.',
    );
  if (req.body === undefined) throw badRequest('A JSON body is required.');
  const id = String(req.params.id);
  const updated = world.update(id, req.body, {
    baseUrl: baseUrlOf(req),
    notify: booleanParam(req, 'notifyAttendees'),
    ifMatch,
  });
  sendAppointment(res, 200, updated);
}

function remove(world: RestErpWorld, req: Request, res: Response): void {
  const mode = optionalString(req, 'mode') ?? 'delete';
  if (mode !== 'delete' && mode !== 'archive') throw badRequest('mode must be delete or archive.');
  const context = {
    baseUrl: baseUrlOf(req),
    notify: booleanParam(req, 'notifyAttendees'),
    ifMatch: req.get('if-match'),
  };
  world.remove(String(req.params.id), mode, context);
  res.status(204).end();
}

export function appointmentRoutes(world: RestErpWorld): Router {
  const router = Router();
  router.get('/appointments', (req, res) => {
    res.json(list(world, req));
  });
  router.post('/appointments', (req, res) => create(world, req, res));
  router.post('/appointments/bulk', (req, res) => {
    res.json(createMany(world, req, { baseUrl: baseUrlOf(req), notify: booleanParam(req, 'notifyAttendees') }));
  });
  router.get('/appointments/:id', (req, res) => {
    const appointment = world.appointments.get(String(req.params.id), baseUrlOf(req));
    if (!appointment) throw notFound(`No appointment ${String(req.params.id)}.`);
    sendAppointment(res, 200, appointment);
  });
  router.patch('/appointments/:id', (req, res) => update(world, req, res));
  router.delete('/appointments/:id', (req, res) => remove(world, req, res));
  return router;
}
