/**
 * The JSON-2 endpoint (Odoo 19+), `POST /json/2/<model>/<method>` with `Authorization: bearer <api key>` and an
 * optional `X-Odoo-Database`; named arguments, raw results, errors as `{name, message, arguments, context, debug}`
 * with a 4xx/5xx status. Servers older than 19.0 answer 404, as they have no such route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callMethod, checkCall } from './dispatch';
import { fakeTraceback, OdooFault } from './errors';
import { parseJsonObject, readBody, sendJson, sendText } from './http-util';
import { retryAfter } from './jsonrpc';
import type { OdooWorld } from './world';

export async function handleJson2(
  world: OdooWorld,
  req: IncomingMessage,
  res: ServerResponse,
  model: string,
  method: string,
): Promise<void> {
  if (world.major < 19) return sendText(res, 404, 'Not Found');
  if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed', { Allow: 'POST' });
  const text = await readBody(req);
  const body = text.trim() === '' ? {} : parseJsonObject(text);
  if (!body) return sendError(res, new OdooFault('werkzeug.exceptions.BadRequest', 'Invalid JSON data'), {});
  const { context: rawContext, ...named } = body;
  const context = (rawContext ?? {}) as Record<string, unknown>;
  let db;
  try {
    db = world.database(headerValue(req, 'x-odoo-database'));
  } catch (error) {
    if (error instanceof OdooFault) return sendError(res, error, context);
    throw error;
  }
  const database = db;
  const key = /^bearer\s+(.+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1]?.trim();
  const outcome = await world.perform({ protocol: 'json2', model, method }, database, (now) => {
    const uid = key ? database.checkCredential(key) : null;
    if (uid === null)
      throw new OdooFault('werkzeug.exceptions.Unauthorized', 'Invalid apikey', ['Invalid apikey', 401]);
    const env = { db: database, uid, context, now };
    checkCall(env, 'json2', model, method, named);
    return callMethod(env, model, method, named);
  });
  switch (outcome.kind) {
    case 'ok':
      return sendJson(res, 200, outcome.value ?? null);
    case 'fault':
      return sendError(res, outcome.fault, context);
    case 'status':
      return sendText(res, outcome.status, `${outcome.status} Injected fault`, retryAfter(outcome.retryAfterSeconds));
    case 'drop':
      res.socket?.destroy();
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: ServerResponse, fault: OdooFault, context: Record<string, unknown>): void {
  sendJson(res, fault.status, {
    name: fault.exception,
    message: fault.message,
    arguments: fault.args,
    context,
    debug: fakeTraceback(fault),
  });
}
