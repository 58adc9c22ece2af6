/**
 * One Odoo server as the differential suite sees it: a raw external-API client on one protocol (JSON-2 or
 * JSON-RPC `execute_kw`), and an answer reduced to what can be compared between two servers: the value, or the
 * error's Python class and its HTTP status (JSON-2) or JSON-RPC error code. Plain fetch; nothing of the product.
 */
export type Protocol = 'json2' | 'jsonrpc';

export type Answer = { ok: unknown } | { error: { name: string; status: number } };

export interface Target {
  protocol: Protocol;
  /** The administrator's uid and partner on this server (found through the API, not assumed). */
  admin: { uid: number; partnerId: number };
  call(model: string, method: string, params?: Record<string, unknown>, apiKey?: string): Promise<Answer>;
  /** The value of a call that must succeed (a setup step of a check). */
  value<T = unknown>(model: string, method: string, params?: Record<string, unknown>): Promise<T>;
}

export interface ServerAccess {
  url: string;
  db: string;
  apiKey: string;
}

/** Parameters JSON-RPC takes by position (execute_kw's `args`); everything else goes in `kwargs`. */
const POSITIONAL = ['ids', 'vals_list'];

export async function openTarget(server: ServerAccess, protocol: Protocol): Promise<Target> {
  let uid = 0;
  const call = (model: string, method: string, params: Record<string, unknown> = {}, apiKey = server.apiKey) =>
    protocol === 'json2'
      ? callJson2(server, model, method, params, apiKey)
      : callJsonRpc(server, uid, model, method, params, apiKey);
  const value = async <T>(model: string, method: string, params: Record<string, unknown> = {}): Promise<T> => {
    const answer = await call(model, method, params);
    if ('error' in answer) throw new Error(`${model}.${method} failed on ${server.url}: ${answer.error.name}`);
    return answer.ok as T;
  };
  if (protocol === 'jsonrpc') {
    uid = (await rpc(server.url, 'common', 'authenticate', [server.db, 'admin', server.apiKey, {}])) as number;
  }
  const context = await value<{ uid: number }>('res.users', 'context_get');
  const [admin] = await value<Array<{ partner_id: [number, string] }>>('res.users', 'read', {
    ids: [context.uid],
    fields: ['partner_id'],
  });
  return { protocol, admin: { uid: context.uid, partnerId: admin!.partner_id[0] }, call, value };
}

async function callJson2(
  server: ServerAccess,
  model: string,
  method: string,
  params: Record<string, unknown>,
  apiKey: string,
): Promise<Answer> {
  const response = await fetch(`${server.url}/json/2/${model}/${method}`, {
    method: 'POST',
    headers: { Authorization: `bearer ${apiKey}`, 'X-Odoo-Database': server.db, 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  const body = parseJson(text);
  if (response.status === 200) return { ok: body };
  const name = (body as { name?: string } | null)?.name ?? 'not JSON';
  return { error: { name, status: response.status } };
}

async function callJsonRpc(
  server: ServerAccess,
  uid: number,
  model: string,
  method: string,
  params: Record<string, unknown>,
  apiKey: string,
): Promise<Answer> {
  const args: unknown[] = [];
  const kwargs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (POSITIONAL.includes(name)) args.push(value);
    else kwargs[name] = value;
  }
  try {
    return { ok: await rpc(server.url, 'object', 'execute_kw', [server.db, uid, apiKey, model, method, args, kwargs]) };
  } catch (error) {
    if (error instanceof RpcError) return { error: { name: error.odooName, status: error.code } };
    throw error;
  }
}

class RpcError extends Error {
  constructor(
    readonly odooName: string,
    readonly code: number,
  ) {
    super(odooName);
  }
}

async function rpc(url: string, service: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
  });
  const body = parseJson(await response.text()) as {
    result?: unknown;
    error?: { code?: number; data?: { name?: string } };
  } | null;
  if (!body) throw new RpcError('not JSON', response.status);
  if (body.error) throw new RpcError(body.error.data?.name ?? 'error', body.error.code ?? 0);
  return body.result;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
