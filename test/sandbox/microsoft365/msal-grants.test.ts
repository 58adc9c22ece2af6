/**
 * The real msal-node ConfidentialClientApplication against the emulator's token endpoint over HTTPS:
 * on-behalf-of, refresh token (silent and explicit), client credentials, with common/organizations authorities.
 */
import { decodeJwt } from 'jose';
import type { Microsoft365Emulator } from '../../../sandbox/microsoft365/server';
import {
  ADDIN_CLIENT_ID,
  ADELE_ID,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  FABRIKAM_USER_ID,
} from '../../../sandbox/microsoft365/world/seed';
import { GRAPH_CALENDARS, msalApp, startEmulator } from './helpers';

let emulator: Microsoft365Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

async function obo(tenant = CONTOSO_TENANT_ID, user = 'adele@contoso.example') {
  const app = msalApp(emulator, tenant);
  const assertion = await emulator.control.mintAddinToken({ user });
  const result = await app.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_CALENDARS] });
  if (!result) throw new Error('msal returned no result');
  return { app, result };
}

describe('msal-node grants against the emulator', () => {
  it('when the back end exchanges the add-in token on behalf of the user, then it gets a delegated Graph token and an account', async () => {
    const { result } = await obo();
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: CONTOSO_TENANT_ID,
      oid: ADELE_ID,
      appid: ADDIN_CLIENT_ID,
      ver: '1.0',
    });
    expect(String(claims.scp).split(' ')).toContain('Calendars.ReadWrite');
    expect(claims.roles).toBeUndefined();
    expect(result.account?.homeAccountId).toBe(`${ADELE_ID}.${CONTOSO_TENANT_ID}`);
    expect(result.account?.username).toBe('adele@contoso.example');
    expect(result.scopes.map((s) => s.toLowerCase())).toContain(GRAPH_CALENDARS.toLowerCase());
    expect(result.expiresOn!.getTime() - Date.now()).toBeGreaterThan(3500_000);
  });

  it('when the add-in token is a v1 token (aud = App ID URI), then on-behalf-of accepts it', async () => {
    const assertion = await emulator.control.mintAddinToken({ user: 'megan@contoso.example', version: '1.0' });
    expect(decodeJwt(assertion).aud).toBe(`api://localhost:3000/${ADDIN_CLIENT_ID}`);
    const result = await msalApp(emulator).acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: [GRAPH_CALENDARS],
    });
    expect(decodeJwt(result!.accessToken).upn).toBe('megan@contoso.example');
  });

  it('when the token is later refreshed silently with forceRefresh, then msal redeems the rotated refresh token', async () => {
    const { app, result } = await obo();
    const cacheBefore = JSON.parse(app.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    const firstRefresh = Object.values(cacheBefore.RefreshToken)[0]?.secret;
    expect(firstRefresh).toBeTruthy();
    const refreshed = await app.acquireTokenSilent({
      account: result.account!,
      scopes: [GRAPH_CALENDARS],
      forceRefresh: true,
    });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(decodeJwt(refreshed.accessToken).oid).toBe(ADELE_ID);
    const cacheAfter = JSON.parse(app.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string }>;
    };
    expect(Object.values(cacheAfter.RefreshToken)[0]?.secret).not.toBe(firstRefresh);
  });

  it('when the back end holds a refresh token, then acquireTokenByRefreshToken gets a new access token', async () => {
    const { app } = await obo();
    const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const refreshToken = Object.values(cache.RefreshToken)[0]!.secret;
    const result = await msalApp(emulator).acquireTokenByRefreshToken({ refreshToken, scopes: [GRAPH_CALENDARS] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ oid: ADELE_ID, aud: 'https://graph.microsoft.com' });
  });

  it('when the back end uses client credentials with Graph .default, then it gets an app-only token with the consented roles', async () => {
    const result = await msalApp(emulator).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: CONTOSO_TENANT_ID,
      idtyp: 'app',
      roles: ['Calendars.ReadWrite'],
    });
    expect(claims.scp).toBeUndefined();
  });

  it('when the tenant has not admin-consented the application permission, then the app-only token has no roles', async () => {
    const result = await msalApp(emulator, FABRIKAM_TENANT_ID).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ tid: FABRIKAM_TENANT_ID, roles: [] });
  });

  it('when the authority is organizations, then a user of the second tenant gets a token for their own tenant', async () => {
    const { result } = await obo('organizations', 'pradeep@fabrikam.example');
    expect(decodeJwt(result.accessToken)).toMatchObject({ tid: FABRIKAM_TENANT_ID, oid: FABRIKAM_USER_ID });
    expect(result.tenantId).toBe(FABRIKAM_TENANT_ID);
  });

  it('when the authority names the tenant by its verified domain, then it resolves to the tenant', async () => {
    const { result } = await obo('contoso.example');
    expect(decodeJwt(result.accessToken).tid).toBe(CONTOSO_TENANT_ID);
  });
});
