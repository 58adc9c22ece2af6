/**
 * Every add-in API call proves its caller: hostile or unfit tokens get 401 `unauthorized` over HTTPS and nothing
 * in the store is touched (no tenant, mailbox or token cache row appears). Genuine v1 and v2 tokens pass.
 */
import { EncryptionKeyRing } from '../../server/auth';
import type { Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import {
  ADELE_ID,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  FABRIKAM_USER_ID,
} from '../../sandbox/microsoft365/world/seed';
import { hs256WithPublicKey, signWithStrangerKey, tamper, unsigned } from './forge';
import {
  call,
  newKey,
  openTempStore,
  startApi,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from './helpers';

const UNAUTHORIZED = 'https://outlook-erp-sync.dev/problems/unauthorized';
const OTHER_APP_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;
let api: TestApi;

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, cleanup } = await openTempStore());
  const keys = new EncryptionKeyRing([newKey('k1')]);
  // Only Contoso may use the add-in here.
  const validator = validatorFor(emulator, { allowedTenants: [CONTOSO_TENANT_ID] });
  api = await startApi({ emulator, store, validator, tokens: tokenProviderFor(emulator, store, keys) });
  await emulator.control.call('POST', '/apps', {
    clientId: OTHER_APP_ID,
    displayName: 'Some other add-in',
    homeTenantId: CONTOSO_TENANT_ID,
    secrets: ['other-secret'],
    appIdUri: `api://other.example/${OTHER_APP_ID}`,
    consents: { [CONTOSO_TENANT_ID]: { delegated: ['User.Read'], application: [] } },
  });
});

afterAll(async () => {
  await api.stop();
  await cleanup();
  await emulator.stop();
});

const adele = (extra: Record<string, unknown> = {}) =>
  emulator.control.mintAddinToken({ user: 'adele@contoso.example', ...extra });

async function storeIsUntouched(): Promise<void> {
  expect(await store.tenants.list()).toEqual([]);
  expect(await store.mailboxes.list()).toEqual([]);
  expect(await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${ADELE_ID}`)).toBeUndefined();
  expect(await store.tokenCache.get(`${FABRIKAM_TENANT_ID}.${FABRIKAM_USER_ID}`)).toBeUndefined();
}

async function notYetValid(): Promise<string> {
  await emulator.control.setClockOffset(10 * 60_000);
  try {
    return await adele();
  } finally {
    await emulator.control.setClockOffset(0);
  }
}

const jwksUri = () => `${emulator.baseUrl}/${CONTOSO_TENANT_ID}/discovery/v2.0/keys`;

const HOSTILE: Array<[string, () => Promise<string>, RegExp]> = [
  ['the signature is forged (payload changed)', async () => tamper(await adele(), { oid: 'x' }), /signature/],
  ['the signing key id is unknown', async () => signWithStrangerKey(await adele()), /signing key/],
  ['alg is none', async () => unsigned(await adele()), /none.*RS256 only/],
  ['HS256 is keyed with the public key', async () => hs256WithPublicKey(await adele(), jwksUri()), /HS256/],
  ['the token has expired', () => adele({ expiresInSeconds: -600 }), /expired/],
  ['the token is not yet valid', notYetValid, /nbf|not valid now/],
  ['the audience is another app', () => adele({ clientId: OTHER_APP_ID }), /aud/],
  [
    'the issuer is not the tenant',
    () => adele({ issuer: `https://login.evil.example/${CONTOSO_TENANT_ID}/v2.0` }),
    /iss/,
  ],
  [
    'the tenant is not allowed',
    () => emulator.control.mintAddinToken({ user: 'pradeep@fabrikam.example' }),
    /not allowed/,
  ],
  ['the access_as_user scope is missing', () => adele({ scopes: ['Files.Read'] }), /access_as_user/],
  ['there is no bearer token at all', async () => '', /Sign-in required/],
  ['the bearer value is not a JWT', async () => 'not-a-jwt', /Sign-in required|well-formed/],
];

describe('add-in token validation over HTTPS', () => {
  it.each(HOSTILE)('when %s, then connect answers 401 and touches no data', async (_name, token, reason) => {
    const value = await token();
    const answer = await call(api, 'POST', '/api/connect', value === '' ? null : value);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ type: UNAUTHORIZED, status: 401 });
    expect(String(answer.body.detail)).toMatch(reason);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(answer.headers.get('www-authenticate')).not.toMatch(/claims=/);
    await storeIsUntouched();
  });

  it.each(HOSTILE)('when %s, then GET /api/me answers 401 too', async (_name, token) => {
    const value = await token();
    const answer = await call(api, 'GET', '/api/me', value === '' ? null : value);
    expect(answer.status).toBe(401);
    expect(answer.body.type).toBe(UNAUTHORIZED);
  });

  it('when the token is a genuine v2 token, then GET /api/me names the caller from the token', async () => {
    const answer = await call(api, 'GET', '/api/me', await adele());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      mailbox: {
        tenantId: CONTOSO_TENANT_ID,
        userId: ADELE_ID,
        email: 'adele@contoso.example',
        displayName: 'Adele Vance',
      },
      connection: 'not_connected',
      firstRun: true,
    });
    await storeIsUntouched();
  });

  it('when the token is a genuine v1 token (aud = App ID URI, sts issuer), then it is accepted', async () => {
    const answer = await call(api, 'GET', '/api/me', await adele({ version: '1.0' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ mailbox: { userId: ADELE_ID, email: 'adele@contoso.example' } });
  });

  it('when the token expired less than the clock tolerance ago, then it is still accepted', async () => {
    const answer = await call(api, 'GET', '/api/me', await adele({ expiresInSeconds: -20 }));
    expect(answer.status).toBe(200);
  });
});
