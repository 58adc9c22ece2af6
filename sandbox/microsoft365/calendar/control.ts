/**
 * Control routes (mounted at /_control, no token): act as a person in Outlook on any mailbox, list its events raw,
 * answer meetings, read and clear the mail log, and flip the switches for behaviours Microsoft leaves unconfirmed.
 */
import express, { Router, type Request } from 'express';
import { addCategory } from './categories';
import type { CalendarContext } from './context';
import { badRequest, GraphError, itemNotFound } from './errors';
import { shapeEvent } from './event-shape';
import { customPropertiesId, MAX_CUSTOM_PROPERTIES_CHARS, normalizePropertyId } from './extended-props';
import { encodeId } from './ids';
import { isObject, type Json } from './json';
import type { CalendarOptions, EventInstance, Mailbox } from './model';
import type { Preferences } from './prefer';
import { RESPONSE_ACTIONS, type ResponseAction } from './responses';

const RAW: Preferences = {
  timeZone: { name: 'UTC', iana: 'UTC' },
  bodyText: false,
  immutableIds: true,
  maxPageSize: undefined,
  applied: [],
};

function raw(instance: EventInstance): Record<string, unknown> {
  const { record } = instance;
  return {
    ...shapeEvent(instance, RAW, { expandProperties: () => true }),
    folderId: encodeId(record.key, record.folderGeneration, false),
  };
}

function body(req: Request): Json {
  if (!isObject(req.body)) throw badRequest('The request body must be a JSON object.', 'BadRequest');
  return req.body;
}

export function controlRoutes(ctx: CalendarContext): Router {
  const router = Router();
  router.use(express.json({ limit: '4mb' }));

  const mailbox = (req: Request): { mailbox: Mailbox; owner: import('../contracts').DirectoryUser } => {
    const owner = ctx.deps.directory.findUser(String(req.params.user));
    if (!owner)
      throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${String(req.params.user)}' is invalid.`);
    return { mailbox: ctx.store.mailbox(owner), owner };
  };
  const instance = (req: Request): { mailbox: Mailbox; instance: EventInstance } => {
    const { mailbox: mb } = mailbox(req);
    const found = ctx.store.resolve(mb, String(req.params.id));
    if (!found) throw itemNotFound();
    return { mailbox: mb, instance: found };
  };
  const send = (req: Request) => req.query.send !== 'false';

  router.get('/mailboxes/:user/events', (req, res) => {
    const { mailbox: mb } = mailbox(req);
    res.json({ value: Object.values(mb.events).map((record) => raw({ record, type: record.type })) });
  });
  router.post('/mailboxes/:user/events', (req, res) => {
    const { mailbox: mb, owner } = mailbox(req);
    const { record } = ctx.ops.create(mb, owner, body(req), { send: send(req) });
    res.status(201).json(raw({ record, type: record.type }));
  });
  router.get('/mailboxes/:user/events/:id', (req, res) => {
    res.json(raw(instance(req).instance));
  });
  router.patch('/mailboxes/:user/events/:id', (req, res) => {
    const { mailbox: mb, instance: found } = instance(req);
    const record = ctx.ops.update(mb, found, body(req), { send: send(req) });
    res.json(raw({ record, type: record.type }));
  });
  router.delete('/mailboxes/:user/events/:id', (req, res) => {
    const { mailbox: mb, instance: found } = instance(req);
    ctx.ops.remove(mb, found, { send: send(req) });
    res.status(204).end();
  });
  router.post('/mailboxes/:user/events/:id/move', (req, res) => {
    const { mailbox: mb, instance: found } = instance(req);
    const root = ctx.ops.move(mb, found);
    res.json(raw({ record: root, type: root.type }));
  });
  router.put('/mailboxes/:user/events/:id/categories', (req, res) => {
    const { mailbox: mb, instance: found } = instance(req);
    const categories = body(req).categories;
    if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) {
      throw badRequest('categories must be a list of names.');
    }
    for (const name of categories) {
      if (!mb.masterCategories.some((c) => c.displayName.toLowerCase() === name.toLowerCase()))
        addCategory(mb.masterCategories, name);
    }
    const record = ctx.ops.update(mb, found, { categories }, { send: false });
    res.json(raw({ record, type: record.type }));
  });
  router.put('/mailboxes/:user/events/:id/custom-properties/:addinId', (req, res) => {
    const { mailbox: mb, instance: found } = instance(req);
    const properties = body(req).properties;
    if (!isObject(properties)) throw badRequest('properties must be an object of name -> value.');
    const value = JSON.stringify(properties);
    if (value.length > MAX_CUSTOM_PROPERTIES_CHARS)
      throw badRequest(`Custom properties exceed ${MAX_CUSTOM_PROPERTIES_CHARS} characters.`);
    const id = customPropertiesId(String(req.params.addinId));
    const record = ctx.ops.update(mb, found, { singleValueExtendedProperties: [{ id, value }] }, { send: false });
    res.json({
      ...raw({ record, type: record.type }),
      customProperties: record.extendedProperties[normalizePropertyId(id)]?.value,
    });
  });
  // As the person in Outlook: answer a meeting (same rules as the Graph actions; `send=false` answers silently).
  router.post('/mailboxes/:user/events/:id/respond/:action', (req, res) => {
    const action = String(req.params.action);
    if (!(action in RESPONSE_ACTIONS)) throw badRequest('action is accept, tentativelyAccept or decline.');
    const { mailbox: mb, instance: found } = instance(req);
    const answer = { ...(isObject(req.body) ? req.body : {}), sendResponse: send(req) };
    ctx.responses.respond(mb, found, action as ResponseAction, answer);
    res.status(202).end();
  });
  router.get('/mail-log', (_req, res) => {
    res.json({ value: ctx.bus.mail });
  });
  router.delete('/mail-log', (_req, res) => {
    ctx.bus.mail.length = 0;
    res.status(204).end();
  });
  router.get('/calendar-options', (_req, res) => {
    res.json(ctx.options);
  });
  router.patch('/calendar-options', (req, res) => {
    const patch = body(req) as Partial<CalendarOptions>;
    if (patch.staleEtagStatus !== undefined && ![409, 412].includes(patch.staleEtagStatus))
      throw badRequest('staleEtagStatus is 409 or 412.');
    if (
      patch.transactionIdReplay !== undefined &&
      !['returnExisting', 'createDuplicate'].includes(patch.transactionIdReplay)
    ) {
      throw badRequest('transactionIdReplay is returnExisting or createDuplicate.');
    }
    if (patch.deltaRepeatItem !== undefined && typeof patch.deltaRepeatItem !== 'boolean')
      throw badRequest('deltaRepeatItem is a boolean.');
    if (
      patch.deltaDefaultPageSize !== undefined &&
      !(Number.isInteger(patch.deltaDefaultPageSize) && patch.deltaDefaultPageSize > 0)
    ) {
      throw badRequest('deltaDefaultPageSize is a positive integer.');
    }
    if (patch.recurrenceSemantics !== undefined && !['exchange', 'rfc5545'].includes(patch.recurrenceSemantics))
      throw badRequest('recurrenceSemantics is exchange or rfc5545.');
    Object.assign(ctx.options, patch);
    res.json(ctx.options);
  });
  return router;
}
