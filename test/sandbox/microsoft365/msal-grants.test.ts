/**
 * The real msal-node ConfidentialClientApplication against the emulator's token endpoint over HTTPS:
 * on-behalf-of, refresh token (silent), client credentials.
 */
import { decodeJwt } from 'jose';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import { ADDIN_CLIENT_ID, ADELE_ID, CONTOSO_TENANT_ID } from '../../../sandbox/microsoft365/world/seed';
import { GRAPH_CALENDARS, msalApp, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

describe('msal-node grants against the emulator', () => {
  it('when the back end exchanges the add-in token on behalf of the user, then it gets a delegated Graph token and an account', async () => {
    const addinToken = await emulator.control.mintAddinToken({ user: 'adele@contoso.example' });
    const result = await msalApp(emulator).acquireTokenOnBehalfOf({
      oboAssertion: addinToken,
      scopes: [GRAPH_CALENDARS],
    });
    expect(result).not.toBeNull();
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: CONTOSO_TENANT_ID,
      oid: ADELE_ID,
      appid: ADDIN_CLIENT_ID,
    });
    expect(String(claims.scp).split(' ')).toContain('Calendars.ReadWrite');
    expect(result!.account?.homeAccountId).toBe(`${ADELE_ID}.${CONTOSO_TENANT_ID}`);
    expect(result!.account?.username).toBe('adele@contoso.example');
    expect(result!.scopes.map((s) => s.toLowerCase())).toContain(GRAPH_CALENDARS.toLowerCase());
  });
});
