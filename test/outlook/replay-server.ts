/**
 * A Graph stand-in that answers with Microsoft's published payloads, as given (absolute links moved to this server's
 * origin, nothing else changed), so the product's Graph adapter can be run against Microsoft's own shapes without
 * the emulator. Answers are registered per method and exact path (query included); `$batch` sub-requests are
 * answered one by one from the same table. Unregistered requests get 501 and are recorded, so a test sees them.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { sandboxCertificate } from '../../sandbox/tls';
import { CERT_DIR } from '../sandbox/microsoft365/helpers';
import { trustInProcess } from '../sandbox/trust';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer only after this long (a held request). */
  holdMs?: number;
  /** Close the connection instead of answering (a dropped connection). */
  drop?: boolean;
}

interface Seen {
  method: string;
  path: string;
  batched: boolean;
  status: number;
}

const GRAPH_ROOTS = /https:\/\/graph\.microsoft\.com\/(v1\.0|beta)/g;

export class ReplayServer {
  readonly seen: Seen[] = [];
  /** Parsed JSON bodies of the requests, in arrival order. */
  readonly bodies: unknown[] = [];
  private readonly answers = new Map<string, Answer>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<ReplayServer> {
    const certificate = await sandboxCertificate(CERT_DIR);
    trustInProcess(certificate.ca);
    const holder: { replay?: ReplayServer } = {};
    const server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = holder.replay!.handle(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString());
        const send = () => {
          if (res.destroyed) return;
          if (answer.drop) return void res.socket?.destroy();
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        };
        if (answer.holdMs) setTimeout(send, answer.holdMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const replay = new ReplayServer(server, `https://localhost:${(server.address() as AddressInfo).port}`);
    holder.replay = replay;
    return replay;
  }

  /** A published payload with Graph's absolute links pointing here instead. */
  local<T>(payload: T): T {
    return JSON.parse(JSON.stringify(payload).replace(GRAPH_ROOTS, `${this.origin}/v1.0`)) as T;
  }

  /** Answers `method path` (path after /v1.0, with its query) with `answer` from now on. */
  on(method: string, path: string, answer: Answer): void {
    this.answers.set(`${method.toUpperCase()} ${path}`, answer);
  }

  clear(): void {
    this.answers.clear();
    this.seen.length = 0;
    this.bodies.length = 0;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private lookup(method: string, path: string, batched: boolean): Answer {
    const answer = this.answers.get(`${method} ${path}`) ?? {
      status: 501,
      body: { error: { code: 'NotImplemented', message: `No replay for ${method} ${path}` } },
    };
    this.seen.push({ method, path, batched, status: answer.status });
    return answer;
  }

  private handle(method: string, url: string, body: string): Answer {
    if (body) this.bodies.push(JSON.parse(body));
    const path = decodeURIComponent(url.replace(/^\/v1\.0/, ''));
    if (method === 'POST' && path === '/$batch' && !this.answers.has('POST /$batch')) {
      const requests = (JSON.parse(body) as { requests: Array<{ id: string; method: string; url: string }> }).requests;
      const responses = requests.map((r) => {
        const answer = this.lookup(r.method, decodeURIComponent(r.url), true);
        return { id: r.id, status: answer.status, headers: answer.headers ?? {}, body: answer.body };
      });
      return { status: 200, body: { responses } };
    }
    return this.lookup(method, path, false);
  }
}
