/**
 * A small HTTPS webhook receiver for the subscription suites (stands in for the backend's webhook endpoint):
 * answers validation handshakes (echo, wrong echo, or too slow) and records notification bodies.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { sandboxCertificate } from '../../../sandbox/tls';
import { CERT_DIR } from './helpers';

/** How the receiver answers the handshake: echo as text/plain, a wrong echo, the echo as JSON, or too late. */
export type ValidationMode = 'echo' | 'wrong' | 'json' | { delayMs: number };

export interface Received {
  path: string;
  body: { value: Array<Record<string, unknown>> };
}

export class WebhookReceiver {
  validation: ValidationMode = 'echo';
  readonly received: Received[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const cert = await sandboxCertificate(CERT_DIR);
    const handler: { receiver?: WebhookReceiver } = {};
    const server = createServer({ cert: cert.cert, key: cert.key }, (req, res) => handler.receiver!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `https://localhost:${(server.address() as AddressInfo).port}`);
    handler.receiver = receiver;
    return receiver;
  }

  /** Resolves once `count` notifications (in total) have arrived. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      const mode = this.validation;
      const type = mode === 'json' ? 'application/json' : 'text/plain';
      const answer = () => res.writeHead(200, { 'content-type': type }).end(mode === 'wrong' ? 'nope' : token);
      if (typeof mode === 'object') setTimeout(answer, mode.delayMs);
      else answer();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({
        path: url.pathname,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
      });
      res.writeHead(202).end();
      this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    });
  }
}
