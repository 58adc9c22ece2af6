/**
 * The tenant's OpenID configuration is fetched once per tenant, parsed (not trusted), and a failed fetch is tried
 * again on the next call. A plain local HTTP server plays the identity platform's discovery endpoint.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenIdDiscovery } from '../../server/auth/openid-discovery';

const requests = new Map<string, number>();
let failuresLeft = 0;
let server: Server;
let host: string;

function documentFor(tenant: string): Record<string, unknown> {
  return { issuer: `${host}/${tenant}/v2.0`, jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`, token_endpoint: 'x' };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const tenant = (req.url ?? '').split('/')[1] ?? '';
    requests.set(tenant, (requests.get(tenant) ?? 0) + 1);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (tenant === 'unknown') return answer(400, { error: 'invalid_tenant' });
    if (tenant === 'flaky' && failuresLeft-- > 0) return answer(503, {});
    if (tenant === 'keyless') return answer(200, { issuer: 'x' });
    return answer(200, documentFor(tenant));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('OpenID discovery per tenant', () => {
  it('fetches a tenant once and answers every later call from what it kept', async () => {
    const discovery = new OpenIdDiscovery(`${host}/`);
    const first = await discovery.of('contoso');
    await Promise.all([discovery.of('contoso'), discovery.of('contoso')]);
    expect(first.jwks_uri).toBe(`${host}/contoso/discovery/v2.0/keys`);
    expect(requests.get('contoso')).toBe(1);
  });

  it('refuses a tenant the platform does not know, and calls an answer without keys a fault', async () => {
    const discovery = new OpenIdDiscovery(host);
    await expect(discovery.of('unknown')).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(discovery.of('keyless')).rejects.toMatchObject({
      code: 'transient',
      message: /lacks issuer or jwks_uri/,
    });
  });

  it('does not keep a failed fetch: the next call tries again', async () => {
    const discovery = new OpenIdDiscovery(host);
    failuresLeft = 1;
    await expect(discovery.of('flaky')).rejects.toMatchObject({ code: 'transient', message: /answered 503/ });
    await expect(discovery.of('flaky')).resolves.toMatchObject({ issuer: `${host}/flaky/v2.0` });
    expect(requests.get('flaky')).toBe(2);
  });
});
