/**
 * App-only mode per tenant (client credentials, application permission Calendars.ReadWrite) chosen through the
 * admin API, and the validator's signing-key handling: rotation picked up on an unknown kid, refetches rate-limited,
 * and a token whose issuer names another tenant refused.
 */
import { decodeJwt } from 'jose';
import { EncryptionKeyRing, type GraphTokenProvider } from '../../server/auth';
import type { Store } from '../../server/store';
import type { Microsoft365Emulator } from '../../sandbox/microsoft365/server';
import {
  ADELE_ID,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  FABRIKAM_USER_ID,
} from '../../sandbox/microsoft365/world/seed';
import {
  ADMIN_KEY,
  call,
  newKey,
  openTempStore,
  startApi,
  startEmulator,
  tokenProviderFor,
  validatorFor,
  type TestApi,
} from './helpers';

let emulator: Microsoft365Emulator;
let store: Store;
let cleanup: () => Promise<void>;
let api: TestApi;
let tokens: GraphTokenProvider;

beforeAll(async () => {
  emulator = await startEmulator();
  ({ store, cleanup } = await openTempStore());
  tokens = tokenProviderFor(emulator, store, new EncryptionKeyRing([newKey('k1')]));
  api = await startApi({ emulator, store, validator: validatorFor(emulator), tokens });
});

afterAll(async () => {
  await api.stop();
  await cleanup();
  await emulator.stop();
});

async function setMode(tenantId: string, authMode: string) {
  const response = await fetch(`${api.url}/admin/tenants/${tenantId}/auth-mode`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ authMode }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('app-only mode', () => {
  it('when the admin switches a consented tenant to app-only, then its mailboxes sync with app tokens and no person cache', async () => {
    expect(await setMode(CONTOSO_TENANT_ID, 'app_only')).toEqual({
      status: 200,
      body: { tenantId: CONTOSO_TENANT_ID, authMode: 'app_only' },
    });
    const connect = await call(
      api,
      'POST',
      '/api/connect',
      await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }),
    );
    expect(connect.body.connection).toBe('connected');
    expect(await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${ADELE_ID}`)).toBeUndefined();

    const mailbox = await store.mailboxes.getByUser(CONTOSO_TENANT_ID, ADELE_ID);
    const outcome = await tokens.forMailbox(mailbox!);
    if (outcome.kind !== 'ok') throw new Error(`no app token: ${JSON.stringify(outcome)}`);
    expect(decodeJwt(outcome.token.accessToken)).toMatchObject({
      tid: CONTOSO_TENANT_ID,
      idtyp: 'app',
      roles: ['Calendars.ReadWrite'],
    });
  });

  it('when the tenant has not granted the application permission, then app-only is refused with consent-required', async () => {
    const answer = await setMode(FABRIKAM_TENANT_ID, 'app_only');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      type: 'https://outlook-erp-sync.dev/problems/consent-required',
      detail: expect.stringMatching(/has not granted the application permission Calendars.ReadWrite/),
    });
    expect(await store.tenants.get(FABRIKAM_TENANT_ID)).toBeUndefined();
  });

  it('when an app-only tenant later loses the permission, then background work reports not_authorized', async () => {
    await store.tenants.upsert({ id: FABRIKAM_TENANT_ID, name: 'Fabrikam', authMode: 'app_only' });
    const mailbox = await store.mailboxes.upsert({
      tenantId: FABRIKAM_TENANT_ID,
      userObjectId: FABRIKAM_USER_ID,
      upn: 'pradeep@fabrikam.example',
      email: 'pradeep@fabrikam.example',
    });
    expect(await tokens.forMailbox(mailbox)).toMatchObject({ kind: 'not_authorized' });
  });

  it('when the admin switches back to delegated, then connect runs on-behalf-of again and stores the person cache', async () => {
    expect((await setMode(CONTOSO_TENANT_ID, 'delegated')).status).toBe(200);
    await call(api, 'POST', '/api/connect', await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }));
    expect(await store.tokenCache.get(`${CONTOSO_TENANT_ID}.${ADELE_ID}`)).toBeDefined();
  });

  it('when the auth mode or tenant id is not valid, then the admin API answers 400', async () => {
    expect((await setMode(CONTOSO_TENANT_ID, 'sometimes')).status).toBe(400);
    expect((await setMode('not-a-guid', 'delegated')).status).toBe(400);
  });
});

describe('signing keys', () => {
  it('when the tenant rotates its signing key, then a token signed with the new key is accepted after one refetch', async () => {
    const validator = validatorFor(emulator, { jwksCooldownMs: 0 });
    await validator.validate(await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }));
    await emulator.control.rotateSigningKey();
    const caller = await validator.validate(await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }));
    expect(caller.objectId).toBe(ADELE_ID);
  });

  it('when unknown kids arrive within the cooldown, then the keys are not fetched again (the token is refused)', async () => {
    const validator = validatorFor(emulator, { jwksCooldownMs: 60 * 60_000 });
    await validator.validate(await emulator.control.mintAddinToken({ user: 'adele@contoso.example' }));
    await emulator.control.rotateSigningKey();
    await expect(
      validator.validate(await emulator.control.mintAddinToken({ user: 'adele@contoso.example' })),
    ).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/signing key/) });
  });

  it("when a token's issuer names another tenant than its tid, then it is refused", async () => {
    const validator = validatorFor(emulator);
    const token = await emulator.control.mintAddinToken({
      user: 'adele@contoso.example',
      issuer: `${emulator.baseUrl}/${FABRIKAM_TENANT_ID}/v2.0`,
    });
    await expect(validator.validate(token)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/iss/),
    });
  });
});
