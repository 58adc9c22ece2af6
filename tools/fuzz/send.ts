/**
 * Sends one fuzz request to the backend and reads the whole answer: through undici for HTTP requests (any method,
 * header and body bytes), or as raw bytes over TLS for malformed HTTP. Failures come back as `error`, never thrown.
 */
import { connect } from 'node:tls';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { FuzzRequest } from './requests';
import type { Answer } from './verdict';

const TIMEOUT_MS = 30_000;

export async function send(baseUrl: string, dispatcher: Dispatcher, ca: string, fuzz: FuzzRequest): Promise<Answer> {
  if (fuzz.raw !== undefined) return sendRaw(baseUrl, ca, fuzz.raw);
  const answer = await sendOnce(baseUrl, dispatcher, fuzz);
  // A kept-alive connection the server closed as the request went out (after a refused upload, say) is a race of
  // HTTP keep-alive, not an answer withheld: like any client, try once more on a fresh connection.
  if (answer.error !== undefined && /other side closed|ECONNRESET|socket hang up/i.test(answer.error)) {
    return sendOnce(baseUrl, dispatcher, fuzz);
  }
  return answer;
}

async function sendOnce(baseUrl: string, dispatcher: Dispatcher, fuzz: FuzzRequest): Promise<Answer> {
  try {
    const answer = await request(`${baseUrl}${fuzz.path}`, {
      method: fuzz.method as Dispatcher.HttpMethod,
      headers: fuzz.headers,
      ...(fuzz.body && fuzz.method !== 'GET' && fuzz.method !== 'HEAD' ? { body: fuzz.body } : {}),
      dispatcher,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const body = await answer.body.text();
    const type = answer.headers['content-type'];
    return {
      status: answer.statusCode,
      contentType: Array.isArray(type) ? (type[0] ?? '') : (type ?? ''),
      body,
    };
  } catch (error) {
    return { status: 0, contentType: '', body: '', error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function sendRaw(baseUrl: string, ca: string, bytes: string): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost' }, () => {
      socket.write(bytes);
    });
    const timer = setTimeout(() => socket.destroy(new Error('no answer in time')), TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 0) {
        resolve({ status: 0, contentType: '', body: received, error: `no HTTP answer (${received.length} bytes)` });
        return;
      }
      resolve({
        status,
        contentType: /^content-type:\s*([^\r\n]+)/im.exec(head)?.[1] ?? '',
        body: rest.join('\r\n\r\n'),
      });
    });
    socket.on('error', () => undefined);
  });
}
