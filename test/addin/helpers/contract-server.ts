// An in-process HTTP server speaking the add-in API contract (contract/addin-api) with in-memory state, for pane
// tests over real HTTP. It records every request; `script` queues one-off answers (problems, challenges).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  EventStatus,
  HistoryEntry,
  LinkableRecord,
  MeResponse,
  PrivateKeyResponse,
  ProblemBody,
  TrackingRequest,
} from '../../../contract/addin-api';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface ScriptedAnswer {
  method: string;
  /** Matches when the request path starts with this. */
  path: string;
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (e.g. a proxy's HTML error page); anything else as JSON. */
  body?: ProblemBody | object | string;
}

export function untracked(outlookId: string): EventStatus {
  return {
    outlookId,
    state: 'not_tracked',
    marked: false,
    lastSyncedAt: null,
    erpRecord: null,
    link: null,
    lastError: null,
    conflicts: [],
    origin: null,
    reviewInErp: null,
    run: null,
    syncRequestedAt: null,
    conditions: [],
  };
}

export const SAMPLE_ME: MeResponse = {
  mailbox: { tenantId: 't1', userId: 'u1', email: 'ada@contoso.example', displayName: 'Ada' },
  connection: 'connected',
  erp: { kind: 'odoo', name: 'Odoo', baseUrl: 'https://erp.example' },
  policy: { direction: 'two_way', scope: 'marked', conflicts: 'ask', category: 'ERP', optOut: 'keep' },
  firstRun: false,
  connectionLostAt: null,
  conditions: [],
};

export class ContractServer {
  readonly requests: RecordedRequest[] = [];
  readonly script: ScriptedAnswer[] = [];
  readonly events = new Map<string, EventStatus>();
  readonly history = new Map<string, HistoryEntry[]>();
  me: MeResponse = structuredClone(SAMPLE_ME);
  records: LinkableRecord[] = [];
  /** The person's private appointments key (`not_needed`: the pane shows no card, as with the REST contract). */
  privateKey: PrivateKeyResponse['state'] = 'not_needed';
  /** The one key the contract server's "ERP" accepts as the person's own. */
  ownKey = 'adele-own-odoo-key-0001';
  /** Milliseconds every PUT waits before it is answered (an action still under way when the next is asked). */
  delayMs = 0;
  origin = '';
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(([status, headers, body]) => {
        res.writeHead(status, { 'access-control-allow-origin': '*', ...headers });
        res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server?.close((e) => (e ? reject(e) : resolve())));
  }

  /** Requests other than the ones every pane start makes. */
  calls(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  private async handle(req: IncomingMessage): Promise<[number, Record<string, string>, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path,
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    });
    if (this.delayMs > 0 && method === 'PUT') await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const scripted = this.script.findIndex((s) => s.method === method && path.startsWith(s.path));
    if (scripted >= 0) {
      const [answer] = this.script.splice(scripted, 1);
      const type = answer!.status >= 400 ? 'application/problem+json' : 'application/json';
      return [answer!.status, { 'content-type': type, ...answer!.headers }, answer!.body];
    }
    return this.route(method, path, text ? (JSON.parse(text) as TrackingRequest) : { track: false });
  }

  private route(method: string, path: string, body: TrackingRequest): [number, Record<string, string>, unknown] {
    const json = { 'content-type': 'application/json' };
    const url = new URL(path, 'http://x');
    const event = /^\/api\/events\/([^/]+)(\/[a-z]+)?$/.exec(url.pathname);
    if (method === 'GET' && url.pathname === '/api/me') return [200, json, this.me];
    if (method === 'POST' && url.pathname === '/api/connect') {
      this.me = { ...this.me, connection: 'connected' };
      return [200, json, this.me];
    }
    if (method === 'POST' && url.pathname === '/api/me/first-run-done') return [204, {}, undefined];
    if (url.pathname === '/api/erp/private-key') return this.privateKeyRoute(method, body);
    if (method === 'GET' && url.pathname === '/api/erp/records') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return [200, json, { records: this.records.filter((r) => r.name.toLowerCase().includes(q)) }];
    }
    if (method === 'POST' && url.pathname === '/api/erp/contacts/lookup') {
      const emails = (body as unknown as { emails: string[] }).emails;
      return [200, json, { matches: emails.map((email) => ({ email, contact: null })) }];
    }
    if (event) {
      const id = decodeURIComponent(event[1]!);
      const current = this.events.get(id) ?? untracked(id);
      switch (`${method} ${event[2] ?? ''}`) {
        case 'GET ':
          return [200, json, current];
        case 'GET /history':
          return [200, json, { entries: this.history.get(id) ?? [] }];
        case 'PUT /tracking': {
          // The contract server names a linked record after its id; a real backend looks it up in the ERP.
          const link =
            body.link === undefined
              ? current.link
              : body.link && { ...body.link, name: body.link.name ?? `#${body.link.id}`, url: null };
          const next: EventStatus = {
            ...current,
            marked: body.track,
            state: body.track ? 'pending' : 'not_tracked',
            link,
          };
          this.events.set(id, next);
          return [200, json, next];
        }
        case 'POST /sync':
          return [202, json, { state: 'pending', jobId: 'job-1', requestedAt: new Date().toISOString() }];
        case 'POST /conflicts': {
          const next: EventStatus = { ...current, conflicts: [], state: 'pending' };
          this.events.set(id, next);
          return [200, json, next];
        }
      }
    }
    return [
      404,
      { 'content-type': 'application/problem+json' },
      { type: 'about:blank', title: 'Not found', status: 404 },
    ];
  }

  private privateKeyRoute(method: string, body: unknown): [number, Record<string, string>, unknown] {
    const json = { 'content-type': 'application/json' };
    if (method === 'DELETE') this.privateKey = 'missing';
    if (method === 'PUT') {
      if ((body as { apiKey?: string }).apiKey !== this.ownKey) {
        const problem: ProblemBody = {
          type: 'https://outlook-erp-sync.dev/problems/validation',
          title: 'Validation failed',
          status: 422,
          reason: 'key_refused',
          errors: [{ field: 'apiKey', message: 'Odoo does not accept this key.' }],
        };
        return [422, { 'content-type': 'application/problem+json' }, problem];
      }
      this.privateKey = 'linked';
      this.me = { ...this.me, conditions: this.me.conditions.filter((c) => c.kind !== 'erp_private_key') };
    }
    return [200, json, { state: this.privateKey }];
  }
}
