/**
 * A small fault-injecting HTTP proxy for tests: put it in front of a real server (real Odoo, an emulator) and the
 * client under test talks to `proxy.url`. Rules, checked in order, each for `times` matching requests (default
 * every one): answer a status without forwarding (5xx, 429 with Retry-After), forward and then drop the answer
 * (the server committed, the client sees a broken connection), delay before forwarding (latency), forward and
 * rewrite the answer. Every request is logged. For the security stream's chaos runs too. Never product code.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
}

export type FaultAction =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Forward, let the server finish (and commit), then cut the connection before the client reads the answer. */
  | { kind: 'commit_then_drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'rewrite'; body: (text: string) => string };

export interface FaultRule {
  match: (request: ProxiedRequest) => boolean;
  action: FaultAction;
  /** How many matching requests the rule applies to; unlimited when absent. */
  times?: number;
}

export interface FaultProxy {
  url: string;
  add(rule: FaultRule): void;
  clear(): void;
  /** Rules with uses left. */
  pending(): number;
  /** Every request seen, in order (faulted or not). */
  readonly log: ProxiedRequest[];
  /** The server's answers to forwarded requests, in order, with the request each answers. */
  readonly answers: Array<{ request: ProxiedRequest; status: number; body: string }>;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Array<FaultRule & { left: number }> = [];
  const log: ProxiedRequest[] = [];
  const answers: FaultProxy['answers'] = [];

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') };
    log.push(seen);
    const rule = rules.find((r) => r.left > 0 && r.match(seen));
    if (rule) rule.left -= 1;
    const action = rule?.action;
    if (action?.kind === 'status') {
      res.writeHead(action.status, { 'Content-Type': 'text/plain', ...action.headers });
      res.end(action.body ?? `injected ${action.status}`);
      return;
    }
    if (action?.kind === 'delay') await new Promise((wake) => setTimeout(wake, action.ms));
    let answer;
    try {
      answer = await forward(req, body);
    } catch (error) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy could not reach ${target}: ${(error as Error).message}`);
      return;
    }
    answers.push({ request: seen, status: answer.status, body: answer.body.toString('utf8') });
    if (action?.kind === 'commit_then_drop') {
      res.socket?.destroy();
      return;
    }
    const text = action?.kind === 'rewrite' ? Buffer.from(action.body(answer.body.toString('utf8'))) : answer.body;
    const headers = { ...answer.headers, 'content-length': String(text.length) };
    delete headers['transfer-encoding'];
    res.writeHead(answer.status, headers);
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    clear: () => void rules.splice(0),
    pending: () => rules.filter((r) => r.left > 0 && Number.isFinite(r.left)).length,
    log,
    answers,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Which Odoo model and method a request calls, on either protocol (JSON-2 path, JSON-RPC execute_kw body). */
export function odooCall(request: ProxiedRequest): { model: string; method: string } | null {
  const json2 = /^\/json\/2\/([^/]+)\/([^/?]+)/.exec(request.path);
  if (json2) return { model: json2[1] as string, method: json2[2] as string };
  if (request.path !== '/jsonrpc') return null;
  try {
    const args = (JSON.parse(request.body) as { params?: { method?: string; args?: unknown[] } }).params;
    if (args?.method !== 'execute_kw' || !args.args) return null;
    return { model: String(args.args[3]), method: String(args.args[4]) };
  } catch {
    return null; // not JSON: not an Odoo call
  }
}

/** A matcher for an Odoo model (and method). */
export function onOdoo(model: string, method?: string): (request: ProxiedRequest) => boolean {
  return (request) => {
    const call = odooCall(request);
    return call !== null && call.model === model && (method === undefined || call.method === method);
  };
}
