/**
 * Graph event routes on a mailbox (`/me` or `/users/{id}` already resolved): create, get, list, update, delete,
 * cancel. Mutations go through CalendarOps; this file only speaks HTTP.
 */
import { Router, type Request, type Response } from 'express';
import { contextUrl, mailboxOf, type CalendarContext } from './context';
import { badRequest, itemNotFound } from './errors';
import { shapeEvent } from './event-shape';
import { isObject, type Json } from './json';
import type { EventInstance, EventRecord } from './model';
import { applyPreferences, parsePreferences } from './prefer';
import { listPage, parseExpand, parseListQuery, parseSelect } from './query';
import { RESPONSE_ACTIONS, type ResponseAction } from './responses';

const EVENTS = ['/events', '/calendar/events'];
const EVENT = ['/events/:id', '/calendar/events/:id'];

function jsonBody(req: Request): Json {
  if (!isObject(req.body)) throw badRequest('The request body must be a JSON object.', 'BadRequest');
  return req.body;
}

export function findInstance(ctx: CalendarContext, res: Response, id: string): EventInstance {
  const instance = ctx.store.resolve(mailboxOf(res).mailbox, id);
  if (!instance) throw itemNotFound();
  return instance;
}

function asInstance(record: EventRecord): EventInstance {
  return { record, type: record.type };
}

export function eventsRoutes(ctx: CalendarContext): Router {
  const router = Router();

  router.post(EVENTS, (req, res) => {
    const { mailbox, owner } = mailboxOf(res);
    const prefs = parsePreferences(req);
    const { record } = ctx.ops.create(mailbox, owner, jsonBody(req), { send: true });
    applyPreferences(res, prefs);
    res.status(201).json({
      '@odata.context': contextUrl(req, mailbox.userId, 'events/$entity'),
      ...shapeEvent(asInstance(record), prefs),
    });
  });

  router.get(EVENTS, (req, res) => {
    const { mailbox } = mailboxOf(res);
    const prefs = parsePreferences(req);
    const query = parseListQuery(req);
    const instances = Object.values(mailbox.events)
      .filter((e) => e.type !== 'exception')
      .sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime))
      .map(asInstance);
    const page = listPage(req, instances, prefs, query);
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailbox.userId, 'events'),
      value: page.value,
      ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    });
  });

  router.get(EVENT, (req, res) => {
    const prefs = parsePreferences(req);
    const instance = findInstance(ctx, res, String(req.params.id));
    const select = parseSelect(req);
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailboxOf(res).mailbox.userId, 'events/$entity'),
      ...shapeEvent(instance, prefs, { ...parseExpand(req), ...(select ? { select } : {}) }),
    });
  });

  router.patch(EVENT, (req, res) => {
    const prefs = parsePreferences(req);
    const instance = findInstance(ctx, res, String(req.params.id));
    const body = jsonBody(req);
    const record = ctx.ops.update(mailboxOf(res).mailbox, instance, body, {
      send: true,
      ifMatch: req.header('if-match'),
    });
    applyPreferences(res, prefs);
    res.json({
      '@odata.context': contextUrl(req, mailboxOf(res).mailbox.userId, 'events/$entity'),
      ...shapeEvent({ record, type: instance.type === 'occurrence' ? 'exception' : record.type }, prefs),
    });
  });

  router.delete(EVENT, (req, res) => {
    const instance = findInstance(ctx, res, String(req.params.id));
    ctx.ops.remove(mailboxOf(res).mailbox, instance, { send: true, ifMatch: req.header('if-match') });
    res.status(204).end();
  });

  router.post(['/events/:id/cancel', '/calendar/events/:id/cancel'], (req, res) => {
    const instance = findInstance(ctx, res, String(req.params.id));
    if (!instance.record.fields.isOrganizer) {
      throw badRequest("Your request can't be completed. You need to be an organizer to cancel a meeting.");
    }
    ctx.ops.remove(mailboxOf(res).mailbox, instance, { send: true });
    res.status(202).end();
  });

  for (const action of Object.keys(RESPONSE_ACTIONS) as ResponseAction[]) {
    router.post([`/events/:id/${action}`, `/calendar/events/:id/${action}`], (req, res) => {
      const instance = findInstance(ctx, res, String(req.params.id));
      ctx.responses.respond(mailboxOf(res).mailbox, instance, action, jsonBody(req));
      res.status(202).end();
    });
  }

  return router;
}
