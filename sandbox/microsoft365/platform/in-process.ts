/**
 * Requests into the emulator's own app without the network: Node's HTTP client and an unlistened `http.Server`
 * around the app, joined by an in-memory socket pair. A request is parsed, routed, answered, closed or destroyed as
 * one off the wire is (so every middleware, `close` event and fault applies), without TLS or a loopback connection.
 * Each request carries an origin the app can read back (`originOf`); nothing outside the emulator can send one.
 */
import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { Duplex } from 'node:stream';

export interface InProcessRequest {
  method: string;
  /** Path and query, e.g. /v1.0/me/events?$top=5. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborting destroys the connection, as a client that goes away does. */
  signal: AbortSignal;
}

export interface InProcessResponse {
  status: number;
  /** Lower-cased names, as received. */
  headers: Record<string, string>;
  body: string;
}

export class InProcessHttp<Origin extends object> {
  private readonly server: Server;
  private readonly origins = new WeakMap<object, Origin>();

  constructor(app: RequestListener) {
    this.server = createServer(app);
  }

  /** The origin given to `send` for a request this transport carried; undefined for one off the wire. */
  originOf(req: IncomingMessage): Origin | undefined {
    return this.origins.get(req.socket);
  }

  /** Rejects when the connection dies before a complete answer (e.g. the app destroys the socket). */
  send(spec: InProcessRequest, origin: Origin): Promise<InProcessResponse> {
    const [clientEnd, serverEnd] = socketPair();
    // The request arrived over the envelope's TLS connection: `req.protocol` is https, and links built from it too.
    Object.assign(serverEnd, { encrypted: true, remoteAddress: '127.0.0.1' });
    this.origins.set(serverEnd, origin);
    this.server.emit('connection', serverEnd);
    return new Promise<InProcessResponse>((resolve, reject) => {
      const headers = {
        ...spec.headers,
        ...(spec.body !== undefined ? { 'content-length': String(Buffer.byteLength(spec.body)) } : {}),
      };
      const outgoing = request(
        { method: spec.method, path: spec.path, headers, createConnection: () => clientEnd, signal: spec.signal },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            clientEnd.destroy();
            resolve({
              status: incoming.statusCode ?? 0,
              headers: flatHeaders(incoming),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      outgoing.on('error', (error) => {
        clientEnd.destroy();
        reject(error);
      });
      outgoing.end(spec.body);
    });
  }
}

function flatHeaders(incoming: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Two connected ends: what one writes the other reads; ending or destroying one ends or destroys the other. */
function socketPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const end = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        if (!peer().destroyed) peer().destroy();
        callback(error);
      },
    });
  ends.push(
    end(() => ends[1]!),
    end(() => ends[0]!),
  );
  return [ends[0]!, ends[1]!];
}
