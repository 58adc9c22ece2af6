import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../server/logger';
import { createShutdown } from '../server/shutdown';

const silent = createLogger({ level: 'silent' });

describe('graceful shutdown', () => {
  it('when a request is in flight, then it finishes before the server closes and steps run in order', async () => {
    const order: string[] = [];
    // The request is held until shutdown has begun, then answered: no timer decides what is "in flight".
    let held: ((body: string) => void) | undefined;
    const server = createServer((_req, res) => {
      held = (body) => res.end(body);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const shutdown = createShutdown({
      server,
      logger: silent,
      before: [{ name: 'jobs', run: async () => void order.push('jobs stopped') }],
      after: [{ name: 'store', run: async () => void order.push('store closed') }],
    });
    const arrived = once(server, 'request');
    const inFlight = fetch(url).then((res) => res.text());
    await arrived;
    const done = shutdown.run('SIGTERM');
    expect(shutdown.run('again')).toBe(done);
    held!('finished');
    expect(await inFlight).toBe('finished');
    await done;
    expect(order).toEqual(['jobs stopped', 'store closed']);
    expect(server.listening).toBe(false);
  });

  it('when a request hangs past the deadline, then its connection is cut and shutdown completes', async () => {
    const server = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const shutdown = createShutdown({ server, logger: silent, deadlineMs: 200 });
    const arrived = once(server, 'request');
    const hanging = fetch(url).catch((error: Error) => error);
    await arrived;
    await shutdown.run('SIGTERM');
    expect(await hanging).toBeInstanceOf(Error);
    expect(server.listening).toBe(false);
  });
});
