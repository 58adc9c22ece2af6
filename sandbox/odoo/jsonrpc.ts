/**
 * The legacy JSON-RPC endpoint, `POST /jsonrpc`: services `common` (version, login, authenticate), `object`
 * (execute_kw, execute) and `db` (list). Errors come back as HTTP 200 with Odoo's `error` envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callMethod, checkCall, positionalToNamed } from './dispatch';
import { accessDenied, fakeTraceback, OdooFault } from './errors';
import { parseJsonObject, readBody, sendJson, sendText } from './http-util';
import type { Database } from './store';
import type { OdooWorld, PerformResult } from './world';

export function versionInfo(world: OdooWorld) {
  const [major = 19, minor = 0] = world.version.split('.').map(Number);
  return {
    server_version: world.version,
    server_version_info: [major, minor, 0, 'final', 0, ''],
    server_serie: world.version,
    protocol_version: 1,
  };
}

export async function handleJsonRpc(world: OdooWorld, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseJsonObject(await readBody(req));
  if (!body) return sendText(res, 400, 'Invalid JSON-RPC data');
  const params = (body.params ?? {}) as Record<string, unknown>;
  const id = body.id ?? null;
  const service = String(params.service ?? '');
  const method = String(params.method ?? '');
  const args = Array.isArray(params.args) ? (params.args as unknown[]) : [];
  let db: Database | null = null;
  let call: (now: string) => unknown;
  let target = {
    protocol: 'jsonrpc' as const,
    model: null as string | null,
    method: `${service}.${method}` as string | null,
  };
  try {
    if (service === 'common') {
      if (method === 'login' || method === 'authenticate') db = world.database(String(args[0]));
      call = () => common(world, db, method, args);
    } else if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
      db = world.database(String(args[0]));
      const database = db;
      const [, uid, key, model, modelMethod] = args;
      const kwargs = method === 'execute_kw' ? ((args[6] ?? {}) as Record<string, unknown>) : {};
      const positional = method === 'execute_kw' ? ((args[5] ?? []) as unknown[]) : args.slice(5);
      target = { protocol: 'jsonrpc', model: String(model), method: String(modelMethod) };
      call = (now) => {
        const user = database.checkCredential(String(key), Number(uid));
        if (user === null) throw accessDenied();
        const { context, ...rest } = kwargs;
        const env = { db: database, uid: user, context: (context ?? {}) as Record<string, unknown>, now };
        const named = positionalToNamed(String(modelMethod), positional, rest);
        checkCall(env, 'jsonrpc', String(model), String(modelMethod), named);
        return callMethod(env, String(model), String(modelMethod), named);
      };
    } else if (service === 'db' && method === 'list') {
      call = () => [...world.databases.keys()];
    } else {
      throw new OdooFault('werkzeug.exceptions.NotFound', `Unknown service method ${service}.${method}`);
    }
  } catch (error) {
    if (error instanceof OdooFault) return sendJson(res, 200, envelope(id, error));
    throw error;
  }
  reply(res, id, await world.perform(target, db, call));
}

function common(world: OdooWorld, db: Database | null, method: string, args: unknown[]): unknown {
  if (method === 'version') return versionInfo(world);
  if (method === 'about') return `See http://openerp.com`;
  if ((method === 'login' || method === 'authenticate') && db) {
    const login = String(args[1]);
    const user = [...db.table('res.users').values()].find((u) => u.login === login && u.active !== false);
    if (!user) return false;
    return db.checkCredential(String(args[2]), user.id) ?? false;
  }
  throw new OdooFault('werkzeug.exceptions.NotFound', `Unknown method common.${method}`);
}

function reply(res: ServerResponse, id: unknown, outcome: PerformResult): void {
  switch (outcome.kind) {
    case 'ok':
      return sendJson(res, 200, { jsonrpc: '2.0', id, result: outcome.value });
    case 'fault':
      return sendJson(res, 200, envelope(id, outcome.fault));
    case 'status':
      return sendText(res, outcome.status, `${outcome.status} Injected fault`, retryAfter(outcome.retryAfterSeconds));
    case 'drop':
      res.socket?.destroy();
  }
}

export function retryAfter(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

export function envelope(id: unknown, fault: OdooFault) {
  const notFound = fault.exception === 'werkzeug.exceptions.NotFound';
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: notFound ? 404 : 0, // Odoo: "we don't care of this code"

      message: notFound ? '404: Not Found' : 'Odoo Server Error',
      data: {
        name: fault.exception,
        debug: fakeTraceback(fault),
        message: fault.message,
        arguments: fault.args,
        context: {},
      },
    },
  };
}
