/**
 * A Graph request that gets no answer is given up after the client's deadline (issue 14 Must 6: a held `$batch`
 * blocked a mailbox for 302 s) and reads as a transient failure, whose effect the engine then checks; an answer
 * within the deadline is taken as usual. A held answer comes from the replay server, as a stalled Graph would hold it.
 */
import { createGraphClient, GraphTransport } from '../../server/outlook/client';
import { GraphEventSchema } from '../../server/outlook/wire-schemas';
import { OutlookError } from '../../server/outlook/errors';
import { ReplayServer } from './replay-server';

const HOLD_MS = 20_000;
let server: ReplayServer;
let transport: GraphTransport;

beforeAll(async () => {
  server = await ReplayServer.start();
  const client = createGraphClient({
    baseUrl: server.origin,
    getAccessToken: async () => 'token',
    mailbox: 'me',
    timeoutMs: 500,
  });
  transport = new GraphTransport(client);
});
afterAll(() => server.stop());

describe('Graph requests have a deadline', () => {
  it('gives up a held request at the deadline, as a transient failure, long before the answer would come', async () => {
    server.on('GET', '/users/me/events/held', { status: 200, body: { id: 'held' }, holdMs: HOLD_MS });
    const started = Date.now();
    const failure: unknown = await transport
      .get('/users/me/events/held', GraphEventSchema)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutlookError);
    expect(failure).toMatchObject({ kind: 'transient', message: expect.stringMatching(/could not be reached/) });
    expect(Date.now() - started).toBeLessThan(HOLD_MS);
  });

  it('when the connection drops without an answer, then the failure is transient and names the network error under "fetch failed"', async () => {
    server.on('GET', '/users/me/events/dropped', { status: 200, drop: true });
    const failure: unknown = await transport
      .get('/users/me/events/dropped', GraphEventSchema)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutlookError);
    expect(failure).toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/could not be reached: .+ \(.+\)$/),
    });
  });

  it('takes an answer that comes within the deadline', async () => {
    server.on('GET', '/users/me/events/quick', { status: 200, body: { id: 'quick' }, holdMs: 50 });
    await expect(transport.get('/users/me/events/quick', GraphEventSchema)).resolves.toMatchObject({ id: 'quick' });
  });
});
