/**
 * Graph answers of the wrong shape become an OutlookError naming the call and the field, not a crash further on.
 * The answers come from the replay server, as a misbehaving proxy or Graph would send them.
 */
import { createGraphClient, GraphTransport } from '../../server/outlook/client';
import { OutlookError } from '../../server/outlook/errors';
import { collectAll, paginate } from '../../server/outlook/paginate';
import { GraphEventSchema } from '../../server/outlook/wire-schemas';
import { ReplayServer } from './replay-server';

let server: ReplayServer;
let transport: GraphTransport;

beforeAll(async () => {
  server = await ReplayServer.start();
  transport = new GraphTransport(
    createGraphClient({ baseUrl: server.origin, getAccessToken: async () => 'token', mailbox: 'me' }),
  );
});
afterAll(() => server.stop());

describe('Graph answers of the wrong shape', () => {
  it('when an event on a page has a start that is not a dateTime and zone, then the error names the field', async () => {
    server.on('GET', '/me/events', {
      status: 200,
      body: { value: [{ id: 'a', subject: 'Review', start: '2026-03-05T13:00:00' }] },
    });
    const failure: unknown = await collectAll(paginate(transport, '/me/events', GraphEventSchema)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OutlookError);
    expect(failure).toMatchObject({ kind: 'transient' });
    expect((failure as Error).message).toMatch(/^GET \/me\/events: Graph answered with an unexpected value\.0\.start:/);
  });

  it('when a $batch answer has no list of responses but something else, then the error names it', async () => {
    server.on('POST', '/$batch', { status: 200, body: { responses: { id: '1' } } });
    const failure: unknown = await transport.batch([{ id: '1', method: 'GET', url: '/me' }]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutlookError);
    expect((failure as Error).message).toMatch(/^POST \/\$batch: Graph answered with an unexpected responses:/);
  });
});
