/**
 * The Odoo emulator's HTTP server: `/jsonrpc`, `/json/2/<model>/<method>`, `/web/version` and the control API,
 * plain HTTP on 127.0.0.1. `startOdooEmulator` seeds the demo world and returns its URL, credentials and control.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl, OdooControl } from './control';
import { BodyTooLarge, sendJson, sendProblem } from './http-util';
import { handleJson2 } from './json2';
import { handleJsonRpc, versionInfo } from './jsonrpc';
import { DEMO_DATABASE, DEMO_USERS } from './seed';
import { OdooWorld } from './world';

export interface OdooEmulatorOptions {
  port?: number;
  host?: string;
  /** Server version to claim, default "19.0" (JSON-2 is only served from 19.0 on). */
  version?: string;
  /** Start the clock frozen at this instant (default: real time). */
  now?: Date;
}

export interface OdooEmulator {
  url: string;
  database: string;
  users: typeof DEMO_USERS;
  control: OdooControl;
  stop(): Promise<void>;
}

export async function startOdooEmulator(options: OdooEmulatorOptions = {}): Promise<OdooEmulator> {
  const world = new OdooWorld(options.version ?? '19.0');
  if (options.now) world.clock.set(options.now, true);
  const control = new OdooControl(world);
  control.reset();
  const server = createServer((req, res) => {
    route(world, control, req, res).catch((error: unknown) => fail(res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    database: DEMO_DATABASE,
    users: DEMO_USERS,
    control,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function route(world: OdooWorld, control: OdooControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (url.pathname === '/jsonrpc' && req.method === 'POST') return handleJsonRpc(world, req, res);
  if (json2)
    return handleJson2(world, req, res, decodeURIComponent(json2[1] ?? ''), decodeURIComponent(json2[2] ?? ''));
  if (url.pathname === '/web/version') {
    const info = versionInfo(world);
    return sendJson(res, 200, { version_info: info.server_version_info, version: info.server_version });
  }
  if (url.pathname.startsWith('/_control')) return handleControl(control, req, res, url);
  sendProblem(res, 404, 'Not Found', `No route ${req.method ?? ''} ${url.pathname}`);
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof BodyTooLarge) return sendProblem(res, 413, 'Payload Too Large', error.message);
  // A bug in the emulator: say so without a stack trace.
  sendProblem(res, 500, 'Internal Server Error', error instanceof Error ? error.message : String(error));
}
