/**
 * Requests Node's HTTP parser refuses before any route runs (a broken request line or header, headers over the
 * limit) are answered with a JSON problem on the real backend, not Node's bare status line.
 */
import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { startProductionBackend, type ProductionBackend } from './production-backend';

describe('malformed HTTP on the running backend', () => {
  let world: ProductionBackend;

  beforeAll(async () => {
    world = await startProductionBackend();
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** Sends raw bytes over TLS and returns what came back before the server closed the connection. */
  function raw(bytes: string): Promise<string> {
    const { port } = new URL(world.backend.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
        socket.write(bytes);
      });
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  function problemOf(answer: string): { status: number; type: string | undefined; body: Record<string, unknown> } {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    return {
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
      type: /content-type: ([^\r\n]+)/i.exec(head)?.[1],
      body: JSON.parse(body) as Record<string, unknown>,
    };
  }

  it('when a header is malformed, then 400 problem', async () => {
    const answer = problemOf(await raw('GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'));
    expect(answer).toMatchObject({ status: 400, type: 'application/problem+json', body: { status: 400 } });
  });

  it('when the request line is not HTTP, then 400 problem', async () => {
    const answer = problemOf(await raw('GET /api/me HTTP/1.1 extra\r\n\r\n'));
    expect(answer).toMatchObject({ status: 400, body: { title: 'Bad request' } });
  });

  it('when a chunked body breaks after the headers were read, then 400 problem', async () => {
    const answer = problemOf(
      await raw(
        'POST /api/connect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      ),
    );
    expect(answer).toMatchObject({ status: 400, type: 'application/problem+json' });
  });

  it('when a client sends URLs longer than the header limit on a kept-alive connection, then it reads each 431 problem', async () => {
    const client = new Agent({ connect: { rejectUnauthorized: false } });
    try {
      const one = async (i: number) => {
        await request(`${world.backend.url}/healthz`, { dispatcher: client }).then((r) => r.body.dump());
        const answer = await request(`${world.backend.url}/admin/mailboxes?status=${'A'.repeat(17_000 + i * 150)}`, {
          dispatcher: client,
        });
        await answer.body.dump();
        return { status: answer.statusCode, type: answer.headers['content-type'] };
      };
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => one(i)));
      expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
        new Set([JSON.stringify({ status: 431, type: 'application/problem+json' })]),
      );
    } finally {
      await client.close();
    }
  });

  it('when the headers are larger than allowed, then 431 problem', async () => {
    const answer = problemOf(await raw(`GET /api/me HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(40_000)}\r\n\r\n`));
    expect(answer).toMatchObject({ status: 431, type: 'application/problem+json' });
  });
});
