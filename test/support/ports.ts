/** Ports for worlds whose backend must know its own URL (PUBLIC_URL) before it listens. */
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 held until `release`. A world starts its sandbox (servers on ports the system picks) between
 * choosing the backend's port and binding it; holding the port meanwhile keeps the system from handing it to one of
 * them (a port released at once was seen taken: EADDRINUSE in the pane suites).
 */
export async function reservePort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return { port: address.port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
