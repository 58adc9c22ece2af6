/**
 * The reference ERP's control API (`/_control/...`, no authentication: a sandbox only): act as a person in the
 * ERP (create, edit, delete appointments without If-Match), inject faults, set the rate limit, expire cursors,
 * point the webhook somewhere, read the attendee outbox and webhook deliveries, reset to the demo world.
 */
import { Router } from 'express';
import type { Fault } from './faults';
import { badRequest } from './problems';
import { baseUrlOf, optionalString } from './query';
import type { RestErpWorld } from './world';

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw badRequest(`${name} must be a positive integer.`);
  return value;
}

export function controlRoutes(world: RestErpWorld): Router {
  const router = Router();
  router.post('/reset', (_req, res) => {
    world.reset();
    res.status(204).end();
  });
  router.post('/act/appointments', (req, res) => {
    res.status(201).json(world.create(req.body, { baseUrl: baseUrlOf(req), notify: false }));
  });
  router.patch('/act/appointments/:id', (req, res) => {
    res.json(world.update(String(req.params.id), req.body, { baseUrl: baseUrlOf(req), notify: false }));
  });
  router.delete('/act/appointments/:id', (req, res) => {
    const mode = optionalString(req, 'mode') === 'archive' ? 'archive' : 'delete';
    world.remove(String(req.params.id), mode, { baseUrl: baseUrlOf(req), notify: false });
    res.status(204).end();
  });
  router.post('/faults', (req, res) => {
    const fault = (req.body ?? {}) as Fault;
    if (fault.status !== undefined && (fault.status < 400 || fault.status > 599))
      throw badRequest('status must be 400-599.');
    if (fault.status === undefined && fault.corrupt !== true) throw badRequest('Give a status or corrupt: true.');
    world.faults.add(fault);
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    world.faults.clear();
    res.status(204).end();
  });
  router.put('/rate-limit', (req, res) => {
    const body = (req.body ?? {}) as { limit?: unknown; windowSeconds?: unknown };
    world.rateLimiter.configure({
      limit: positiveInteger(body.limit, 'limit'),
      windowSeconds: positiveInteger(body.windowSeconds, 'windowSeconds'),
    });
    res.status(204).end();
  });
  router.post('/expire-cursors', (_req, res) => {
    world.expireCursors();
    res.status(204).end();
  });
  router.put('/webhook', (req, res) => {
    const body = (req.body ?? {}) as { url?: unknown; secret?: unknown };
    if (body.url !== null && typeof body.url !== 'string') throw badRequest('url must be a string or null.');
    world.webhook.url = body.url;
    if (typeof body.secret === 'string' && body.secret !== '') world.webhook.secret = body.secret;
    res.status(204).end();
  });
  router.get('/webhook/deliveries', async (_req, res) => {
    await world.webhook.idle();
    res.json({ items: world.webhook.list() });
  });
  router.get('/outbox', (_req, res) => {
    res.json({ items: world.outbox() });
  });
  return router;
}
