/**
 * msal-node behaviours the product depends on (microsoft-facts.md "Identity platform and msal-node"), observed
 * through the emulator's token request log: OBO tokens cached per assertion, authorityMetadata instead of
 * discovery, and msal throttling identical requests after a 429.
 */
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { GRAPH_CALENDARS, msalApp, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const grants = async (grantType: string) =>
  (await emulator.control.tokenRequests()).filter((r) => r.grantType === grantType);

describe('msal-node facts', () => {
  it('when the same add-in token is exchanged twice, then msal answers the second from its cache (keyed by the assertion)', async () => {
    const app = msalApp(emulator);
    const assertion = await emulator.control.mintAddinToken({ user: 'alex@contoso.example' });
    const before = (await grants('urn:ietf:params:oauth:grant-type:jwt-bearer')).length;
    const first = await app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_CALENDARS] });
    const second = await app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_CALENDARS] });
    expect(second!.fromCache).toBe(true);
    expect(second!.accessToken).toBe(first!.accessToken);
    expect((await grants('urn:ietf:params:oauth:grant-type:jwt-bearer')).length).toBe(before + 1);
    const other = await app.acquireTokenOnBehalfOf({
      oboAssertion: await emulator.control.mintAddinToken({ user: 'alex@contoso.example' }),
      scopes: [GRAPH_CALENDARS],
    });
    expect(other!.fromCache).toBe(false);
  });

  it('when authorityMetadata is given as a JSON string with knownAuthorities, then msal uses it and OBO works', async () => {
    const discovery = await fetch(`${emulator.baseUrl}/${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    const app = msalApp(emulator, CONTOSO_TENANT_ID, { authorityMetadata: JSON.stringify(await discovery.json()) });
    const assertion = await emulator.control.mintAddinToken({ user: 'megan@contoso.example' });
    const result = await app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_CALENDARS] });
    expect(result!.account?.username).toBe('megan@contoso.example');
  });

  it('when the token endpoint answers 429 with Retry-After, then msal refuses the identical request without calling again', async () => {
    const app = msalApp(emulator);
    await emulator.control.addTokenFault({ status: 429, count: 1, retryAfterSeconds: 60 });
    const request = { scopes: ['https://graph.microsoft.com/.default'] };
    await expect(app.acquireTokenByClientCredential(request)).rejects.toMatchObject({
      errorCode: 'temporarily_unavailable',
    });
    const sent = (await grants('client_credentials')).length;
    await expect(app.acquireTokenByClientCredential(request)).rejects.toBeDefined();
    expect((await grants('client_credentials')).length).toBe(sent);
  });
});
